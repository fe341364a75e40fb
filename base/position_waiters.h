#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace caseledger {

// Callers waiting for something (the log, a view) to reach a log position, without holding a
// thread: each waiter's callback runs once, with OK when the position is reached or
// DEADLINE_EXCEEDED when its deadline passes first. Thread-safe.
class PositionWaiters {
 public:
  using Ready = std::function<void(absl::Status)>;

  explicit PositionWaiters(uint64_t position);
  // Fails the waiters still waiting with UNAVAILABLE.
  ~PositionWaiters();

  // Calls `ready` at once (on this thread) when `position` is already reached.
  void Add(uint64_t position, absl::Time deadline, Ready ready);
  // The view reached `position`: run the callbacks of everyone waiting for it or less.
  void Advance(uint64_t position);
  uint64_t position() const;
  // Blocks until `position` is reached (true) or `deadline` passes (false).
  bool Wait(uint64_t position, absl::Time deadline) const;

 private:
  struct Waiter {
    absl::Time deadline;
    Ready ready;
  };
  void ExpireLoop();

  mutable absl::Mutex mu_;
  uint64_t position_ ABSL_GUARDED_BY(mu_);
  std::multimap<uint64_t, Waiter> waiting_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t added_ ABSL_GUARDED_BY(mu_) = 0;  // wakes the expirer for a new deadline
  std::thread expirer_;
};

}  // namespace caseledger
