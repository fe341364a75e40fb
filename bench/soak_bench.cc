// soak_bench: caseledgerd held under mixed load for a long time (30 minutes by default):
// command clients opening cases, recording notes and assessing priority, beside 200
// subscribers following the log, some of which never read. Each minute it prints the
// commands done, their p50 and p99 latency, caseledgerd's resident memory, the subscribers it
// holds and how far the slowest reading subscriber is behind; at the end, whether memory
// stayed flat, p99 stayed within 2x of the first minute, and the readers kept up while the
// idle ones were cut off.

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "caseledger/v1/events.grpc.pb.h"
#include "domain/policy.h"
#include "grpcpp/create_channel.h"
#include "tests/support/child_process.h"
#include "tests/support/http_get.h"
#include "tests/support/temp_dir.h"

namespace caseledger::bench {
namespace {

struct Flags {
  std::string caseledgerd;
  int minutes = 30;
  int clients = 8;
  int subscribers = 200;
  int idle_subscribers = 20;
};

std::unique_ptr<grpc::ClientContext> As(const std::string& actor, const std::string& role) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("x-caseledger-actor", actor);
  context->AddMetadata("x-caseledger-role", role);
  context->AddMetadata("x-caseledger-team", "north");
  return context;
}

// Latencies by the minute they ended in.
class Minutes {
 public:
  explicit Minutes(absl::Time start) : start_(start) {}
  void Add(absl::Time end, double micros) {
    const auto minute = static_cast<size_t>((end - start_) / absl::Minutes(1));
    absl::MutexLock lock(&mu_);
    if (latencies_.size() <= minute) latencies_.resize(minute + 1);
    latencies_[minute].push_back(micros);
  }
  // The minute's count, p50 and p99 (microseconds).
  std::vector<double> Summary(size_t minute) {
    absl::MutexLock lock(&mu_);
    if (minute >= latencies_.size() || latencies_[minute].empty()) return {0, 0, 0};
    std::vector<double>& l = latencies_[minute];
    std::sort(l.begin(), l.end());
    return {static_cast<double>(l.size()), l[l.size() / 2], l[l.size() * 99 / 100]};
  }

 private:
  const absl::Time start_;
  absl::Mutex mu_;
  std::vector<std::vector<double>> latencies_ ABSL_GUARDED_BY(mu_);
};

// A sample of caseledgerd's /metrics; -1 when missing.
double Metric(const std::string& metrics, const std::string& name) {
  absl::StatusOr<std::string> text = testing::HttpGet(metrics, "/metrics");
  if (!text.ok()) return -1;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    if (!absl::StartsWith(line, name + " ")) continue;
    double value = 0;
    if (absl::SimpleAtod(line.substr(name.size() + 1), &value)) return value;
  }
  return -1;
}

// One command client: a case of its own now and then, notes and priority assessments on it.
void RunClient(int client, const std::shared_ptr<grpc::Channel>& channel, absl::Time until,
               Minutes& minutes, std::atomic<uint64_t>& head, std::atomic<uint64_t>& failures) {
  auto cases = v1::CaseCommands::NewStub(channel);
  const std::string actor = absl::StrCat("worker-", client);
  std::string case_id;
  for (uint64_t i = 0; absl::Now() < until; ++i) {
    const std::string command_id = absl::StrCat("c", client, "-", i);
    v1::CommandResult result;
    grpc::Status status;
    const absl::Time start = absl::Now();
    auto context = As(actor, "caseworker");
    context->set_deadline(absl::ToChronoTime(start + absl::Seconds(30)));
    if (i % 20 == 0) {
      case_id = absl::StrCat("case-", client, "-", i);
      v1::OpenCaseRequest open;
      open.mutable_header()->set_command_id(command_id);
      open.mutable_header()->set_case_id(case_id);
      open.set_kind(v1::ADVICE);
      open.set_category("housing");
      open.set_summary("Possession claim");
      open.set_client_ref("C-1042");
      open.set_complexity(v1::MEDIUM);
      open.set_team_id("north");
      status = cases->OpenCase(context.get(), open, &result);
    } else if (i % 5 == 0) {
      v1::AssessPriorityRequest assess;
      assess.mutable_header()->set_command_id(command_id);
      assess.mutable_header()->set_case_id(case_id);
      for (const auto& criterion : domain::DefaultPolicy().criteria()) {
        v1::CriterionScore* score = assess.add_scores();
        score->set_criterion(criterion.name());
        score->set_score(static_cast<uint32_t>(1 + i % criterion.scale_max()));
      }
      assess.set_rationale("Reviewed at the weekly allocation meeting.");
      status = cases->AssessPriority(context.get(), assess, &result);
    } else {
      v1::RecordNoteRequest note;
      note.mutable_header()->set_command_id(command_id);
      note.mutable_header()->set_case_id(case_id);
      note.mutable_note()->set_kind(v1::FACT);
      note.mutable_note()->set_contact_type(v1::PHONE);
      note.mutable_note()->set_text("Client called about the hearing date.");
      status = cases->RecordNote(context.get(), note, &result);
    }
    const absl::Time end = absl::Now();
    if (!status.ok()) {
      failures.fetch_add(1);
      std::fprintf(stderr, "command %s: %d %s\n", command_id.c_str(), status.error_code(),
                   status.error_message().c_str());
      continue;
    }
    minutes.Add(end, absl::ToDoubleMicroseconds(end - start));
    uint64_t seen = head.load();
    while (seen < result.position() && !head.compare_exchange_weak(seen, result.position())) {
    }
  }
}

// A subscriber from the start of the log: a reader keeps `position` at what it read last; an
// idle one opens its stream and reads nothing until the end, when it learns how it ended.
struct Subscriber {
  bool idle = false;
  std::atomic<uint64_t> position{0};
  grpc::StatusCode ended = grpc::StatusCode::OK;
};

void RunSubscriber(Subscriber& subscriber, const std::shared_ptr<grpc::Channel>& channel,
                   absl::Time until) {
  auto events = v1::Events::NewStub(channel);
  auto context = As("cora", "compliance_officer");
  // An idle subscriber still served at the end reads what was kept for it until this
  // deadline; one cut off ends with RESOURCE_EXHAUSTED.
  context->set_deadline(absl::ToChronoTime(until + absl::Seconds(20)));
  v1::SubscribeRequest request;
  request.set_after_position(0);
  auto stream = events->Subscribe(context.get(), request);
  if (subscriber.idle) absl::SleepFor(until - absl::Now());
  v1::SubscribeResponse batch;
  while ((subscriber.idle || absl::Now() < until) && stream->Read(&batch)) {
    for (const auto& record : batch.records()) subscriber.position.store(record.position());
  }
  if (!subscriber.idle) context->TryCancel();
  while (stream->Read(&batch)) {
  }
  subscriber.ended = stream->Finish().error_code();
}

int Run(const Flags& flags) {
  testing::TempDir dir;
  testing::ChildProcess daemon({flags.caseledgerd, "--data-dir", dir.Sub("data"), "--listen",
                                "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--durability",
                                "fsync"});
  std::optional<std::string> address = testing::WaitForListening(daemon, absl::Seconds(60));
  std::optional<std::string> metrics =
      testing::WaitForListening(daemon, absl::Seconds(60), "caseledgerd metrics listening");
  if (!address.has_value() || !metrics.has_value()) {
    std::fprintf(stderr, "caseledgerd did not start: %s\n", daemon.Stderr().c_str());
    return 1;
  }
  const absl::Time start = absl::Now();
  const absl::Time until = start + absl::Minutes(flags.minutes);
  Minutes minutes(start);
  std::atomic<uint64_t> head{0};
  std::atomic<uint64_t> failures{0};
  // Subscribers share a few connections, as the clients of one gateway would.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int c = 0; c < 8; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("caseledger.soak.channel", c);
    channels.push_back(
        grpc::CreateCustomChannel(*address, grpc::InsecureChannelCredentials(), args));
  }
  std::vector<std::unique_ptr<Subscriber>> subscribers;
  std::vector<std::thread> threads;
  for (int s = 0; s < flags.subscribers; ++s) {
    subscribers.push_back(std::make_unique<Subscriber>());
    subscribers.back()->idle = s < flags.idle_subscribers;
    threads.emplace_back(RunSubscriber, std::ref(*subscribers.back()),
                         channels[s % channels.size()], until);
  }
  for (int c = 0; c < flags.clients; ++c) {
    threads.emplace_back(RunClient, c, channels[c % channels.size()], until, std::ref(minutes),
                         std::ref(head), std::ref(failures));
  }

  std::printf("minute  commands   p50 ms   p99 ms   RSS MiB  subscribers  slowest reader behind\n");
  std::vector<double> rss;
  std::vector<double> p99;
  for (int minute = 0; minute < flags.minutes; ++minute) {
    absl::SleepFor(start + absl::Minutes(minute + 1) - absl::Now());
    uint64_t slowest = UINT64_MAX;
    for (const auto& s : subscribers) {
      if (!s->idle) slowest = std::min<uint64_t>(slowest, s->position.load());
    }
    const uint64_t at = head.load();
    const std::vector<double> done = minutes.Summary(minute);
    rss.push_back(Metric(*metrics, "process_resident_memory_bytes") / (1 << 20));
    p99.push_back(done[2] / 1000);
    std::printf(
        "%6d  %8.0f  %7.2f  %7.2f  %8.1f  %11.0f  %14llu events\n", minute + 1, done[0],
        done[1] / 1000, done[2] / 1000, rss.back(), Metric(*metrics, "caseledger_subscribers"),
        static_cast<unsigned long long>(slowest == UINT64_MAX || slowest > at ? 0 : at - slowest));
    std::fflush(stdout);
  }
  for (std::thread& t : threads) t.join();

  int idle_cut_off = 0;
  int readers_failed = 0;
  for (const auto& s : subscribers) {
    if (s->idle && s->ended == grpc::StatusCode::RESOURCE_EXHAUSTED) ++idle_cut_off;
    if (!s->idle && s->ended != grpc::StatusCode::CANCELLED && s->ended != grpc::StatusCode::OK) {
      ++readers_failed;
    }
  }
  const double worst_p99 = *std::max_element(p99.begin() + 1, p99.end());
  const double steady_rss = rss.size() > 1 ? rss[1] : rss[0];
  std::printf(
      "\ncommands failed: %llu\n"
      "p99: first minute %.2f ms, worst later minute %.2f ms (%.2fx)\n"
      "RSS: minute 1 %.1f MiB, minute 2 %.1f MiB, last minute %.1f MiB (%+.1f%% from minute 2)\n"
      "subscribers: %d reading (%d ended with an error), %d idle (%d cut off with "
      "RESOURCE_EXHAUSTED)\n",
      static_cast<unsigned long long>(failures.load()), p99[0], worst_p99, worst_p99 / p99[0],
      rss[0], steady_rss, rss.back(), 100 * (rss.back() - steady_rss) / steady_rss,
      flags.subscribers - flags.idle_subscribers, readers_failed, flags.idle_subscribers,
      idle_cut_off);
  daemon.Signal(SIGTERM);
  daemon.Wait(absl::Seconds(60));
  return failures.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace caseledger::bench

int main(int argc, char** argv) {
  caseledger::bench::Flags flags;
  CLI::App app("caseledgerd under mixed load for a long time, with subscribers");
  app.add_option("--caseledgerd", flags.caseledgerd, "Path of the caseledgerd binary")->required();
  app.add_option("--minutes", flags.minutes, "How long")
      ->capture_default_str()
      ->check(CLI::Range(2, 24 * 60));
  app.add_option("--clients", flags.clients, "Command clients")->capture_default_str();
  app.add_option("--subscribers", flags.subscribers, "Subscribers")->capture_default_str();
  app.add_option("--idle-subscribers", flags.idle_subscribers,
                 "Of the subscribers, how many never read")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return caseledger::bench::Run(flags);
}
