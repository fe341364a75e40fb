// caseledger consume: a caseload view built in another process from the JetStream stream,
// with a durable consumer, so reads scale out beyond the process that writes.

#include <nats/nats.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/case_state.pb.h"
#include "caseledger/v1/event_record.pb.h"
#include "eventstore/rocksdb_event_store.h"
#include "projections/case_folds.h"
#include "relay/subjects.h"
#include "tools/cli_app.h"
#include "tools/cli_parse.h"
#include "tools/table.h"

namespace caseledger::cli {
namespace {

struct ConsumeFlags {
  std::string nats_url = "nats://127.0.0.1:4222";
  std::string stream = "CASELEDGER";
  std::string durable = "caseload-view";
  std::string state_dir = "./caseledger-consumer";
  std::string worker;
  // Only this organisation's events; empty: every organisation's.
  std::string organisation;
  double idle_seconds = 1;
};

// The relay's subjects: caseledger.<organisation>.events.<EventType>.
constexpr char kSubjectPrefix[] = "caseledger";

void Nats(natsStatus s, const std::string& what) {
  if (s != NATS_OK) throw Failure{absl::StrCat("UNAVAILABLE: ", what, ": ", natsStatus_GetText(s))};
}

// The status of a call that did not succeed, as the CLI reports it.
[[noreturn]] void Fail(const absl::Status& status, const std::string& what) {
  throw Failure{
      absl::StrCat(absl::StatusCodeToString(status.code()), ": ", what, ": ", status.message())};
}

void RunConsume(Client& client, const ConsumeFlags& f) {
  // The folds are kept in a store of the consumer's own, beside nothing but themselves.
  eventstore::StoreOptions store_options;
  store_options.path = f.state_dir;
  auto store = eventstore::RocksDbEventStore::Open(store_options);
  if (!store.ok()) Fail(store.status(), "opening " + f.state_dir);
  eventstore::Storage storage = (*store)->storage();
  auto opened = projections::CaseFolds::Open(storage.views, storage.checkpoints);
  if (!opened.ok()) Fail(opened.status(), "opening the folds in " + f.state_dir);
  projections::CaseFolds& folds = **opened;
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  natsSubscription* subscription = nullptr;
  Nats(natsConnection_ConnectTo(&connection, f.nats_url.c_str()), "connecting to " + f.nats_url);
  Nats(natsConnection_JetStream(&js, connection, nullptr), "opening JetStream");
  jsSubOptions options;
  jsSubOptions_Init(&options);
  options.Stream = f.stream.c_str();
  const std::string subjects = f.organisation.empty()
                                   ? relay::EveryOrganisationsSubjects(kSubjectPrefix)
                                   : relay::OrganisationSubjects(kSubjectPrefix, f.organisation);
  Nats(js_PullSubscribe(&subscription, js, subjects.c_str(), f.durable.c_str(), nullptr, &options,
                        nullptr),
       "subscribing as " + f.durable + " to " + subjects);
  uint64_t received = 0, folded = 0;
  while (true) {
    natsMsgList list{};
    natsStatus s = natsSubscription_Fetch(&list, subscription, 256,
                                          static_cast<int64_t>(f.idle_seconds * 1000), nullptr);
    if (s == NATS_TIMEOUT) break;  // caught up
    Nats(s, "fetching");
    // A message that can't be folded is not acknowledged: the consumer stops at it, and a
    // later run meets it again.
    absl::Status stopped;
    int foldable = 0;
    for (; foldable < list.Count; ++foldable) {
      natsMsg* message = list.Msgs[foldable];
      v1::EventRecord record;
      if (!record.ParseFromArray(natsMsg_GetData(message), natsMsg_GetDataLength(message))) {
        stopped = absl::DataLossError(absl::StrCat("message ", received + foldable + 1,
                                                   " of the stream is not an event record"));
        break;
      }
      absl::StatusOr<bool> applied = folds.Apply(record);
      if (!applied.ok()) {
        stopped = applied.status();
        break;
      }
      folded += *applied ? 1 : 0;
    }
    // Acknowledged only once the folds are on disk: each event is folded once.
    absl::Status synced = folds.Sync();
    for (int i = 0; synced.ok() && i < foldable; ++i) natsMsg_Ack(list.Msgs[i], nullptr);
    received += foldable;
    natsMsgList_Destroy(&list);
    if (!synced.ok()) Fail(synced, "storing the folds");
    if (!stopped.ok()) Fail(stopped, "folding the stream");
  }
  natsSubscription_Destroy(subscription);
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);

  absl::StatusOr<std::vector<v1::CaseState>> all = folds.All();
  if (!all.ok()) Fail(all.status(), "reading the folds");
  std::vector<v1::CaseState> cases = *std::move(all);
  cases.erase(std::remove_if(cases.begin(), cases.end(),
                             [&](const v1::CaseState& c) {
                               return (c.status() != v1::LIVE && c.status() != v1::DORMANT) ||
                                      (!f.worker.empty() && c.worker_id() != f.worker);
                             }),
              cases.end());
  std::sort(cases.begin(), cases.end(), [](const v1::CaseState& a, const v1::CaseState& b) {
    return std::make_pair(-static_cast<int>(a.priority().rag()), a.case_id()) <
           std::make_pair(-static_cast<int>(b.priority().rag()), b.case_id());
  });
  Table table({"CASE", "RAG", "STATUS", "WORKER", "REVISION"});
  for (const auto& c : cases) {
    table.Add({c.case_id(), RagLabel(c.priority().rag()), EnumLabel(c.status()),
               c.worker_id().empty() ? "(unallocated)" : c.worker_id(),
               absl::StrCat(c.revision())});
  }
  table.Print(std::cout);
  std::cout << "consumed " << received << " messages as " << f.durable << ", folded " << folded
            << " new events; " << cases.size() << " open cases\n";
}

}  // namespace

void AddConsume(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ConsumeFlags>();
  CLI::App* c = app.add_subcommand(
      "consume", "Build a caseload view from the NATS JetStream stream, in this process");
  c->add_option("--nats-url", f->nats_url, "The NATS server")->capture_default_str();
  c->add_option("--stream", f->stream, "The JetStream stream")->capture_default_str();
  c->add_option("--durable", f->durable, "The durable consumer's name")->capture_default_str();
  c->add_option("--state-dir", f->state_dir, "Where this view keeps its folds")
      ->capture_default_str();
  c->add_option("--worker", f->worker, "Show one worker's open cases");
  c->add_option("--organisation", f->organisation,
                "Consume only this organisation's events (default: every organisation's)");
  c->add_option("--idle", f->idle_seconds, "Stop after this many seconds with nothing new")
      ->capture_default_str();
  commands.On<ConsumeFlags>(c, f, RunConsume);
}

}  // namespace caseledger::cli
