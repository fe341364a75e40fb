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
#include "base/position_waiters.h"
#include "eventstore/checkpoints.h"
#include "eventstore/event_store.h"
#include "eventstore/view_store.h"
#include "projections/projection.h"
#include "projections/view.h"

namespace caseledger::projections {

struct EngineOptions {
  // Events applied per committed batch: when nearly caught up, and when far behind. Far
  // behind, the log is read `catch_up_read_events` at a time (the next read on another thread
  // while one is applied), and a batch is committed once it holds `catch_up_batch_events` or
  // more, or after `catch_up_commit_interval`, whichever comes first: a case's events spread
  // over many reads then share one write of its summary, while the records held in memory stay
  // those of two reads.
  size_t batch_events = 1000;
  size_t catch_up_read_events = 20000;
  size_t catch_up_batch_events = 1000000;
  absl::Duration catch_up_commit_interval = absl::Seconds(5);
  // How often a projection that is catching up logs its progress.
  absl::Duration progress_interval = absl::Seconds(2);
  // Pause before retrying a batch that failed.
  absl::Duration retry_backoff = absl::Milliseconds(200);
};

// How a projection is doing, for health checks and metrics.
struct ProjectionStatus {
  std::string name;
  uint32_t serving_version = 0;
  // The last log position the serving view has applied.
  uint64_t serving_position = 0;
  // How long the first event it has not applied has been in the log; zero when caught up.
  absl::Duration lag;
  // A version being built beside the serving one (0: none), and how far it has come.
  uint32_t building_version = 0;
  uint64_t building_position = 0;
  // When its thread last went round its loop (every 50 ms at least while it is well).
  absl::Time heartbeat;
  // What the batches it is retrying fail with, and since when; OK while they succeed.
  absl::Status failure;
  absl::Time failing_since;
  // Projection::required_by_reads.
  bool required_by_reads = true;
};

// Where a projection's view and progress are kept: its view in the ViewStore, its checkpoint
// and the version serving, as Checkpoints.
std::string ViewName(const std::string& name, uint32_t version);
std::string CheckpointKey(const std::string& name, uint32_t version);
std::string ServingKey(const std::string& name);

// Keeps projections up to date with the log, each on a thread of its own. A projection's
// view is ViewName(name, version) and its checkpoint CheckpointKey(name, version); both
// change in one ViewStore::Commit, so each event is applied exactly once across crashes. On
// start a projection resumes from its checkpoint; a new version is built from position 1 in
// the background while the previous version keeps serving, and replaces it once caught up.
// Thread-safe. The stores must outlive the engine.
class ProjectionEngine {
 public:
  ProjectionEngine(const eventstore::EventStore& log, eventstore::ViewStore& views,
                   eventstore::Checkpoints& checkpoints, EngineOptions options);
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
  // OUT_OF_RANGE when `position` is past the log's head: no client was given such a position,
  // so no read waits for it or answers as if it had been reached.
  absl::Status CheckReachable(uint64_t position) const;
  // Calls `ready` once the log itself holds `position`: at once (on this thread) when it does,
  // DEADLINE_EXCEEDED at `deadline`, OUT_OF_RANGE at once as CheckReachable says. For a read
  // folded from the log rather than a view, on a read replica that may still be copying it.
  void WhenLogReached(uint64_t position, absl::Time deadline, PositionWaiters::Ready ready) const;

  void WhenReached(const std::string& name, uint64_t position, absl::Time deadline,
                   PositionWaiters::Ready ready);
  bool WaitForPosition(const std::string& name, uint64_t position, absl::Time deadline) const;

  // Every projection's status, by name.
  std::vector<ProjectionStatus> Statuses() const;

  // Stops every projection after the batch it is applying.
  void Stop();

 private:
  struct Runner;
  void Run(Runner& runner);
  bool ApplyBatch(Runner& runner);
  // The `count` records from `from` on: the ones read ahead, if they are those; and when
  // `read_ahead`, starts reading the next ones on another thread.
  absl::StatusOr<std::vector<v1::EventRecord>> Read(Runner& runner, uint64_t from, size_t count,
                                                    bool read_ahead);
  void Swap(Runner& runner);
  // Drops a version of a view that no longer serves; a failure is logged.
  void DropVersion(const std::string& name, uint32_t version);
  void DropOlderVersions(const std::string& name, uint32_t version);

  const eventstore::EventStore& log_;
  eventstore::ViewStore& views_;
  eventstore::Checkpoints& checkpoints_;
  const EngineOptions options_;
  std::atomic<bool> stopping_{false};
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<Runner>> runners_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::projections
