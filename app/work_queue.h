#pragma once

#include <deque>
#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace caseledger::app {

// Runs posted work, in order, on one thread of its own: work that must not run on a thread
// that answers calls or commits the log (a command tried again after losing a race, an
// erasure's slow steps). Thread-safe.
class WorkQueue {
 public:
  WorkQueue();
  // Runs what is queued, then stops.
  ~WorkQueue();

  void Post(std::function<void()> work);

 private:
  void Run();

  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace caseledger::app
