#include "bench/load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "absl/synchronization/barrier.h"
#include "absl/synchronization/mutex.h"

namespace caseledger::bench {
namespace {

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t index = std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()));
  return sorted[index];
}

// The rate and latency percentiles of everything `latencies` holds, over `seconds`.
LoadResult Summarize(const std::string& name, int threads, double seconds,
                     const std::vector<std::vector<double>>& latencies) {
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
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
  return Summarize(name, threads, seconds, latencies);
}

LoadResult RunAsyncLoad(
    const std::string& name, int slots, absl::Duration duration,
    const std::function<void(int, uint64_t, std::function<void(bool)>)>& start) {
  using Clock = std::chrono::steady_clock;
  struct Slot {
    std::vector<double> latencies;
    uint64_t iteration = 0;
    Clock::time_point begun;
  };
  std::vector<Slot> state(slots);
  std::atomic<bool> stop{false};
  absl::Mutex mu;
  int running = slots;
  // Begins the slot's next operation; when it ends, records it and begins another.
  std::function<void(int)> next = [&](int s) {
    state[s].begun = Clock::now();
    start(s, state[s].iteration++, [&, s](bool ok) {
      if (!ok) {
        std::fprintf(stderr, "%s: an operation failed; stopping\n", name.c_str());
        std::exit(1);
      }
      state[s].latencies.push_back(
          std::chrono::duration<double, std::micro>(Clock::now() - state[s].begun).count());
      if (!stop.load(std::memory_order_relaxed)) return next(s);
      absl::MutexLock lock(&mu);
      --running;
    });
  };
  const auto begin = Clock::now();
  for (int s = 0; s < slots; ++s) next(s);
  std::this_thread::sleep_for(absl::ToChronoNanoseconds(duration));
  stop = true;
  {
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(
        +[](int* r) { return *r == 0; }, &running));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  std::vector<std::vector<double>> latencies;
  for (Slot& s : state) latencies.push_back(std::move(s.latencies));
  return Summarize(name, slots, seconds, latencies);
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

std::unique_ptr<eventstore::RocksDbEventStore> OpenStore(
    const std::string& path, eventstore::Durability durability,
    std::function<void(const eventstore::GroupCommit&)> on_group_commit) {
  eventstore::StoreOptions options;
  options.path = path;
  options.durability = durability;
  options.on_group_commit = std::move(on_group_commit);
  auto store = eventstore::RocksDbEventStore::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "cannot open %s: %s\n", path.c_str(), store.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(store);
}

}  // namespace caseledger::bench
