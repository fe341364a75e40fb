// Replication through a three-node NATS JetStream cluster, in one run: appends acknowledged
// on the local disk only, with the relay after (async), and once the stream holds them too
// (sync), at 1, 16 and 64 clients; a replica's lag behind a steady load; the time to promote
// it; and the time to rebuild a store from the stream alone.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "bench/load.h"
#include "eventstore/rocksdb_event_store.h"
#include "relay/nats_follower.h"
#include "relay/replication_node.h"
#include "tests/support/nats_cluster.h"
#include "tests/support/temp_dir.h"

namespace caseledger::bench {
namespace {

struct Flags {
  double seconds = 5;
  std::vector<int> clients = {1, 16, 64};
  int rate = 2000;
  double lag_seconds = 10;
  int rebuild_events = 1000000;
};

// A replication node over `store` relaying to `stream` of the cluster; every event is the one
// organisation's.
std::unique_ptr<relay::ReplicationNode> NodeOf(
    eventstore::RocksDbEventStore& store, const std::string& url, const std::string& stream,
    relay::Replication mode, bool follow, std::function<void(absl::Duration)> on_copied = nullptr) {
  relay::NodeOptions options;
  options.relay.url = url;
  options.relay.stream = stream;
  options.relay.subject_prefix = absl::AsciiStrToLower(stream);  // streams' subjects apart
  options.relay.replicas = 3;
  options.relay.organisation_of = [](const v1::EventRecord&) -> absl::StatusOr<std::string> {
    return std::string("bench");
  };
  options.mode = mode;
  options.follow = follow;
  options.on_copied = std::move(on_copied);
  auto node = relay::ReplicationNode::Start(store, &store, store.storage().checkpoints, options);
  if (!node.ok()) {
    std::fprintf(stderr, "replication: %s\n", node.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(node);
}

LoadResult Appends(const std::string& name, eventstore::EventStore& log, int clients,
                   absl::Duration duration) {
  return RunLoad(name, clients, duration, [&](int thread, uint64_t i) {
    return log.Append(NoteAppend(absl::StrCat("case-", thread, "-", i % 50), std::string(260, 'n')))
        .ok();
  });
}

void Print(const LoadResult& r, double base_rate) {
  std::printf("%-8s %4d clients %9.0f appends/s (%.2f of local)  p50 %7.2f ms  p99 %7.2f ms\n",
              r.name.c_str(), r.threads, r.per_second, r.per_second / base_rate, r.p50_us / 1000,
              r.p99_us / 1000);
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

}  // namespace
}  // namespace caseledger::bench

int main(int argc, char** argv) {
  using namespace caseledger;
  using namespace caseledger::bench;
  Flags flags;
  CLI::App app{"Replication through a three-node NATS cluster: sync beside async and local"};
  app.add_option("--seconds", flags.seconds, "Length of each throughput run")
      ->capture_default_str();
  app.add_option("--clients", flags.clients, "Client counts")->capture_default_str();
  app.add_option("--rate", flags.rate, "Appends/s for the replica lag run")->capture_default_str();
  app.add_option("--lag-seconds", flags.lag_seconds, "Length of the lag run")
      ->capture_default_str();
  app.add_option("--rebuild-events", flags.rebuild_events,
                 "Events in the stream a store is rebuilt from (0: skip)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  testing::TempDir dir;
  testing::NatsCluster nats;
  const absl::Duration duration = absl::Seconds(flags.seconds);

  // Throughput and latency, each mode on a store of its own, side by side per client count.
  std::printf("appends of one 260-byte event, fsync on; three NATS nodes, replicas 3\n");
  for (int clients : flags.clients) {
    auto local =
        OpenStore(dir.Sub(absl::StrCat("local-", clients)), eventstore::Durability::kFsync);
    const LoadResult alone = Appends("local", *local, clients, duration);
    local.reset();
    LoadResult modes[2];
    const relay::Replication kinds[2] = {relay::Replication::kAsync, relay::Replication::kSync};
    for (int m = 0; m < 2; ++m) {
      const std::string name = m == 0 ? "async" : "sync";
      auto store =
          OpenStore(dir.Sub(absl::StrCat(name, "-", clients)), eventstore::Durability::kFsync);
      auto node = NodeOf(*store, nats.url(), absl::StrCat("BENCH_", name, "_", clients), kinds[m],
                         /*follow=*/false);
      modes[m] = Appends(name, node->log(), clients, duration);
      node.reset();
      store.reset();
    }
    Print(alone, alone.per_second);
    Print(modes[0], alone.per_second);
    Print(modes[1], alone.per_second);
  }

  // A replica's lag behind a primary in sync mode at a steady rate, then its promotion.
  {
    auto primary_store = OpenStore(dir.Sub("lag-primary"), eventstore::Durability::kFsync);
    auto primary =
        NodeOf(*primary_store, nats.url(), "LAG", relay::Replication::kSync, /*follow=*/false);
    auto replica_store = OpenStore(dir.Sub("lag-replica"), eventstore::Durability::kFsync);
    absl::Mutex mu;
    std::vector<double> lags_ms;
    auto replica = NodeOf(*replica_store, nats.url(), "LAG", relay::Replication::kSync,
                          /*follow=*/true, [&](absl::Duration lag) {
                            absl::MutexLock lock(&mu);
                            lags_ms.push_back(absl::ToDoubleMilliseconds(lag));
                          });
    const int total = static_cast<int>(flags.rate * flags.lag_seconds);
    std::atomic<int> next{0};
    std::vector<std::thread> writers;
    const absl::Time start = absl::Now();
    for (int w = 0; w < 16; ++w) {
      writers.emplace_back([&] {
        for (int i = next++; i < total; i = next++) {
          const absl::Time due = start + absl::Seconds(1) * i / flags.rate;
          if (absl::Now() < due) absl::SleepFor(due - absl::Now());
          if (!primary->log()
                   .Append(NoteAppend(absl::StrCat("case-", i % 500), std::string(260, 'n')))
                   .ok()) {
            std::exit(1);
          }
        }
      });
    }
    for (std::thread& w : writers) w.join();
    const double achieved = total / absl::ToDoubleSeconds(absl::Now() - start);
    while (replica->Status().position < primary_store->Head().position) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    std::vector<double> lags;
    {
      absl::MutexLock lock(&mu);
      lags = lags_ms;
    }
    std::printf("replica lag, primary commit to replica copy, at %.0f appends/s (sync): "
                "p50 %.2f ms  p99 %.2f ms  (%zu copies)\n",
                achieved, Percentile(lags, 0.5), Percentile(lags, 0.99), lags.size());
    primary.reset();  // the primary is gone
    const absl::Time promoting = absl::Now();
    absl::StatusOr<eventstore::LogHead> promoted = replica->Promote(absl::Seconds(30));
    if (!promoted.ok()) {
      std::fprintf(stderr, "promote: %s\n", promoted.status().ToString().c_str());
      return 1;
    }
    std::printf("promote a caught-up replica to primary: %.1f ms (head %llu)\n",
                absl::ToDoubleMilliseconds(absl::Now() - promoting),
                static_cast<unsigned long long>(promoted->position));
  }

  // A store rebuilt from the stream alone.
  if (flags.rebuild_events > 0) {
    auto source = OpenStore(dir.Sub("rebuild-source"), eventstore::Durability::kOs);
    for (int i = 0; i < flags.rebuild_events;) {
      std::vector<eventstore::AppendRequest> batch;
      std::atomic<int> left{0};
      absl::Notification done;
      const int n = std::min(1000, flags.rebuild_events - i);
      left = n;
      for (int k = 0; k < n; ++k, ++i) {
        source->AppendAsync(NoteAppend(absl::StrCat("case-", i % 20000), std::string(260, 'n')),
                            [&](absl::StatusOr<eventstore::AppendResult> r) {
                              if (!r.ok()) std::exit(1);
                              if (--left == 0) done.Notify();
                            });
      }
      done.WaitForNotification();
    }
    auto relaying = NodeOf(*source, nats.url(), "REBUILD", relay::Replication::kAsync, false);
    const absl::Time relay_start = absl::Now();
    while (relaying->Status().position < source->Head().position) {
      absl::SleepFor(absl::Milliseconds(50));
    }
    const double relay_seconds = absl::ToDoubleSeconds(absl::Now() - relay_start);
    relaying.reset();
    auto restored = OpenStore(dir.Sub("rebuilt"), eventstore::Durability::kFsync);
    relay::FollowerOptions follow;
    follow.url = nats.url();
    follow.stream = "REBUILD";
    follow.subject_prefix = "rebuild";
    const absl::Time rebuild_start = absl::Now();
    absl::StatusOr<eventstore::LogHead> head =
        relay::RestoreFromStream(*restored, *restored, follow, absl::Hours(1));
    const double rebuild_seconds = absl::ToDoubleSeconds(absl::Now() - rebuild_start);
    if (!head.ok() || head->hash != source->Head().hash) {
      std::fprintf(stderr, "rebuild: %s\n",
                   head.ok() ? "ends at another hash" : head.status().ToString().c_str());
      return 1;
    }
    std::printf("relay %d events into the stream: %.1f s (%.0f events/s)\n", flags.rebuild_events,
                relay_seconds, flags.rebuild_events / relay_seconds);
    std::printf("rebuild a store of %d events from the stream alone: %.1f s (%.0f events/s)\n",
                flags.rebuild_events, rebuild_seconds, flags.rebuild_events / rebuild_seconds);
  }
  return 0;
}
