// The NATS relay beside a plain publish loop to the same nats-server, in one run, and the
// relay's lag from commit to broker acknowledgement under a steady load.

#include <nats/nats.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/load.h"
#include "eventstore/rocksdb_event_store.h"
#include "projections/event_organisations.h"
#include "relay/nats_relay.h"
#include "tests/support/nats_server.h"
#include "tests/support/temp_dir.h"

namespace caseledger::bench {
namespace {

struct Flags {
  int events = 50000;
  int rate = 2000;
  double seconds = 10;
};

void Check(natsStatus s, const char* what) {
  if (s != NATS_OK) {
    std::fprintf(stderr, "%s: %s\n", what, natsStatus_GetText(s));
    std::exit(1);
  }
}

// Publishes `n` messages as the relay does (async, message ids, an ack wait per 1,000).
double PlainPublishRate(const std::string& url, int n, size_t bytes) {
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  Check(natsConnection_ConnectTo(&nc, url.c_str()), "connect");
  jsOptions options;
  jsOptions_Init(&options);
  options.PublishAsync.MaxPending = 4096;
  Check(natsConnection_JetStream(&js, nc, &options), "jetstream");
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = "PLAIN";
  const char* subjects[] = {"plain.>"};
  config.Subjects = subjects;
  config.SubjectsLen = 1;
  config.Storage = js_FileStorage;
  Check(js_AddStream(nullptr, js, &config, nullptr, nullptr), "add stream");
  const std::string data(bytes, 'p');
  const absl::Time start = absl::Now();
  for (int i = 0; i < n; ++i) {
    natsMsg* msg = nullptr;
    Check(natsMsg_Create(&msg, "plain.NoteRecorded", nullptr, data.data(),
                         static_cast<int>(data.size())),
          "msg");
    const std::string id = absl::StrCat("plain-", i);
    jsPubOptions pub;
    jsPubOptions_Init(&pub);
    pub.MsgId = id.c_str();
    Check(js_PublishMsgAsync(js, &msg, &pub), "publish");
    if ((i + 1) % 1000 == 0 || i + 1 == n) {
      jsPubOptions wait;
      jsPubOptions_Init(&wait);
      wait.MaxWait = 10000;
      Check(js_PublishAsyncComplete(js, &wait), "complete");
    }
  }
  const double rate = n / absl::ToDoubleSeconds(absl::Now() - start);
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
  return rate;
}

void Append(eventstore::EventStore& store, int i) {
  if (!store.Append(NoteAppend(absl::StrCat("case-", i % 500), std::string(260, 'n'))).ok()) {
    std::exit(1);
  }
}

}  // namespace
}  // namespace caseledger::bench

int main(int argc, char** argv) {
  using namespace caseledger;
  using namespace caseledger::bench;
  Flags flags;
  CLI::App app{"NATS relay throughput beside plain publishing, and relay lag at a steady load"};
  app.add_option("--events", flags.events, "Events for the throughput runs")->capture_default_str();
  app.add_option("--rate", flags.rate, "Events/s for the lag run")->capture_default_str();
  app.add_option("--seconds", flags.seconds, "Length of the lag run")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  testing::TempDir dir;
  testing::NatsServer nats;
  eventstore::StoreOptions store_options;
  store_options.path = dir.Sub("data");
  store_options.durability = eventstore::Durability::kOs;
  auto store = *eventstore::RocksDbEventStore::Open(store_options);

  // The relay's record size: a serialized EventRecord of the appended events.
  for (int i = 0; i < flags.events; ++i) Append(*store, i);
  const size_t record_bytes = store->ReadAll(1, 1)->front().ByteSizeLong();
  const double plain = PlainPublishRate(nats.url(), flags.events, record_bytes);

  // As caseledgerd does: each event's organisation told by its stream's opening.
  projections::EventOrganisations organisations(*store);
  relay::RelayOptions options;
  options.url = nats.url();
  options.organisation_of = [&organisations](const v1::EventRecord& record) {
    return organisations.Of(record);
  };
  absl::Time start = absl::Now();
  auto relay = *relay::NatsRelay::Start(*store, store->storage().checkpoints, options);
  while (relay->Status().position < static_cast<uint64_t>(flags.events)) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  const double relayed = flags.events / absl::ToDoubleSeconds(absl::Now() - start);

  // Lag: each event's commit time against the moment the relay's acknowledged position passed it.
  const int total = static_cast<int>(flags.rate * flags.seconds);
  const uint64_t base = store->Head().position;
  std::vector<absl::Time> committed(total), acknowledged(total);
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    uint64_t seen = base;
    while (!done || seen < base + total) {
      const uint64_t now_at = relay->Status().position;
      const absl::Time t = absl::Now();
      for (uint64_t p = seen + 1; p <= now_at && p <= base + total; ++p)
        acknowledged[p - base - 1] = t;
      seen = std::max(seen, std::min<uint64_t>(now_at, base + total));
      absl::SleepFor(absl::Microseconds(200));
    }
  });
  start = absl::Now();
  for (int i = 0; i < total; ++i) {
    const absl::Time due = start + absl::Seconds(1) * i / flags.rate;
    if (absl::Now() < due) absl::SleepFor(due - absl::Now());
    Append(*store, i);
    committed[i] = absl::Now();
  }
  done = true;
  watcher.join();
  std::vector<double> lag_ms;
  for (int i = 0; i < total; ++i)
    lag_ms.push_back(absl::ToDoubleMilliseconds(acknowledged[i] - committed[i]));
  std::sort(lag_ms.begin(), lag_ms.end());
  relay.reset();
  store.reset();

  std::printf("%-46s %10.0f msgs/s\n", "plain JetStream publish loop (async, ids)", plain);
  std::printf("%-46s %10.0f events/s (%.2f of plain)\n", "relay from the log", relayed,
              relayed / plain);
  std::printf("%-46s p50 %6.2f ms  p99 %6.2f ms  (%d events at %d/s)\n",
              "lag, commit to broker acknowledgement", lag_ms[lag_ms.size() / 2],
              lag_ms[lag_ms.size() * 99 / 100], total, flags.rate);
  return 0;
}
