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
#include "domain/case.h"
#include "rocksdb/db.h"
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
  double idle_seconds = 1;
};

void Nats(natsStatus s, const std::string& what) {
  if (s != NATS_OK) throw Failure{absl::StrCat("UNAVAILABLE: ", what, ": ", natsStatus_GetText(s))};
}

// The consumer's own fold of each case, kept in a RocksDB folder of its own.
class CaseFolds {
 public:
  explicit CaseFolds(const std::string& dir) {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(options, dir, &db);
    if (!s.ok()) throw Failure{absl::StrCat("UNAVAILABLE: cannot open ", dir, ": ", s.ToString())};
    db_.reset(db);
  }

  // Folds the record into its case unless it was folded before (a redelivery).
  bool Apply(const v1::EventRecord& record) {
    if (!absl::StartsWith(record.stream_id(), "case-")) return false;
    const std::string id = record.stream_id().substr(5);
    v1::CaseState state;
    std::string bytes;
    if (db_->Get(rocksdb::ReadOptions(), id, &bytes).ok()) state.ParseFromString(bytes);
    if (record.stream_revision() != state.revision() + 1) return false;
    v1::CaseEvent event;
    if (!event.ParseFromString(record.payload())) return false;
    domain::Evolve(state, std::move(event));
    db_->Put(rocksdb::WriteOptions(), id, state.SerializeAsString());
    return true;
  }

  std::vector<v1::CaseState> All() const {
    std::vector<v1::CaseState> cases;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      cases.emplace_back().ParseFromString(it->value().ToString());
    }
    return cases;
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
};

void RunConsume(Client& client, const ConsumeFlags& f) {
  CaseFolds folds(f.state_dir);
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  natsSubscription* subscription = nullptr;
  Nats(natsConnection_ConnectTo(&connection, f.nats_url.c_str()), "connecting to " + f.nats_url);
  Nats(natsConnection_JetStream(&js, connection, nullptr), "opening JetStream");
  jsSubOptions options;
  jsSubOptions_Init(&options);
  options.Stream = f.stream.c_str();
  Nats(js_PullSubscribe(&subscription, js, "caseledger.events.>", f.durable.c_str(), nullptr,
                        &options, nullptr),
       "subscribing as " + f.durable);
  uint64_t received = 0, folded = 0;
  while (true) {
    natsMsgList list{};
    natsStatus s = natsSubscription_Fetch(&list, subscription, 256,
                                          static_cast<int64_t>(f.idle_seconds * 1000), nullptr);
    if (s == NATS_TIMEOUT) break;  // caught up
    Nats(s, "fetching");
    for (int i = 0; i < list.Count; ++i) {
      v1::EventRecord record;
      if (record.ParseFromArray(natsMsg_GetData(list.Msgs[i]), natsMsg_GetDataLength(list.Msgs[i]))) {
        folded += folds.Apply(record) ? 1 : 0;
      }
      natsMsg_Ack(list.Msgs[i], nullptr);  // after the fold is stored: effectively once
      ++received;
    }
    natsMsgList_Destroy(&list);
  }
  natsSubscription_Destroy(subscription);
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);

  std::vector<v1::CaseState> cases = folds.All();
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
               c.worker_id().empty() ? "(unallocated)" : c.worker_id(), absl::StrCat(c.revision())});
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
  c->add_option("--state-dir", f->state_dir, "Where this view keeps its folds")->capture_default_str();
  c->add_option("--worker", f->worker, "Show one worker's open cases");
  c->add_option("--idle", f->idle_seconds, "Stop after this many seconds with nothing new")
      ->capture_default_str();
  commands.On<ConsumeFlags>(c, f, RunConsume);
}

}  // namespace caseledger::cli
