#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/rocksdb_event_store.h"
#include "projections/position_waiters.h"
#include "projections/projection.h"
#include "projections/view.h"

namespace caseledger::projections {

struct EngineOptions {
  // Events applied per committed batch: when nearly caught up, and when far behind.
  size_t batch_events = 1000;
  size_t catch_up_batch_events = 20000;
  // How often a projection that is catching up logs its progress.
  absl::Duration progress_interval = absl::Seconds(2);
  // Pause before retrying a batch that failed.
  absl::Duration retry_backoff = absl::Milliseconds(200);
  // Where progress and errors go, a line each.
  std::function<void(const std::string&)> log;
};

// Where a projection's view and progress are kept: its column family, its checkpoint and the
// version serving, as keys of the checkpoints family.
std::string FamilyName(const std::string& name, uint32_t version);
std::string CheckpointKey(const std::string& name, uint32_t version);
std::string ServingKey(const std::string& name);

// Keeps projections up to date with the log, each on a thread of its own. A projection's
// view lives in column family "view/<name>/v<version>" and its checkpoint under
// "projection/<name>/v<version>" in the checkpoints family; both change in one
// WriteBatch, so each event is applied exactly once across crashes. On start a
// projection resumes from its checkpoint; a new version is built from position 1 in the
// background while the previous version keeps serving, and replaces it once caught up.
// Thread-safe. The store must outlive the engine.
class ProjectionEngine {
 public:
  ProjectionEngine(eventstore::RocksDbEventStore& store, EngineOptions options);
  // Stop()s.
  ~ProjectionEngine();

  // Starts keeping `projection` up to date. FAILED_PRECONDITION for a name already added.
  absl::Status Add(std::unique_ptr<Projection> projection);

  // The view queries of `name` read now; nullptr for an unknown name.
  std::shared_ptr<const View> Serving(const std::string& name) const;
  // The log position the serving view of `name` has applied.
  uint64_t Position(const std::string& name) const;
  // Calls `ready` once the serving view of `name` includes `position` (OK), or at
  // `deadline` (DEADLINE_EXCEEDED). NOT_FOUND at once for an unknown name, OUT_OF_RANGE at
  // once for a position past the log's head.
  void WhenReached(const std::string& name, uint64_t position, absl::Time deadline,
                   PositionWaiters::Ready ready);
  bool WaitForPosition(const std::string& name, uint64_t position, absl::Time deadline) const;

  // Stops every projection after the batch it is applying.
  void Stop();

 private:
  struct Runner;
  void Run(Runner& runner);
  bool ApplyBatch(Runner& runner);
  void Swap(Runner& runner);
  void Log(const std::string& line) const;

  eventstore::RocksDbEventStore& store_;
  const EngineOptions options_;
  rocksdb::ColumnFamilyHandle* checkpoints_ = nullptr;
  std::atomic<bool> stopping_{false};
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<Runner>> runners_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::projections
