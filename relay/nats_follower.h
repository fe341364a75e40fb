#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/event_store.h"
#include "eventstore/log_copies.h"

namespace caseledger::relay {

struct NatsConnection;

struct FollowerOptions {
  std::string url;  // one server or a cluster's, separated by commas
  std::string stream = "CASELEDGER";
  std::string subject_prefix = "caseledger";  // as the primary's relay (RelayOptions)
  // Records copied in one write at most.
  size_t batch = 1000;
  absl::Duration max_backoff = absl::Seconds(5);
  // Told the primary's address whenever a record names another one. Optional; must be quick.
  std::function<void(std::string)> on_primary;
  // Told, after each write, how long the last record copied took from the primary's commit to
  // this log. Optional; must be quick.
  std::function<void(absl::Duration)> on_copied;
};

struct FollowerStatus {
  bool connected = false;
  uint64_t position = 0;     // the last position copied into this log
  uint64_t stream_last = 0;  // the last position the stream was seen to hold
  // How long the last record copied took to arrive, or, while records wait, how long ago the
  // last one copied was committed by the primary.
  double lag_seconds = 0;
  std::string last_error;
  // Set when a record did not follow the log (a gap, a reorder, a broken hash): the follower
  // stopped there and copies nothing more.
  absl::Status broken;
};

// A read replica's copy of the primary's log: reads the broker's stream in order from the
// record after this log's head (an ordered consumer) and writes the records as they are
// (LogCopies), after checking each one's position and hash against the record before. A
// record that does not follow stops it for good with DATA_LOSS naming the position; a lost
// connection or a failed write is retried with backoff from the log's head. Thread-safe.
class NatsFollower {
 public:
  // Starts following on a thread of its own. `log` and `copies` (the same store) must
  // outlive the follower.
  static absl::StatusOr<std::unique_ptr<NatsFollower>> Start(const eventstore::EventStore& log,
                                                             eventstore::LogCopies& copies,
                                                             FollowerOptions options);
  // Stop()s.
  ~NatsFollower();

  FollowerStatus Status() const;

  // The position and hash of the stream's last record, read from the broker now (position 0:
  // it is empty).
  absl::StatusOr<eventstore::LogHead> StreamHead() const;

  // Blocks until this log holds every record the stream held when called, and returns the
  // stream's head then. DATA_LOSS when the follower broke; DEADLINE_EXCEEDED after `timeout`.
  absl::StatusOr<eventstore::LogHead> CatchUp(absl::Duration timeout) const;

  // Stops following, after the write in flight.
  void Stop();

 private:
  NatsFollower(const eventstore::EventStore& log, eventstore::LogCopies& copies,
               FollowerOptions options);
  void Run();
  // Subscribes from the record after the head and copies until an error or a stop.
  absl::Status Follow();
  void NotePrimary(std::string address);

  const eventstore::EventStore& log_;
  eventstore::LogCopies& copies_;
  const FollowerOptions options_;
  std::atomic<bool> stopping_{false};
  mutable absl::Mutex mu_;
  bool connected_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t stream_last_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_recorded_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Duration last_lag_ ABSL_GUARDED_BY(mu_);
  std::string last_error_ ABSL_GUARDED_BY(mu_);
  absl::Status broken_ ABSL_GUARDED_BY(mu_);
  std::string primary_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

// Copies every record of the stream at `options.url` into `copies`' log, which must hold none
// of them yet or a beginning of them, and returns the head, which is the stream's last record:
// a store restored from the broker alone. DATA_LOSS when a record does not follow, or the head
// is not the stream's last record.
absl::StatusOr<eventstore::LogHead> RestoreFromStream(const eventstore::EventStore& log,
                                                      eventstore::LogCopies& copies,
                                                      const FollowerOptions& options,
                                                      absl::Duration timeout);

// Whether `log` holds records the stream does not: its head is not the stream's record at that
// position (a primary's writes that never reached the broker before another took over).
absl::StatusOr<bool> HoldsRecordsNotInStream(const eventstore::EventStore& log,
                                             const FollowerOptions& options);

}  // namespace caseledger::relay
