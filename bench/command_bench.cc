// Commands per second through gRPC from concurrent clients (fsync durability, a real
// loopback channel), beside the event store's own append rate in the same run.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "app/command_stages.h"
#include "bench/load.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "eventstore/rocksdb_event_store.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "services/server.h"

namespace caseledger::bench {
namespace {

struct Flags {
  int clients = 64;
  int cases_per_client = 20;
  double seconds = 5;
  int channels = 4;
  std::string dir = "/tmp/caseledger-command-bench";
  // Rounds of the gRPC run without metrics and with them, alternating; 0: the usual runs.
  int metrics_rounds = 0;
  // Instead: time each layer beneath a command, in turn (see Stages).
  bool stages = false;
};

void WithActor(grpc::ClientContext& context) {
  context.AddMetadata("x-caseledger-actor", "bench");
  context.AddMetadata("x-caseledger-role", "caseworker");
}

std::string CaseId(int client, uint64_t i, const Flags& flags) {
  return absl::StrCat("bench-", client, "-", i % flags.cases_per_client);
}

// Every stage of every command, and every group write of the server's store, as told.
class StageSamples final : public app::CommandStageObserver {
 public:
  void Observe(app::CommandStage stage, absl::Duration took) override {
    absl::MutexLock lock(&mu_);
    stages_[static_cast<size_t>(stage)].push_back(absl::ToDoubleMicroseconds(took));
  }
  void ObserveWrite(absl::Duration took) {
    absl::MutexLock lock(&mu_);
    writes_.push_back(absl::ToDoubleMicroseconds(took));
  }
  void Clear() {
    absl::MutexLock lock(&mu_);
    for (auto& samples : stages_) samples.clear();
    writes_.clear();
  }
  // The median of a stage's samples, in µs; 0 when none.
  double StageP50(app::CommandStage stage) {
    absl::MutexLock lock(&mu_);
    return Median(stages_[static_cast<size_t>(stage)]);
  }
  double WriteP50() {
    absl::MutexLock lock(&mu_);
    return Median(writes_);
  }

 private:
  static double Median(std::vector<double>& samples) {
    if (samples.empty()) return 0;
    std::nth_element(samples.begin(), samples.begin() + samples.size() / 2, samples.end());
    return samples[samples.size() / 2];
  }
  absl::Mutex mu_;
  std::vector<double> stages_[app::kCommandStages] ABSL_GUARDED_BY(mu_);
  std::vector<double> writes_ ABSL_GUARDED_BY(mu_);
};

// A server over a fresh store with fsync durability, each client's cases opened.
struct Served {
  std::unique_ptr<eventstore::RocksDbEventStore> store;
  std::unique_ptr<services::Server> server;
};

// `metrics`: null, or where the server reports (as caseledgerd --metrics-listen). `stages`:
// null, or where each command's stages and each group write are told.
Served Serve(const Flags& flags, services::Metrics* metrics, StageSamples* stages = nullptr) {
  std::filesystem::remove_all(flags.dir + "/grpc");
  Served served;
  std::function<void(const eventstore::GroupCommit&)> on_group_commit;
  if (metrics != nullptr || stages != nullptr) {
    on_group_commit = [metrics, stages](const eventstore::GroupCommit& c) {
      if (metrics != nullptr) metrics->ObserveGroupCommit(c);
      if (stages != nullptr) stages->ObserveWrite(c.write);
    };
  }
  served.store = OpenStore(flags.dir + "/grpc", eventstore::Durability::kFsync, on_group_commit);
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.metrics = metrics;
  options.command_stages = stages;
  auto server = services::Server::Start(options, served.store->storage());
  if (!server.ok()) std::exit(1);
  served.server = *std::move(server);
  auto stub = v1::CaseCommands::NewStub(served.server->InProcessChannel());
  for (int client = 0; client < flags.clients; ++client) {
    for (int i = 0; i < flags.cases_per_client; ++i) {
      v1::OpenCaseRequest open;
      open.mutable_header()->set_command_id(absl::StrCat("open-", CaseId(client, i, flags)));
      open.mutable_header()->set_case_id(CaseId(client, i, flags));
      open.set_kind(v1::ADVICE);
      open.set_category("debt");
      open.set_client_ref(absl::StrCat("C-", client, "-", i));
      open.set_complexity(v1::MEDIUM);
      grpc::ClientContext context;
      WithActor(context);
      v1::CommandResult result;
      if (!stub->OpenCase(&context, open, &result).ok()) std::exit(1);
    }
  }
  return served;
}

// Stubs over loopback TCP, one connection each.
std::vector<std::unique_ptr<v1::CaseCommands::Stub>> TcpStubs(const Flags& flags,
                                                              const services::Server& server) {
  std::vector<std::unique_ptr<v1::CaseCommands::Stub>> stubs;
  for (int c = 0; c < flags.channels; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("caseledger.bench.channel", c);  // distinct channels, distinct connections
    stubs.push_back(v1::CaseCommands::NewStub(
        grpc::CreateCustomChannel(server.address(), grpc::InsecureChannelCredentials(), args)));
  }
  return stubs;
}

// Each client records notes on its cases through `stubs`; `run` keeps each run's command
// ids apart.
LoadResult RecordNotes(const std::string& name, const std::string& run, const Flags& flags,
                       const std::vector<std::unique_ptr<v1::CaseCommands::Stub>>& stubs) {
  const std::string text(200, 'n');
  return RunLoad(name, flags.clients, absl::Seconds(flags.seconds), [&](int client, uint64_t i) {
    v1::RecordNoteRequest note;
    note.mutable_header()->set_command_id(absl::StrCat(run, "-note-", client, "-", i));
    note.mutable_header()->set_case_id(CaseId(client, i, flags));
    note.mutable_note()->set_kind(v1::FACT);
    note.mutable_note()->set_contact_type(v1::PHONE);
    note.mutable_note()->set_text(text);
    grpc::ClientContext context;
    WithActor(context);
    v1::CommandResult reply;
    grpc::Status s = stubs[client % stubs.size()]->RecordNote(&context, note, &reply);
    if (!s.ok()) std::fprintf(stderr, "%s\n", s.error_message().c_str());
    return s.ok();
  });
}

LoadResult Commands(const Flags& flags, services::Metrics* metrics = nullptr) {
  Served served = Serve(flags, metrics);
  LoadResult result =
      RecordNotes("RecordNote via gRPC", "tcp", flags, TcpStubs(flags, *served.server));
  served.server->Shutdown(absl::Seconds(5));
  return result;
}

// Health checks: the floor of any call through `channel`.
LoadResult EmptyCalls(const std::string& name, const Flags& flags,
                      const std::shared_ptr<grpc::Channel>& channel) {
  auto health = grpc::health::v1::Health::NewStub(channel);
  return RunLoad(name, flags.clients, absl::Seconds(flags.seconds), [&](int, uint64_t) {
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    return health->Check(&context, request, &response).ok();
  });
}

// `writes`: null, or where each group commit's write and sync time is added.
LoadResult StoreAppends(const Flags& flags, std::vector<double>* writes = nullptr) {
  absl::Mutex mu;
  auto store = OpenStore(flags.dir + "/store", eventstore::Durability::kFsync,
                         [&](const eventstore::GroupCommit& commit) {
                           absl::MutexLock lock(&mu);
                           if (writes != nullptr) {
                             writes->push_back(absl::ToDoubleMicroseconds(commit.write));
                           }
                         });
  const std::string payload(260, 'p');  // about a serialized NoteRecorded event
  return RunLoad("EventStore::Append", flags.clients, absl::Seconds(flags.seconds),
                 [&](int client, uint64_t i) {
                   return store
                       ->Append(NoteAppend(absl::StrCat("case-", CaseId(client, i, flags)), payload,
                                           absl::StrCat("cmd-", client, "-", i)))
                       .ok();
                 });
}

// Where a command's time goes: each layer beneath a RecordNote over loopback TCP timed
// alone, in turn, in one process, and the difference each layer adds; then, for the same
// RecordNotes, each stage inside the server as it tells them (app/command_stages.h).
void Stages(const Flags& flags) {
  std::vector<double> writes;
  const LoadResult append = StoreAppends(flags, &writes);
  std::sort(writes.begin(), writes.end());
  const double write_p50 = writes.empty() ? 0 : writes[writes.size() / 2];
  StageSamples stages;
  Served served = Serve(flags, nullptr, &stages);
  const auto in_process = served.server->InProcessChannel();
  const LoadResult empty_in_process = EmptyCalls("empty call, in process", flags, in_process);
  std::vector<std::unique_ptr<v1::CaseCommands::Stub>> local;
  local.push_back(v1::CaseCommands::NewStub(in_process));
  const LoadResult note_in_process = RecordNotes("RecordNote, in process", "local", flags, local);
  const LoadResult empty_tcp =
      EmptyCalls("empty call, loopback TCP", flags,
                 grpc::CreateChannel(served.server->address(), grpc::InsecureChannelCredentials()));
  const auto tcp = TcpStubs(flags, *served.server);
  stages.Clear();
  const LoadResult note_tcp = RecordNotes("RecordNote, loopback TCP", "tcp", flags, tcp);
  served.server->Shutdown(absl::Seconds(5));

  std::printf("%-28s %8s %12s %10s %10s\n", "run", "clients", "per second", "p50 us", "p99 us");
  for (const LoadResult* r :
       {&append, &empty_in_process, &note_in_process, &empty_tcp, &note_tcp}) {
    std::printf("%-28s %8d %12.0f %10.1f %10.1f\n", r->name.c_str(), r->threads, r->per_second,
                r->p50_us, r->p99_us);
  }
  std::printf("\nwhere a RecordNote's p50 goes (each layer's p50 less the one beneath):\n");
  const std::pair<const char*, double> layers[] = {
      {"the writer's write and fsync (the disk)", write_p50},
      {"the store: checks, hash chain, writer hand-offs", append.p50_us - write_p50},
      {"gRPC's own call, in process", empty_in_process.p50_us},
      {"the command: authorise, load, decide, seal, answer",
       note_in_process.p50_us - append.p50_us - empty_in_process.p50_us},
      {"loopback TCP and HTTP/2", note_tcp.p50_us - note_in_process.p50_us},
  };
  for (const auto& [layer, us] : layers) std::printf("  %-52s %8.1f us\n", layer, us);
  std::printf("  %-52s %8.1f us\n", "RecordNote over loopback TCP", note_tcp.p50_us);

  std::printf("\neach stage's p50 inside the server, RecordNote over loopback TCP:\n");
  double inside = 0;
  for (int stage = 0; stage < app::kCommandStages; ++stage) {
    const auto named = static_cast<app::CommandStage>(stage);
    const double p50 = stages.StageP50(named);
    inside += p50;
    std::printf("  %-52s %8.1f us\n", std::string(app::CommandStageName(named)).c_str(), p50);
    if (named == app::CommandStage::kAppend) {
      std::printf("    %-50s %8.1f us\n", "of which the group's write and fsync",
                  stages.WriteP50());
    }
  }
  std::printf("  %-52s %8.1f us\n", "the stages' p50s added", inside);
  std::printf("  %-52s %8.1f us\n", "the rest: gRPC, HTTP/2, loopback, the client",
              note_tcp.p50_us - inside);
  std::printf("  %-52s %8.1f us\n", "RecordNote over loopback TCP, end to end", note_tcp.p50_us);
}

}  // namespace
}  // namespace caseledger::bench

int main(int argc, char** argv) {
  using namespace caseledger::bench;
  Flags flags;
  CLI::App app{"Case commands through gRPC beside raw event store appends"};
  app.add_option("--clients", flags.clients, "Concurrent clients")->capture_default_str();
  app.add_option("--cases-per-client", flags.cases_per_client, "Cases each client works on")
      ->capture_default_str();
  app.add_option("--seconds", flags.seconds, "Seconds per run")->capture_default_str();
  app.add_option("--channels", flags.channels, "gRPC channels (connections)")
      ->capture_default_str();
  app.add_option("--dir", flags.dir, "Scratch folder (wiped)")->capture_default_str();
  app.add_option("--metrics-rounds", flags.metrics_rounds,
                 "Instead: this many rounds of the gRPC run without metrics, then with them")
      ->capture_default_str();
  app.add_flag("--stages", flags.stages,
               "Instead: time each layer beneath a command in turn (use --clients 1)");
  CLI11_PARSE(app, argc, argv);
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);  // as caseledgerd

  std::filesystem::remove_all(flags.dir);
  std::filesystem::create_directories(flags.dir);
  if (flags.metrics_rounds > 0) {
    auto metrics = caseledger::services::Metrics::Serve("127.0.0.1:0");
    if (!metrics.ok()) return 1;
    double off = 0, on = 0;
    std::printf("%-8s %12s %10s %10s\n", "metrics", "per second", "p50 us", "p99 us");
    for (int round = 0; round < flags.metrics_rounds; ++round) {
      for (bool with : {false, true}) {
        const LoadResult r = Commands(flags, with ? metrics->get() : nullptr);
        (with ? on : off) += r.per_second;
        std::printf("%-8s %12.0f %10.1f %10.1f\n", with ? "on" : "off", r.per_second, r.p50_us,
                    r.p99_us);
      }
    }
    std::filesystem::remove_all(flags.dir);
    std::printf("ratio with metrics / without: %.3f\n", on / off);
    return 0;
  }
  if (flags.stages) {
    Stages(flags);
    std::filesystem::remove_all(flags.dir);
    return 0;
  }
  const LoadResult store = StoreAppends(flags);
  const LoadResult grpc = Commands(flags);
  std::filesystem::remove_all(flags.dir);
  std::printf("%-24s %8s %12s %10s %10s\n", "run", "clients", "per second", "p50 us", "p99 us");
  for (const LoadResult* r : {&grpc, &store}) {
    std::printf("%-24s %8d %12.0f %10.1f %10.1f\n", r->name.c_str(), r->threads, r->per_second,
                r->p50_us, r->p99_us);
  }
  std::printf("ratio gRPC commands / store appends: %.2f\n", grpc.per_second / store.per_second);
  return 0;
}
