#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/event_store.h"

namespace caseledger::eventstore {

// Delivers every event after a position, in log order, on a thread of its own: first
// the events already in the log (catch-up), then each new one as it commits (live).
// Both phases read the committed log by position, so the switch has no gap and no
// duplicate. Stops when Stop() is called, when the handler returns an error, or when
// a read fails; status() then says which.
class Subscription {
 public:
  // Given each event as the log holds it: its position and its record's encoding (a
  // serialized EventRecord), valid only during the call.
  using Handler = std::function<absl::Status(uint64_t position, absl::string_view record)>;

  struct Options {
    size_t batch_size = 512;
    // How often a waiting subscription checks whether it was stopped.
    absl::Duration poll_interval = absl::Milliseconds(50);
    // Called once, on the subscription's thread, when it stops on an error (a failed read or
    // the handler's error), with that error; not when it is stopped.
    std::function<void(const absl::Status&)> on_failure;
  };

  // `store` must outlive the subscription.
  static std::unique_ptr<Subscription> Start(const EventStore& store, uint64_t after_position,
                                             Handler handler, Options options);
  static std::unique_ptr<Subscription> Start(const EventStore& store, uint64_t after_position,
                                             Handler handler) {
    return Start(store, after_position, std::move(handler), Options());
  }

  // Stop()s.
  ~Subscription();

  // Stops delivering and waits for the thread. Safe to call more than once, but not
  // from inside the handler.
  void Stop();

  // The position of the last event handed to the handler successfully.
  uint64_t position() const { return position_.load(); }

  // OK while running or after Stop(); the handler's or the read's error otherwise.
  absl::Status status() const;

 private:
  Subscription(const EventStore& store, uint64_t after_position, Handler handler, Options options);
  void Run();

  const EventStore& store_;
  const Handler handler_;
  const Options options_;
  std::atomic<uint64_t> position_;
  std::atomic<bool> stopping_{false};
  mutable absl::Mutex mu_;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace caseledger::eventstore
