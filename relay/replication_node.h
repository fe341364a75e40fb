#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/checkpoints.h"
#include "eventstore/event_store.h"
#include "eventstore/log_copies.h"
#include "relay/forwarded_appends.h"
#include "relay/nats_follower.h"
#include "relay/nats_relay.h"
#include "relay/replicated_log.h"

namespace caseledger::relay {

struct NodeOptions {
  // The broker, the stream and how to relay to it (as the primary, or once promoted).
  RelayOptions relay;
  Replication mode = Replication::kAsync;
  // Start as a read replica of the stream rather than as its primary.
  bool follow = false;
  // How long a command waits in sync mode for the broker before it is answered UNAVAILABLE.
  absl::Duration sync_timeout = absl::Seconds(10);
  // See FollowerOptions::on_copied.
  std::function<void(absl::Duration)> on_copied;
};

// One caseledgerd in a deployment replicated through a NATS JetStream stream: the primary
// (relaying its log to the stream, and in sync mode answering commands only once the stream
// holds their events) or a read replica (copying the stream into its log, refusing commands
// with the primary's address), which Promote makes the primary. Thread-safe.
class ReplicationNode {
 public:
  // `log` and `checkpoints` belong to one store; `copies` writes into that log (required to
  // follow). All must outlive the node.
  static absl::StatusOr<std::unique_ptr<ReplicationNode>> Start(
      eventstore::EventStore& log, eventstore::LogCopies* copies,
      eventstore::Checkpoints& checkpoints, NodeOptions options);
  // Stop()s.
  ~ReplicationNode();
  // Stops copying, relaying and forwarding; appends are refused from then on. Before what
  // waits on them (the application) goes.
  void Stop();

  // What the application appends through and reads.
  eventstore::EventStore& log() { return replicated_; }
  // Whether this node is the primary now, and the primary's address.
  const ReplicatedLog& role() const { return replicated_; }
  // What the records of who read what are appended through: on a replica, forwarded to the
  // primary (ForwardedAppends).
  eventstore::EventStore& access_records() { return forwarded_; }

  // Makes this replica the primary: copies every record the stream holds (for up to
  // `timeout`), stops following, relays from its head and takes commands. Returns the head
  // it took over at. FAILED_PRECONDITION on a primary, or on a replica whose copy broke;
  // DEADLINE_EXCEEDED when it could not catch up in time (it then goes on following).
  absl::StatusOr<eventstore::LogHead> Promote(absl::Duration timeout);

  // The address this node gives replicas as the primary's, when it is (or becomes) the primary.
  void Advertise(std::string address);

  // The relay's status on a primary; on a replica, the copy's: position copied, the stream's
  // last position as head, and the lag.
  RelayStatus Status() const;

 private:
  ReplicationNode(eventstore::EventStore& log, eventstore::LogCopies* copies,
                  eventstore::Checkpoints& checkpoints, NodeOptions options);
  // Starts the relay and takes commands.
  absl::Status StartPrimary() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  eventstore::EventStore& store_;
  eventstore::LogCopies* const copies_;
  eventstore::Checkpoints& checkpoints_;
  const NodeOptions options_;
  ReplicatedLog replicated_;
  ForwardedAppends forwarded_;
  // Held through a promotion (and a stop), taken before `mu_`.
  absl::Mutex promote_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  mutable absl::Mutex mu_;
  std::unique_ptr<ForwardedIntake> intake_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<NatsFollower> follower_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<NatsRelay> relay_ ABSL_GUARDED_BY(mu_);
  std::string advertised_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::relay
