#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "base/position_waiters.h"
#include "eventstore/checkpoints.h"
#include "eventstore/event_store.h"

namespace caseledger::relay {

struct NatsConnection;

struct RelayOptions {
  std::string url;  // e.g. nats://127.0.0.1:4222
  std::string stream = "CASELEDGER";
  // Each event goes to "<subject_prefix>.<organisation>.events.<event type>" (subjects.h),
  // e.g. caseledger.north.events.NoteRecorded; the stream takes "<subject_prefix>.*.events.>".
  std::string subject_prefix = "caseledger";
  // The organisation an event belongs to (required). An error stops the batch at the event,
  // to be tried again.
  std::function<absl::StatusOr<std::string>(const v1::EventRecord&)> organisation_of;
  size_t batch = 1000;
  // Copies the broker keeps of each message, when the relay creates the stream (a cluster of
  // three: 3).
  int replicas = 1;
  // How long the broker keeps message ids to drop duplicates: longer than any outage.
  absl::Duration duplicate_window = absl::Hours(24);
  absl::Duration max_backoff = absl::Seconds(5);
  // The gRPC address of this primary, sent with each event so replicas can name it ("" for
  // none; see NatsRelay::SetPrimaryAddress).
  std::string primary_address;
};

struct RelayStatus {
  bool connected = false;
  uint64_t position = 0;  // acknowledged by the broker
  uint64_t head = 0;
  double lag_seconds = 0;
  std::string last_error;
  // The stream's last record, found on (re)connecting, is not one of this log's: another
  // primary has written to the stream. Nothing more is relayed.
  bool fenced = false;
  // Filled in by ReplicationNode: "primary", "replica", "fenced" (a primary that found another
  // writing to the stream) or "stopped" (a replica whose copy broke); "" for the relay alone.
  std::string role;
  std::string primary;  // on a replica: the primary's address, as its records name it
  bool sync = false;    // commands wait for the broker (Replication::kSync)
};

// Publishes every committed event, in log order, to a NATS JetStream stream, on a subject
// that names its organisation, with the event id as Nats-Msg-Id so the broker drops
// duplicates. Events go out in batches; the
// checkpoint (in RocksDB) advances only once the broker has acknowledged a whole batch, so
// after a crash, a broker outage or a failed batch the relay sends again from the
// checkpoint and nothing is lost or delivered twice. Appends never wait for it.
// Thread-safe.
class NatsRelay {
 public:
  // Starts relaying from the stored checkpoint, on a thread of its own; connects (and
  // creates or checks the stream) in the background, retrying with backoff.
  // `log` and `checkpoints` must outlive the relay.
  static absl::StatusOr<std::unique_ptr<NatsRelay>> Start(const eventstore::EventStore& log,
                                                          eventstore::Checkpoints& checkpoints,
                                                          RelayOptions options);

  // The name its checkpoint is saved under.
  static std::string CheckpointName(absl::string_view stream);
  // Stops after the batch in flight.
  ~NatsRelay();

  RelayStatus Status() const;
  // The address sent with each event from now on (RelayOptions::primary_address).
  void SetPrimaryAddress(std::string address);
  // True once the stream was found to hold another primary's events (RelayStatus::fenced).
  bool Fenced() const { return fenced_.load(std::memory_order_acquire); }

  // Calls `relayed` once, without blocking: OK when the broker has acknowledged every event
  // up to `position` (at once, on this thread, if it has), DEADLINE_EXCEEDED when `deadline`
  // passes first, UNAVAILABLE when the relay stops first. Runs on the relay's thread, so it
  // must be quick.
  void WhenRelayed(uint64_t position, absl::Time deadline, PositionWaiters::Ready relayed);

 private:
  NatsRelay(const eventstore::EventStore& log, eventstore::Checkpoints& checkpoints,
            RelayOptions options, uint64_t position);
  void Run();
  absl::Status Connect();
  // Publishes the events from `next`, up to a batch, and waits for the broker's
  // acknowledgements; returns the last position published, 0 when none was waiting.
  absl::StatusOr<uint64_t> PublishBatch(uint64_t next);
  // Starts publishing one event: its record as stored, and the record read for its headers.
  // `previous_event_id`: the event before it in the log, which the broker must hold as the
  // stream's last message (empty for the log's first).
  absl::Status Publish(const v1::EventRecord& record, absl::string_view encoded,
                       const std::string& previous_event_id, const std::string& primary_address);
  absl::Status SaveCheckpoint(uint64_t position);
  // Fences this relay (FAILED_PRECONDITION) unless the stream's last record, at
  // `last_sequence`, is one of this log's: else another primary has written to it.
  absl::Status CheckStreamIsOurs(NatsConnection& nats, uint64_t last_sequence);
  void Disconnect();

  const eventstore::EventStore& store_;
  eventstore::Checkpoints& checkpoints_;
  const RelayOptions options_;
  const std::string checkpoint_key_;
  std::unique_ptr<NatsConnection> nats_;
  std::atomic<uint64_t> position_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> publish_errors_{0};
  std::atomic<bool> fenced_{false};
  mutable absl::Mutex mu_;
  bool connected_ ABSL_GUARDED_BY(mu_) = false;
  std::string last_error_ ABSL_GUARDED_BY(mu_);
  std::string primary_address_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
  // Those waiting for the broker to acknowledge a position. Last, so that it goes first: those
  // still waiting are answered (UNAVAILABLE) while the rest of the relay is there to ask.
  PositionWaiters relayed_;
};

}  // namespace caseledger::relay
