#pragma once

// A small closed-loop load harness: N threads each repeat an operation for a fixed time;
// reports operations/s and latency percentiles.

#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "eventstore/rocksdb_event_store.h"

namespace caseledger::bench {

struct LoadResult {
  std::string name;
  int threads = 0;
  uint64_t operations = 0;
  double seconds = 0;
  double per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
};

// Runs `operation(thread, iteration)` from `threads` threads until `duration` has passed.
// `operation` returns false to report a failure, which aborts the program: a benchmark of
// failing operations measures nothing.
LoadResult RunLoad(const std::string& name, int threads, absl::Duration duration,
                   const std::function<bool(int thread, uint64_t iteration)>& operation);

// Keeps `slots` operations in flight from no thread of its own until `duration` has passed:
// `start(slot, iteration, finished)` begins one and calls `finished(ok)` when it ends, on any
// thread. An asynchronous client's load, where RunLoad is a blocking client's.
LoadResult RunAsyncLoad(const std::string& name, int slots, absl::Duration duration,
                        const std::function<void(int slot, uint64_t iteration,
                                                 std::function<void(bool ok)> finished)>& start);

// An append of one NoteRecorded event by actor "bench", as every benchmark writes them.
eventstore::AppendRequest NoteAppend(
    std::string stream_id, std::string payload, std::string command_id = "",
    eventstore::ExpectedRevision expected = eventstore::ExpectedRevision::Any());

// Opens (creating) a store at `path`; exits the program when it can't.
// `on_group_commit`: see StoreOptions.
std::unique_ptr<eventstore::RocksDbEventStore> OpenStore(
    const std::string& path, eventstore::Durability durability,
    std::function<void(const eventstore::GroupCommit&)> on_group_commit = nullptr);

}  // namespace caseledger::bench
