#include "bench/load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "absl/synchronization/barrier.h"

namespace caseledger::bench {
namespace {

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t index = std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()));
  return sorted[index];
}

}  // namespace

LoadResult RunLoad(const std::string& name, int threads, absl::Duration duration,
                   const std::function<bool(int, uint64_t)>& operation) {
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<bool> stop{false};
  absl::Barrier* start = new absl::Barrier(threads + 1);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      latencies[t].reserve(1 << 16);
      if (start->Block()) delete start;
      for (uint64_t i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        const auto begin = std::chrono::steady_clock::now();
        if (!operation(t, i)) {
          std::fprintf(stderr, "%s: an operation failed; stopping\n", name.c_str());
          std::exit(1);
        }
        const auto end = std::chrono::steady_clock::now();
        latencies[t].push_back(std::chrono::duration<double, std::micro>(end - begin).count());
      }
    });
  }
  const auto begin = std::chrono::steady_clock::now();
  if (start->Block()) delete start;
  std::this_thread::sleep_for(absl::ToChronoNanoseconds(duration));
  stop = true;
  for (auto& w : workers) w.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  LoadResult result;
  result.name = name;
  result.threads = threads;
  result.operations = all.size();
  result.seconds = seconds;
  result.per_second = static_cast<double>(all.size()) / seconds;
  result.p50_us = Percentile(all, 0.50);
  result.p99_us = Percentile(all, 0.99);
  return result;
}

eventstore::AppendRequest NoteAppend(std::string stream_id, std::string payload,
                                     std::string command_id,
                                     eventstore::ExpectedRevision expected) {
  eventstore::AppendRequest request;
  request.stream_id = std::move(stream_id);
  request.command_id = std::move(command_id);
  request.expected_revision = expected;
  eventstore::ProposedEvent event;
  event.type = "NoteRecorded";
  event.payload = std::move(payload);
  event.metadata.set_actor("bench");
  request.events.push_back(std::move(event));
  return request;
}

std::unique_ptr<eventstore::RocksDbEventStore> OpenStore(const std::string& path,
                                                         eventstore::Durability durability) {
  eventstore::StoreOptions options;
  options.path = path;
  options.durability = durability;
  auto store = eventstore::RocksDbEventStore::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "cannot open %s: %s\n", path.c_str(), store.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(store);
}

}  // namespace caseledger::bench
