#include "relay/replication_node.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/log.h"

namespace caseledger::relay {
namespace {

ForwardingOptions Forwarding(const NodeOptions& options) {
  ForwardingOptions forwarding;
  forwarding.url = options.relay.url;
  forwarding.stream = options.relay.stream;
  forwarding.subject_prefix = options.relay.subject_prefix;
  forwarding.replicas = options.relay.replicas;
  return forwarding;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ReplicationNode>> ReplicationNode::Start(
    eventstore::EventStore& log, eventstore::LogCopies* copies,
    eventstore::Checkpoints& checkpoints, NodeOptions options) {
  if (options.relay.url.empty()) return absl::InvalidArgumentError("nats url must not be empty");
  if (options.follow && copies == nullptr) {
    return absl::InvalidArgumentError("a read replica needs a store it can copy records into");
  }
  auto node = std::unique_ptr<ReplicationNode>(
      new ReplicationNode(log, copies, checkpoints, std::move(options)));
  absl::MutexLock lock(&node->mu_);
  if (!node->options_.follow) {
    if (absl::Status s = node->StartPrimary(); !s.ok()) return s;
    return node;
  }
  FollowerOptions follow;
  follow.url = node->options_.relay.url;
  follow.stream = node->options_.relay.stream;
  follow.subject_prefix = node->options_.relay.subject_prefix;
  follow.on_primary = [replicated = &node->replicated_](std::string address) {
    replicated->SetPrimaryAddress(std::move(address));
  };
  follow.on_copied = node->options_.on_copied;
  absl::StatusOr<std::unique_ptr<NatsFollower>> follower =
      NatsFollower::Start(log, *copies, std::move(follow));
  if (!follower.ok()) return follower.status();
  node->follower_ = *std::move(follower);
  return node;
}

ReplicationNode::ReplicationNode(eventstore::EventStore& log, eventstore::LogCopies* copies,
                                 eventstore::Checkpoints& checkpoints, NodeOptions options)
    : store_(log),
      copies_(copies),
      checkpoints_(checkpoints),
      options_(std::move(options)),
      replicated_(log, options_.mode, options_.sync_timeout),
      forwarded_(replicated_, Forwarding(options_)) {}

ReplicationNode::~ReplicationNode() { Stop(); }

void ReplicationNode::Stop() {
  replicated_.Close();
  forwarded_.Stop();
  absl::MutexLock promoting(&promote_mu_);
  absl::MutexLock lock(&mu_);
  intake_.reset();
  follower_.reset();
  relay_.reset();
}

void ReplicationNode::Advertise(std::string address) {
  absl::MutexLock lock(&mu_);
  advertised_ = std::move(address);
  if (relay_ != nullptr) relay_->SetPrimaryAddress(advertised_);
}

absl::Status ReplicationNode::StartPrimary() {
  RelayOptions relay_options = options_.relay;
  if (!advertised_.empty()) relay_options.primary_address = advertised_;
  absl::StatusOr<std::unique_ptr<NatsRelay>> relay =
      NatsRelay::Start(store_, checkpoints_, relay_options);
  if (!relay.ok()) return relay.status();
  relay_ = *std::move(relay);
  replicated_.BecomePrimary(*relay_);
  intake_ = std::make_unique<ForwardedIntake>(replicated_, Forwarding(options_));
  return absl::OkStatus();
}

absl::StatusOr<eventstore::LogHead> ReplicationNode::Promote(absl::Duration timeout) {
  // One promotion at a time. The copy catches up without `mu_` held, so the status and the
  // health check go on answering meanwhile.
  absl::MutexLock promoting(&promote_mu_);
  NatsFollower* follower = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (follower_ == nullptr) {
      return absl::FailedPreconditionError("this caseledgerd is already the primary");
    }
    follower = follower_.get();
  }
  if (absl::Status broken = follower->Status().broken; !broken.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("this replica's copy is broken and cannot take over: ", broken.message()));
  }
  if (absl::StatusOr<eventstore::LogHead> caught_up = follower->CatchUp(timeout); !caught_up.ok()) {
    return caught_up.status();
  }
  follower->Stop();
  absl::MutexLock lock(&mu_);
  // The stream holds every record of this log: the relay goes on after them.
  const eventstore::LogHead head = store_.Head();
  if (absl::Status s =
          checkpoints_.Save(NatsRelay::CheckpointName(options_.relay.stream), head.position);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = StartPrimary(); !s.ok()) return s;
  follower_.reset();
  log::Info("replica promoted to primary", {{"position", absl::StrCat(head.position)}});
  return head;
}

RelayStatus ReplicationNode::Status() const {
  absl::MutexLock lock(&mu_);
  RelayStatus status;
  if (relay_ != nullptr) {
    status = relay_->Status();
    status.role = status.fenced ? "fenced" : "primary";
  } else if (follower_ != nullptr) {
    const FollowerStatus copy = follower_->Status();
    status.connected = copy.connected;
    status.position = copy.position;
    status.head = copy.stream_last;
    status.lag_seconds = copy.lag_seconds;
    status.last_error = copy.last_error;
    status.role = copy.broken.ok() ? "replica" : "stopped";
    status.primary = replicated_.PrimaryAddress();
  }
  status.sync = options_.mode == Replication::kSync;
  return status;
}

}  // namespace caseledger::relay
