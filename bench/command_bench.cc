// Commands per second through gRPC from concurrent clients (fsync durability, a real
// loopback channel), beside the event store's own append rate in the same run.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "bench/load.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "eventstore/rocksdb_event_store.h"
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
};

void WithActor(grpc::ClientContext& context) {
  context.AddMetadata("x-caseledger-actor", "bench");
  context.AddMetadata("x-caseledger-role", "caseworker");
}

std::string CaseId(int client, uint64_t i, const Flags& flags) {
  return absl::StrCat("bench-", client, "-", i % flags.cases_per_client);
}

// `metrics`: null, or where the server reports (as caseledgerd --metrics-listen).
LoadResult Commands(const Flags& flags, services::Metrics* metrics = nullptr) {
  std::filesystem::remove_all(flags.dir + "/grpc");
  auto store = OpenStore(flags.dir + "/grpc", eventstore::Durability::kFsync,
                         metrics == nullptr ? nullptr
                                            : std::function<void(const eventstore::GroupCommit&)>(
                                                  [metrics](const eventstore::GroupCommit& c) {
                                                    metrics->ObserveGroupCommit(c);
                                                  }));
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.metrics = metrics;
  auto server = services::Server::Start(options, store->storage());
  if (!server.ok()) std::exit(1);
  std::vector<std::unique_ptr<v1::CaseCommands::Stub>> stubs;
  for (int c = 0; c < flags.channels; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("caseledger.bench.channel", c);  // distinct channels, distinct connections
    stubs.push_back(v1::CaseCommands::NewStub(
        grpc::CreateCustomChannel((*server)->address(), grpc::InsecureChannelCredentials(), args)));
  }
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
      if (!stubs[0]->OpenCase(&context, open, &result).ok()) std::exit(1);
    }
  }
  const std::string text(200, 'n');
  LoadResult result =
      RunLoad("RecordNote via gRPC", flags.clients, absl::Seconds(flags.seconds),
              [&](int client, uint64_t i) {
                v1::RecordNoteRequest note;
                note.mutable_header()->set_command_id(absl::StrCat("note-", client, "-", i));
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
  (*server)->Shutdown(absl::Seconds(5));
  return result;
}

LoadResult StoreAppends(const Flags& flags) {
  auto store = OpenStore(flags.dir + "/store", eventstore::Durability::kFsync);
  const std::string payload(260, 'p');  // about a serialized NoteRecorded event
  return RunLoad("EventStore::Append", flags.clients, absl::Seconds(flags.seconds),
                 [&](int client, uint64_t i) {
                   return store
                       ->Append(NoteAppend(absl::StrCat("case-", CaseId(client, i, flags)), payload,
                                           absl::StrCat("cmd-", client, "-", i)))
                       .ok();
                 });
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
