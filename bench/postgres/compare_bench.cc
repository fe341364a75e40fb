// caseledger beside a PostgreSQL event store, same machine, same run: appends to many streams,
// contended appends, reading a 1,000-event history, and replaying the whole log. Run it with
// bench/compare, which starts the private PostgreSQL cluster.

#include <malloc.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "base/ids.h"
#include "base/proto_time.h"
#include "bench/load.h"
#include "bench/postgres/postgres_store.h"
#include "bench/process_cpu.h"
#include "caseledger/v1/audit.grpc.pb.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "caseledger/v1/caseload.grpc.pb.h"
#include "caseledger/v1/events.grpc.pb.h"
#include "domain/case.h"
#include "google/protobuf/arena.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "rocksdb/db.h"
#include "tests/support/child_process.h"
#include "tests/support/nats_server.h"
#include "tools/history_generator.h"

namespace caseledger::bench {
namespace {

struct Flags {
  std::string pg;
  std::string pg_data;  // the cluster's data folder, to find its postmaster
  std::string caseledgerd;
  std::string dir = "/tmp/caseledger-compare";
  std::vector<int> clients = {1, 16, 64};
  double seconds = 5;
  uint64_t replay_events = 1000000;
  bool quick = false;
  bool print_free_port = false;
  // Which workloads to run: append (with contended append and the empty call), read, replay.
  std::vector<std::string> workloads = {"append", "read", "replay"};
  bool Runs(const std::string& workload) const {
    return std::find(workloads.begin(), workloads.end(), workload) != workloads.end();
  }
};

// Reads the CPU time a system's server has used so far: caseledgerd's process, or the
// PostgreSQL cluster's processes. A workload's is the difference between a reading just before
// it and one just after.
using ServerCpu = std::function<absl::StatusOr<absl::Duration>()>;
// The store in process has no server: its work is done on the clients' threads.
const ServerCpu kNoServer = nullptr;

struct Row {
  std::string workload, system;
  int clients = 0;
  LoadResult load;
  uint64_t conflicts = 0;
  std::optional<absl::Duration> server_cpu;  // over the whole run

  // The server's CPU time an operation, in µs; nullopt when not measured.
  std::optional<double> ServerCpuPerOperation() const {
    if (!server_cpu.has_value() || load.operations == 0) return std::nullopt;
    return absl::ToDoubleMicroseconds(*server_cpu) / static_cast<double>(load.operations);
  }
};

std::vector<Row> rows;

// Runs a workload and records what `run` measured, with the CPU time `server` (unless
// kNoServer) used meanwhile, and the `conflicts` counted (unless null).
void Record(const std::string& workload, const std::string& system, int clients,
            const ServerCpu& server, const std::function<LoadResult()>& run,
            const std::atomic<uint64_t>* conflicts = nullptr) {
  absl::StatusOr<absl::Duration> before = absl::UnavailableError("no server");
  if (server) before = server();
  Row row;
  row.workload = workload;
  row.system = system;
  row.clients = clients;
  row.load = run();
  if (conflicts != nullptr) row.conflicts = conflicts->load();
  if (server) {
    const absl::StatusOr<absl::Duration> after = server();
    if (before.ok() && after.ok()) {
      row.server_cpu = *after - *before;
    } else {
      std::fprintf(stderr, "  the server's CPU time could not be read: %s\n",
                   (before.ok() ? after : before).status().ToString().c_str());
    }
  }
  const std::optional<double> cpu = row.ServerCpuPerOperation();
  std::fprintf(stderr, "  %-22s %-16s %3d clients: %9.0f/s  p50 %8.0f us  p99 %8.0f us%s%s\n",
               workload.c_str(), system.c_str(), clients, row.load.per_second, row.load.p50_us,
               row.load.p99_us, cpu ? absl::StrFormat("  server CPU %.1f us/op", *cpu).c_str() : "",
               row.conflicts ? absl::StrCat("  conflicts ", row.conflicts).c_str() : "");
  rows.push_back(std::move(row));
}

// A note as caseledgerd decides one for a RecordNote command: the event, with its own id, when
// it occurred, and who in what role; and the metadata, with who, the command's id (which also
// correlates and causes it) and when. The store in process and PostgreSQL store the same, so
// every system's appends write, and its history returns, the same facts (caseledgerd stores the
// text sealed, the other two in the clear).
struct StoredNote {
  std::string command_id = NewUuid();
  std::string payload;
  v1::EventMetadata metadata;
};

StoredNote NewNote() {
  StoredNote note;
  const google::protobuf::Timestamp now = ToProto(absl::Now());
  v1::CaseEvent event;
  *event.mutable_occurred_at() = now;
  event.set_actor("bench");
  event.set_actor_role("caseworker");
  event.mutable_note_recorded()->set_note_id(note.command_id);
  event.mutable_note_recorded()->mutable_note()->set_kind(v1::FACT);
  event.mutable_note_recorded()->mutable_note()->set_contact_type(v1::PHONE);
  event.mutable_note_recorded()->mutable_note()->set_text(std::string(200, 'n'));
  note.payload = event.SerializeAsString();
  note.metadata.set_actor("bench");
  note.metadata.set_actor_role("caseworker");
  note.metadata.set_command_id(note.command_id);
  note.metadata.set_correlation_id(note.command_id);
  note.metadata.set_causation_id(note.command_id);
  *note.metadata.mutable_occurred_at() = now;
  return note;
}

// The note appended to the store in process, with its command's id, as caseledgerd appends it.
eventstore::AppendRequest StoreAppend(std::string stream_id, StoredNote note,
                                      eventstore::ExpectedRevision expected) {
  eventstore::AppendRequest request =
      NoteAppend(std::move(stream_id), std::move(note.payload), note.command_id, expected);
  request.events.front().metadata = std::move(note.metadata);
  return request;
}

// The note appended to PostgreSQL: its version or 0 on a conflict, as PostgresStore::Append.
int64_t PostgresAppend(PostgresStore& pg, const std::string& stream_id, int64_t expected,
                       const StoredNote& note) {
  return pg.Append(stream_id, expected, "NoteRecorded", note.payload,
                   note.metadata.SerializeAsString());
}

// caseledgerd as a separate process, and stubs for it.
class Daemon {
 public:
  Daemon(const Flags& flags, const std::string& data) {
    process_ = std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{flags.caseledgerd, "--data-dir", data, "--listen", "127.0.0.1:0",
                                 "--metrics-listen", "127.0.0.1:0", "--durability", "fsync"});
    std::optional<std::string> address = testing::WaitForListening(*process_, absl::Seconds(60));
    if (!address.has_value()) {
      std::fprintf(stderr, "caseledgerd did not start: %s\n", process_->Stderr().c_str());
      std::exit(1);
    }
    for (int c = 0; c < 4; ++c) {
      grpc::ChannelArguments args;
      args.SetInt("caseledger.compare.channel", c);
      auto channel = grpc::CreateCustomChannel(*address, grpc::InsecureChannelCredentials(), args);
      cases.push_back(v1::CaseCommands::NewStub(channel));
      caseload.push_back(v1::Caseload::NewStub(channel));
      audit.push_back(v1::Audit::NewStub(channel));
      events.push_back(v1::Events::NewStub(channel));
      health.push_back(grpc::health::v1::Health::NewStub(channel));
      generic.push_back(std::make_unique<grpc::GenericStub>(channel));
    }
  }
  ~Daemon() {
    process_->Signal(SIGTERM);
    process_->Wait(absl::Seconds(60));
  }
  // caseledgerd's CPU time: it starts no process of its own.
  ServerCpu Cpu() const {
    return [pid = process_->pid()] { return ProcessCpu(pid); };
  }
  // The caseworker whose cases the benchmark works on; a compliance officer follows the log.
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& role = "caseworker") {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("x-caseledger-actor", "bench");
    context->AddMetadata("x-caseledger-role", role);
    return context;
  }
  // Waits until caseledgerd's views include `position`: a log written by another process is
  // new to them, and their catching up would share the cores with what is measured.
  void WaitForViews(uint64_t position) {
    v1::ListCaseloadRequest request;
    request.set_worker_id("bench");
    request.set_min_position(position);
    // caseledgerd waits at most 30 s a call: ask again until ten minutes have passed.
    const absl::Time give_up = absl::Now() + absl::Minutes(10);
    grpc::Status status;
    do {
      auto context = Context();
      context->set_deadline(absl::ToChronoTime(give_up));
      v1::ListCaseloadResponse response;
      status = caseload[0]->ListCaseload(context.get(), request, &response);
    } while (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED && absl::Now() < give_up);
    if (!status.ok()) {
      std::fprintf(stderr, "caseledgerd's views did not reach position %llu: %s\n",
                   static_cast<unsigned long long>(position), status.error_message().c_str());
      std::exit(1);
    }
  }
  // The case's revision an ABORTED command reports (0 when it gives none).
  static uint64_t ActualRevision(const grpc::Status& status) {
    google::rpc::Status details;
    if (!details.ParseFromString(status.error_details())) return 0;
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      uint64_t revision = 0;
      if (any.UnpackTo(&info) &&
          absl::SimpleAtoi(info.metadata().at("actual_revision"), &revision)) {
        return revision;
      }
    }
    return 0;
  }
  v1::CommandResult Open(int channel, const std::string& id) {
    v1::OpenCaseRequest open;
    open.mutable_header()->set_command_id(absl::StrCat("open-", id));
    open.mutable_header()->set_case_id(id);
    open.set_kind(v1::ADVICE);
    open.set_category("debt");
    open.set_client_ref("C-1");
    open.set_complexity(v1::MEDIUM);
    v1::CommandResult result;
    if (!cases[channel]->OpenCase(Context().get(), open, &result).ok()) std::exit(1);
    return result;
  }
  // A new note on case `id`, expecting the case at revision `expected`.
  static v1::RecordNoteRequest NoteRequest(const std::string& id, uint64_t expected) {
    v1::RecordNoteRequest note;
    note.mutable_header()->set_command_id(NewUuid());
    note.mutable_header()->set_case_id(id);
    note.mutable_header()->set_expected_revision(expected);
    note.mutable_note()->set_kind(v1::FACT);
    note.mutable_note()->set_contact_type(v1::PHONE);
    note.mutable_note()->set_text(std::string(200, 'n'));
    return note;
  }
  // Records a note expecting `expected`; ABORTED on a conflict.
  grpc::Status Note(int channel, const std::string& id, uint64_t expected,
                    v1::CommandResult* result) {
    return cases[channel]->RecordNote(Context().get(), NoteRequest(id, expected), result);
  }
  // As Note, without waiting: `done` gets the status and result on one of gRPC's threads.
  void NoteAsync(int channel, const std::string& id, uint64_t expected,
                 std::function<void(const grpc::Status&, const v1::CommandResult&)> done) {
    struct Call {
      std::unique_ptr<grpc::ClientContext> context = Context();
      v1::RecordNoteRequest request;
      v1::CommandResult result;
    };
    auto call = std::make_shared<Call>();
    call->request = NoteRequest(id, expected);
    cases[channel]->async()->RecordNote(
        call->context.get(), &call->request, &call->result,
        [call, done = std::move(done)](grpc::Status status) { done(status, call->result); });
  }
  // Calls `method` with `request` as bytes and leaves the answer in `response` as gRPC received
  // it, unparsed.
  bool CallUnparsed(int channel, const std::string& method, const grpc::ByteBuffer& request,
                    grpc::ByteBuffer* response) {
    auto context = Context();
    absl::Notification done;
    grpc::Status status;
    generic[channel]->UnaryCall(context.get(), method, grpc::StubOptions(), &request, response,
                                [&](grpc::Status s) {
                                  status = std::move(s);
                                  done.Notify();
                                });
    done.WaitForNotification();
    return status.ok();
  }
  uint64_t Revision(int channel, const std::string& id) {
    v1::GetCaseRequest request;
    request.set_case_id(id);
    v1::CaseView view;
    caseload[channel]->GetCase(Context().get(), request, &view);
    return view.state().revision();
  }

  std::vector<std::unique_ptr<v1::CaseCommands::Stub>> cases;
  std::vector<std::unique_ptr<v1::Caseload::Stub>> caseload;
  std::vector<std::unique_ptr<v1::Audit::Stub>> audit;
  std::vector<std::unique_ptr<v1::Events::Stub>> events;
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> health;
  std::vector<std::unique_ptr<grpc::GenericStub>> generic;

 private:
  std::unique_ptr<testing::ChildProcess> process_;
};

// The CPU time of the PostgreSQL cluster whose data folder is `data`: its postmaster, the
// backends and background processes it starts, and those of them that have exited. kNoServer
// without a folder; exits the program when the folder names no running postmaster.
ServerCpu PostgresCpu(const std::string& data) {
  if (data.empty()) return kNoServer;
  std::ifstream pid_file(data + "/postmaster.pid");  // its first line is the postmaster's pid
  pid_t postmaster = 0;
  if (!(pid_file >> postmaster) || !ProcessTreeCpu(postmaster).ok()) {
    std::fprintf(stderr, "no running postmaster found in %s/postmaster.pid\n", data.c_str());
    std::exit(1);
  }
  return [postmaster] { return ProcessTreeCpu(postmaster); };
}

// Whether a stored payload decodes into its event: what every system's reader does with what
// it reads (caseledger's server decodes the events it returns; here the other two do the same).
// Each client decodes into the one event it keeps, as protobuf advises for a reader.
bool Decoded(absl::string_view payload, v1::CaseEvent& event) {
  return event.ParseFromArray(payload.data(), static_cast<int>(payload.size())) &&
         event.has_note_recorded();
}

constexpr int kStreamsPerClient = 20;
constexpr char kRead[] = "read 1,000-event case";
constexpr char kHistoryMethod[] = "/caseledger.v1.Audit/GetCaseHistory";
// The reads whose answers the clients leave unparsed.
constexpr char kReadUnparsed[] = "read, not parsed";
// Fewer bytes than this cannot be a 1,000-entry history: each entry's note alone is 200.
constexpr size_t kHistoryBytesAtLeast = 200 * 1000;
// Marks a workload run by an asynchronous client, calls in flight without a thread each.
constexpr absl::string_view kAsyncClient = ", async client";
// Marks a workload whose blocking clients call through gRPC's callback API, each waiting for
// its call's callback and then parsing the answer itself.
constexpr absl::string_view kCallbackApi = ", callback API";
// The workload as PostgreSQL runs it, which a row run by another kind of client is set against.
std::string PlainWorkload(absl::string_view workload) {
  return std::string(absl::StripSuffix(absl::StripSuffix(workload, kAsyncClient), kCallbackApi));
}
constexpr int kHotStreams = 4;
// The events folded straight from memory, for scale: the work every replay does besides reading.
constexpr char kFoldOnly[] = "fold only, from memory";

void AppendWorkloads(const Flags& flags, eventstore::RocksDbEventStore& store, Daemon& daemon,
                     const ServerCpu& postgres_cpu) {
  const absl::Duration run = absl::Seconds(flags.seconds);
  const int max_clients = *std::max_element(flags.clients.begin(), flags.clients.end());
  // Cases to append to, one set per client, plus the few every client contends for.
  for (int c = 0; c < max_clients; ++c) {
    for (int k = 0; k < kStreamsPerClient; ++k) daemon.Open(c % 4, absl::StrCat("g", c, "-", k));
  }
  for (int k = 0; k < kHotStreams; ++k) daemon.Open(0, absl::StrCat("hot-", k));
  // The revision each client's own cases are at, across the runs.
  std::vector<std::vector<uint64_t>> grpc_known(max_clients,
                                                std::vector<uint64_t>(kStreamsPerClient, 1));

  for (int clients : flags.clients) {
    // The floor of any unary call to caseledgerd from these clients on this machine: the
    // health check, which does no work of ours.
    Record("empty call (floor)", "caseledger gRPC", clients, daemon.Cpu(), [&] {
      return RunLoad("grpc-floor", clients, run, [&](int c, uint64_t) {
        grpc::health::v1::HealthCheckRequest request;
        grpc::health::v1::HealthCheckResponse response;
        grpc::ClientContext context;
        return daemon.health[c % 4]->Check(&context, request, &response).ok() &&
               response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
      });
    });
    // Appends to many streams: each client its own, expecting the revision it knows.
    {
      auto& known = grpc_known;
      Record("append", "caseledger gRPC", clients, daemon.Cpu(), [&] {
        return RunLoad("grpc", clients, run, [&](int c, uint64_t i) {
          const int k = i % kStreamsPerClient;
          v1::CommandResult result;
          if (!daemon.Note(c % 4, absl::StrCat("g", c, "-", k), known[c][k], &result).ok())
            return false;
          known[c][k] = result.revision();
          return true;
        });
      });
    }
    // The same, from an asynchronous client: the calls in flight without a thread each.
    {
      auto& known = grpc_known;
      Record(absl::StrCat("append", kAsyncClient), "caseledger gRPC", clients, daemon.Cpu(), [&] {
        return RunAsyncLoad(
            "grpc-async", clients, run, [&](int c, uint64_t i, std::function<void(bool)> finished) {
              const int k = i % kStreamsPerClient;
              daemon.NoteAsync(c % 4, absl::StrCat("g", c, "-", k), known[c][k],
                               [&known, c, k, finished](const grpc::Status& status,
                                                        const v1::CommandResult& result) {
                                 if (status.ok()) known[c][k] = result.revision();
                                 finished(status.ok());
                               });
            });
      });
    }
    {
      std::vector<std::vector<uint64_t>> known(clients,
                                               std::vector<uint64_t>(kStreamsPerClient, 0));
      const std::string run_id = absl::StrCat(clients);
      Record("append", "caseledger in-proc", clients, kNoServer, [&] {
        return RunLoad("store", clients, run, [&](int c, uint64_t i) {
          const int k = i % kStreamsPerClient;
          auto r =
              store.Append(StoreAppend(absl::StrCat("case-s", run_id, "-", c, "-", k), NewNote(),
                                       eventstore::ExpectedRevision::Exact(known[c][k])));
          if (!r.ok()) return false;
          known[c][k] = r->last_revision;
          return true;
        });
      });
    }
    {
      std::vector<std::unique_ptr<PostgresStore>> pg;
      for (int c = 0; c < clients; ++c) pg.push_back(std::make_unique<PostgresStore>(flags.pg));
      std::vector<std::vector<int64_t>> known(clients, std::vector<int64_t>(kStreamsPerClient, 0));
      const std::string run_id = absl::StrCat(clients);
      Record("append", "PostgreSQL", clients, postgres_cpu, [&] {
        return RunLoad("pg", clients, run, [&](int c, uint64_t i) {
          const int k = i % kStreamsPerClient;
          const int64_t v = PostgresAppend(*pg[c], absl::StrCat("case-p", run_id, "-", c, "-", k),
                                           known[c][k], NewNote());
          if (v == 0) return false;
          known[c][k] = v;
          return true;
        });
      });
    }
    // Contended appends: everyone on a few streams; a conflict reloads and tries again.
    {
      std::atomic<uint64_t> conflicts{0};
      std::vector<std::vector<uint64_t>> known(clients, std::vector<uint64_t>(kHotStreams, 0));
      Record(
          "contended append", "caseledger gRPC", clients, daemon.Cpu(),
          [&] {
            return RunLoad("grpc-hot", clients, run, [&](int c, uint64_t i) {
              const int k = i % kHotStreams;
              const std::string id = absl::StrCat("hot-", k);
              for (int attempt = 0; attempt < 1000; ++attempt) {
                if (known[c][k] == 0) known[c][k] = daemon.Revision(c % 4, id);
                v1::CommandResult result;
                grpc::Status s = daemon.Note(c % 4, id, known[c][k], &result);
                if (s.ok()) {
                  known[c][k] = result.revision();
                  return true;
                }
                if (s.error_code() != grpc::StatusCode::ABORTED) return false;
                ++conflicts;
                // The conflict says where the case is: no read needed to try again.
                known[c][k] = Daemon::ActualRevision(s);
              }
              return false;
            });
          },
          &conflicts);
    }
    {
      std::atomic<uint64_t> conflicts{0};
      const std::string run_id = absl::StrCat(clients);
      Record(
          "contended append", "caseledger in-proc", clients, kNoServer,
          [&] {
            return RunLoad("store-hot", clients, run, [&](int c, uint64_t i) {
              const std::string stream = absl::StrCat("case-hot", run_id, "-", i % kHotStreams);
              while (true) {
                const uint64_t v = *store.StreamRevision(stream);
                auto r = store.Append(
                    StoreAppend(stream, NewNote(), eventstore::ExpectedRevision::Exact(v)));
                if (r.ok()) return true;
                if (!absl::IsAborted(r.status())) return false;
                ++conflicts;
              }
            });
          },
          &conflicts);
    }
    {
      std::vector<std::unique_ptr<PostgresStore>> pg;
      for (int c = 0; c < clients; ++c) pg.push_back(std::make_unique<PostgresStore>(flags.pg));
      std::atomic<uint64_t> conflicts{0};
      const std::string run_id = absl::StrCat(clients);
      Record(
          "contended append", "PostgreSQL", clients, postgres_cpu,
          [&] {
            return RunLoad("pg-hot", clients, run, [&](int c, uint64_t i) {
              const std::string stream = absl::StrCat("case-hot", run_id, "-", i % kHotStreams);
              while (true) {
                const int64_t v = pg[c]->StreamVersion(stream);
                if (PostgresAppend(*pg[c], stream, v, NewNote()) != 0) return true;
                ++conflicts;
              }
            });
          },
          &conflicts);
    }
  }
}

// Waits for RocksDB's flushes and compactions after a load to end, as PostgreSQL's load
// ends with its table written: neither replay shares the cores with the load's aftermath.
void Settle(eventstore::RocksDbEventStore& store) {
  if (!store.FlushAll().ok()) std::exit(1);
  for (uint64_t busy = 1; busy > 0;) {
    busy = 0;
    for (const char* property : {"rocksdb.num-running-flushes", "rocksdb.num-running-compactions",
                                 "rocksdb.compaction-pending"}) {
      uint64_t value = 0;
      store.db().GetAggregatedIntProperty(property, &value);
      busy += value;
    }
    if (busy > 0) absl::SleepFor(absl::Milliseconds(50));
  }
}

void HistoryWorkloads(const Flags& flags, eventstore::RocksDbEventStore& store, Daemon& daemon,
                      const ServerCpu& postgres_cpu) {
  const absl::Duration run = absl::Seconds(flags.seconds);
  // A case of 1,000 events in each system.
  daemon.Open(0, "history");
  uint64_t head = 0;
  for (uint64_t v = 1; v < 1000; ++v) {
    v1::CommandResult result;
    if (!daemon.Note(0, "history", v, &result).ok()) std::exit(1);
    head = result.position();
  }
  for (uint64_t v = 0; v < 1000; ++v) {
    if (!store
             .Append(StoreAppend("case-history", NewNote(), eventstore::ExpectedRevision::Exact(v)))
             .ok())
      std::exit(1);
  }
  // Each system starts the reads at rest, as before the replay: caseledgerd's views caught
  // up with the appends before, the store's flushes and compactions done, PostgreSQL's
  // pages written out.
  daemon.WaitForViews(head);
  Settle(store);
  {
    PostgresStore pg(flags.pg);
    for (int64_t v = 0; v < 1000; ++v) {
      PostgresAppend(pg, "case-history", v, NewNote());
    }
    pg.Checkpoint();
  }
  v1::GetCaseHistoryRequest history;
  history.set_case_id("history");
  history.set_page_size(1000);
  grpc::Slice history_bytes(history.SerializeAsString());
  const grpc::ByteBuffer history_request(&history_bytes, 1);
  for (int clients : flags.clients) {
    // Every client keeps the memory it parses into from one read to the next, as protobuf
    // advises: the gRPC client parses each answer into an arena it empties after the read,
    // the others parse each payload into the one event they keep.
    std::vector<std::unique_ptr<google::protobuf::Arena>> arenas;
    for (int c = 0; c < clients; ++c) arenas.push_back(std::make_unique<google::protobuf::Arena>());
    std::vector<v1::CaseEvent> events(clients);
    std::vector<v1::EventMetadata> metadata(clients);
    Record(kRead, "caseledger gRPC", clients, daemon.Cpu(), [&] {
      return RunLoad("grpc-read", clients, run, [&](int c, uint64_t) {
        auto* response =
            google::protobuf::Arena::CreateMessage<v1::GetCaseHistoryResponse>(arenas[c].get());
        const bool read =
            daemon.audit[c % 4]->GetCaseHistory(Daemon::Context().get(), history, response).ok() &&
            response->entries_size() == 1000;
        arenas[c]->Reset();
        return read;
      });
    });
    Record(kRead, "caseledger in-proc", clients, kNoServer, [&] {
      return RunLoad("store-read", clients, run, [&](int c, uint64_t) {
        auto r = store.ReadStream("case-history", 1, eventstore::Direction::kForward, 1000);
        if (!r.ok() || r->size() != 1000) return false;
        for (const v1::EventRecord& record : *r) {
          if (!Decoded(record.payload(), events[c])) return false;
        }
        return true;
      });
    });
    std::vector<std::unique_ptr<PostgresStore>> pg;
    for (int c = 0; c < clients; ++c) pg.push_back(std::make_unique<PostgresStore>(flags.pg));
    // The same reads with the answer left as received: gRPC's bytes, libpq's rows. What these
    // rates gain over the parsed ones is the clients' parsing, which shares the cores with the
    // servers here.
    Record(kReadUnparsed, "caseledger gRPC", clients, daemon.Cpu(), [&] {
      return RunLoad("grpc-bytes", clients, run, [&](int c, uint64_t) {
        const grpc::ByteBuffer request = history_request;  // its slices shared, not copied
        grpc::ByteBuffer answer;
        return daemon.CallUnparsed(c % 4, kHistoryMethod, request, &answer) &&
               answer.Length() > kHistoryBytesAtLeast;
      });
    });
    // Through gRPC's callback API: each client's thread waits for its call's callback, then
    // parses the answer into its arena.
    Record(absl::StrCat(kRead, kCallbackApi), "caseledger gRPC", clients, daemon.Cpu(), [&] {
      return RunLoad("grpc-callback", clients, run, [&](int c, uint64_t) {
        const grpc::ByteBuffer request = history_request;
        grpc::ByteBuffer answer;
        if (!daemon.CallUnparsed(c % 4, kHistoryMethod, request, &answer)) return false;
        auto* response =
            google::protobuf::Arena::CreateMessage<v1::GetCaseHistoryResponse>(arenas[c].get());
        const bool read =
            grpc::SerializationTraits<v1::GetCaseHistoryResponse>::Deserialize(&answer, response)
                .ok() &&
            response->entries_size() == 1000;
        arenas[c]->Reset();
        return read;
      });
    });
    Record(kReadUnparsed, "PostgreSQL", clients, postgres_cpu, [&] {
      return RunLoad("pg-rows", clients, run, [&](int c, uint64_t) {
        return pg[c]->ReadStream("case-history").size() == 1000;
      });
    });
    Record(kRead, "PostgreSQL", clients, postgres_cpu, [&] {
      return RunLoad("pg-read", clients, run, [&](int c, uint64_t) {
        const std::vector<PostgresStore::Row>& rows = pg[c]->ReadStream("case-history");
        if (rows.size() != 1000) return false;
        for (const PostgresStore::Row& row : rows) {
          if (!Decoded(row.data, events[c]) ||
              !metadata[c].ParseFromArray(row.metadata.data(), row.metadata.size())) {
            return false;
          }
        }
        return true;
      });
    });
  }
}

// Folds events into cases, the work of a projection rebuild, the same for every system.
struct Fold {
  absl::flat_hash_map<std::string, v1::CaseState> cases;
  uint64_t events = 0;
  void Apply(const std::string& stream, const std::string& payload) {
    v1::CaseEvent event;
    if (!event.ParseFromString(payload)) return;
    domain::Evolve(cases[stream], std::move(event));
    ++events;
  }
};

LoadResult Timed(const std::string& name, uint64_t events, const std::function<void()>& work) {
  const absl::Time start = absl::Now();
  work();
  LoadResult r;
  r.name = name;
  r.threads = 1;
  r.operations = events;
  r.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  r.per_second = events / r.seconds;
  return r;
}

void ReplayWorkload(const Flags& flags, const ServerCpu& postgres_cpu) {
  // One history for both: generated through the domain, loaded into each store.
  tools::HistoryOptions options;
  options.seed = 3;
  options.cases = static_cast<int>(std::max<uint64_t>(100, flags.replay_events / 50));
  options.workers = 100;
  options.teams = 8;
  options.start = absl::Now() - absl::Hours(24 * 365);
  options.step = absl::Seconds(10);
  tools::HistoryGenerator generator(options);
  std::vector<std::string> streams, types, payloads;
  std::vector<int64_t> versions;
  absl::flat_hash_map<std::string, int64_t> revision;
  for (uint64_t i = 0; i < flags.replay_events; ++i) {
    const tools::GeneratedCommand command = generator.Next();
    const std::string stream = domain::CaseStreamId(tools::HeaderOf(command.request).case_id());
    for (const auto& e : generator.last_events()) {
      streams.push_back(stream);
      versions.push_back(++revision[stream]);
      types.push_back(domain::EventType(e));
      payloads.push_back(e.SerializeAsString());
    }
  }
  // Every replay folds the same events into the same cases, which takes most of its time and
  // memory. The process's heap is made ready once, before any replay is timed, and memory freed
  // is kept rather than handed back: otherwise whichever replay ran last would find its memory
  // ready and the first would pay for it.
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  {
    Fold warm_up;
    for (size_t i = 0; i < streams.size(); ++i) warm_up.Apply(streams[i], payloads[i]);
  }
  {
    Fold fold;
    Record(kFoldOnly, "caseledger in-proc", 1, kNoServer, [&] {
      return Timed("fold", streams.size(), [&] {
        for (size_t i = 0; i < streams.size(); ++i) fold.Apply(streams[i], payloads[i]);
      });
    });
  }
  const std::string data = flags.dir + "/replay";
  {
    auto store = OpenStore(data, eventstore::Durability::kOs);
    std::atomic<int> in_flight{0};
    for (size_t i = 0; i < streams.size(); ++i) {
      while (in_flight.load() > 2048) absl::SleepFor(absl::Microseconds(50));
      ++in_flight;
      eventstore::AppendRequest append = NoteAppend(
          streams[i], payloads[i], "", eventstore::ExpectedRevision::Exact(versions[i] - 1));
      // Under its own type, as caseledgerd writes it: a subscriber is sent a case's events
      // only when the case's opening (a CaseOpened) names the subscriber's organisation.
      append.events.front().type = types[i];
      store->AppendAsync(std::move(append), [&](absl::StatusOr<eventstore::AppendResult> r) {
        if (!r.ok()) std::exit(1);
        --in_flight;
      });
    }
    while (in_flight.load() > 0) absl::SleepFor(absl::Milliseconds(1));
    Settle(*store);
    const uint64_t head = store->Head().position;
    Fold fold;
    Record("replay whole log", "caseledger in-proc", 1, kNoServer, [&] {
      return Timed("store-replay", head, [&] {
        auto lent = store->VisitAll(1, head, [&](v1::EventRecord& r) {
          fold.Apply(r.stream_id(), r.payload());
          return true;
        });
        if (!lent.ok() || *lent != head) std::exit(1);
      });
    });
  }
  {
    Daemon daemon(flags, data);
    Fold fold;
    const uint64_t total = streams.size();
    daemon.WaitForViews(total);
    Record("replay whole log", "caseledger gRPC", 1, daemon.Cpu(), [&] {
      return Timed("grpc-replay", total, [&] {
        v1::SubscribeRequest request;
        auto context = Daemon::Context("compliance_officer");
        auto reader = daemon.events[0]->Subscribe(context.get(), request);
        v1::SubscribeResponse response;
        while (fold.events < total && reader->Read(&response)) {
          for (const v1::EventRecord& record : response.records()) {
            fold.Apply(record.stream_id(), record.payload());
          }
        }
        context->TryCancel();
        if (fold.events < total) {
          grpc::Status ended = reader->Finish();
          std::fprintf(stderr, "the replay through gRPC stopped after %llu of %llu events: %s\n",
                       static_cast<unsigned long long>(fold.events),
                       static_cast<unsigned long long>(total), ended.error_message().c_str());
          std::exit(1);
        }
      });
    });
  }
  {
    PostgresStore pg(flags.pg);
    pg.CreateSchema();
    v1::EventMetadata metadata;  // as NoteAppend writes it for the store in process
    metadata.set_actor("bench");
    pg.BulkLoad(streams, versions, types, payloads, metadata.SerializeAsString());
    pg.Checkpoint();
    Fold fold;
    Record("replay whole log", "PostgreSQL", 1, postgres_cpu, [&] {
      return Timed("pg-replay", streams.size(), [&] {
        pg.ReadAll([&](const std::string& stream, int64_t, const std::string& payload) {
          fold.Apply(stream, payload);
        });
      });
    });
  }
}

void PrintTable() {
  auto find = [](const std::string& workload, int clients,
                 const std::string& system) -> const Row* {
    for (const Row& r : rows) {
      if (r.workload == workload && r.clients == clients && r.system == system) return &r;
    }
    return nullptr;
  };
  auto cell = [](const Row* r) {
    if (r == nullptr) return std::string("-");
    std::string text = absl::StrFormat("%9.0f/s", r->load.per_second);
    if (r->load.p50_us > 0) {
      text += absl::StrFormat(" %7.2f %8.2f ms", r->load.p50_us / 1000, r->load.p99_us / 1000);
    }
    if (r->conflicts > 0)
      text += absl::StrFormat(" (%d conflicts)", static_cast<int>(r->conflicts));
    return text;
  };
  // A server's CPU time an operation, in µs, to three figures or so.
  auto cpu_cell = [](const Row* r) {
    const std::optional<double> cpu = r ? r->ServerCpuPerOperation() : std::nullopt;
    if (!cpu.has_value()) return std::string("-");
    return absl::StrFormat(*cpu >= 100 ? "%.0f" : *cpu >= 10 ? "%.1f" : "%.2f", *cpu);
  };
  std::printf("\n%-22s %7s | %-50s | %-50s | %-50s | %s | server CPU µs/op: gRPC %8s %8s\n",
              "workload", "clients", "caseledger gRPC: rate, p50, p99", "caseledger in process",
              "PostgreSQL", "gRPC/PG  in-proc/PG", "PG", "gRPC/PG");
  std::vector<std::pair<std::string, int>> seen;
  for (const Row& r : rows) {
    if (std::find(seen.begin(), seen.end(), std::make_pair(r.workload, r.clients)) != seen.end())
      continue;
    seen.emplace_back(r.workload, r.clients);
    const Row* g = find(r.workload, r.clients, "caseledger gRPC");
    const Row* s = find(r.workload, r.clients, "caseledger in-proc");
    // A workload run by another kind of client compares with PostgreSQL's plain run.
    const Row* p = find(PlainWorkload(r.workload), r.clients, "PostgreSQL");
    auto ratio = [p](const Row* r) {
      return r && p ? absl::StrFormat("%.2f", r->load.per_second / p->load.per_second)
                    : std::string("-");
    };
    const std::optional<double> g_cpu = g ? g->ServerCpuPerOperation() : std::nullopt;
    const std::optional<double> p_cpu = p ? p->ServerCpuPerOperation() : std::nullopt;
    const std::string cpu_ratio =
        g_cpu && p_cpu && *p_cpu > 0 ? absl::StrFormat("%.2f", *g_cpu / *p_cpu) : "-";
    std::printf("%-22s %7d | %-50s | %-50s | %-50s | %6s %12s | %22s %8s %8s\n", r.workload.c_str(),
                r.clients, cell(g).c_str(), cell(s).c_str(), cell(p).c_str(), ratio(g).c_str(),
                ratio(s).c_str(), cpu_cell(g).c_str(), cpu_cell(p).c_str(), cpu_ratio.c_str());
  }
}

}  // namespace
}  // namespace caseledger::bench

int main(int argc, char** argv) {
  using namespace caseledger;
  using namespace caseledger::bench;
  Flags flags;
  CLI::App app{"caseledger beside a PostgreSQL event store (run through bench/compare)"};
  app.add_option("--pg", flags.pg, "libpq connection string");
  app.add_option("--pg-data", flags.pg_data,
                 "The PostgreSQL cluster's data folder, to read its processes' CPU time");
  app.add_option("--caseledgerd", flags.caseledgerd, "Path of the caseledgerd binary");
  app.add_option("--dir", flags.dir, "Scratch folder")->capture_default_str();
  app.add_option("--clients", flags.clients, "Client counts")->capture_default_str();
  app.add_option("--seconds", flags.seconds, "Seconds per run")->capture_default_str();
  app.add_option("--replay-events", flags.replay_events, "Events in the replayed log")
      ->capture_default_str();
  app.add_option("--workloads", flags.workloads, "Workloads to run: append, read, replay")
      ->capture_default_str()
      ->check(CLI::IsMember({"append", "read", "replay"}));
  app.add_flag("--quick", flags.quick, "A short run: 1 s per run, 100,000 events replayed");
  app.add_flag("--print-free-port", flags.print_free_port, "Print a free loopback port and exit");
  CLI11_PARSE(app, argc, argv);
  if (flags.print_free_port) {
    std::printf("%d\n", testing::FreeLoopbackPort());
    return 0;
  }
  if (flags.pg.empty() || flags.caseledgerd.empty()) {
    std::fprintf(stderr,
                 "compare_bench: --pg and --caseledgerd are required (use bench/compare)\n");
    return 2;
  }
  if (flags.quick) {
    flags.seconds = 1;
    flags.replay_events = 100000;
  }
  std::filesystem::remove_all(flags.dir);
  std::filesystem::create_directories(flags.dir);
  {
    PostgresStore schema(flags.pg);
    schema.CreateSchema();
  }
  const ServerCpu postgres_cpu = PostgresCpu(flags.pg_data);
  {
    auto store = OpenStore(flags.dir + "/store", eventstore::Durability::kFsync);
    Daemon daemon(flags, flags.dir + "/grpc");
    if (flags.Runs("append")) AppendWorkloads(flags, *store, daemon, postgres_cpu);
    if (flags.Runs("read")) HistoryWorkloads(flags, *store, daemon, postgres_cpu);
  }
  if (flags.Runs("replay")) ReplayWorkload(flags, postgres_cpu);
  PrintTable();
  std::filesystem::remove_all(flags.dir);
  return 0;
}
