#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/pass_through_log.h"
#include "relay/replicated_log.h"

namespace caseledger::relay {

struct NatsConnection;

struct ForwardingOptions {
  std::string url;
  // The broker's stream for forwarded appends is "<stream>_FORWARDED", on subject
  // "<subject_prefix>.forwarded", with `replicas` copies.
  std::string stream = "CASELEDGER";
  std::string subject_prefix = "caseledger";
  int replicas = 1;
  size_t batch = 256;
  // How long an append waits for the broker before it fails with UNAVAILABLE.
  absl::Duration timeout = absl::Seconds(10);
};

// The appends a read replica must make although its log is a copy: the records of who read
// what. On the primary they go to its log. On a replica each is published to a stream of the
// broker and acknowledged once the broker holds it (quorum-replicated, like the log's stream),
// so no read goes unrecorded even if the replica's machine is lost; the primary takes them in
// (ForwardedIntake) and appends them, and they come back to the replica with the rest of the
// log. Only single-stream appends with no expectation of the stream's revision are forwarded.
// Reads pass through to the log. Thread-safe.
class ForwardedAppends final : public eventstore::PassThroughLog {
 public:
  // `log` must outlive this.
  ForwardedAppends(ReplicatedLog& log, ForwardingOptions options);
  // Stop()s.
  ~ForwardedAppends() override;
  // Forwards what is queued, then refuses more (UNAVAILABLE).
  void Stop();

  void AppendAsync(eventstore::AppendRequest request, eventstore::AppendCallback done) override;

  static std::string StreamName(absl::string_view stream) {
    return std::string(stream) + "_FORWARDED";
  }

 private:
  struct Pending {
    eventstore::AppendRequest request;
    eventstore::AppendCallback done;
  };
  void Run();
  // Publishes `batch` and waits for the broker; every append's `done` runs.
  void Forward(std::vector<Pending>& batch);
  absl::Status Connect();

  ReplicatedLog& replicated_;
  const ForwardingOptions options_;
  std::unique_ptr<NatsConnection> nats_;
  std::atomic<int> publish_errors_{0};
  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// On the primary: appends to its log what replicas forwarded (ForwardedAppends), each once,
// acknowledging it to the broker only when the log holds it. Thread-safe.
class ForwardedIntake {
 public:
  // `log` (what the application appends through) must outlive the intake.
  ForwardedIntake(eventstore::EventStore& log, ForwardingOptions options);
  ~ForwardedIntake();

 private:
  void Run();
  // Takes in what waits, until an error or a stop.
  absl::Status TakeIn();

  eventstore::EventStore& log_;
  const ForwardingOptions options_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace caseledger::relay
