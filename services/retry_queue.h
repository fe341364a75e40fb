#pragma once

#include <deque>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace caseledger::services {

// Runs posted work, in order, on one thread of its own: where a command whose append lost
// a race is tried again, away from the store's writer thread. Thread-safe.
class RetryQueue {
 public:
  RetryQueue();
  // Runs what is queued, then stops.
  ~RetryQueue();

  void Post(std::function<void()> work);

 private:
  void Run();

  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace caseledger::services
