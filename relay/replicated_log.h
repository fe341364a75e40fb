#pragma once

#include <atomic>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/pass_through_log.h"
#include "relay/nats_relay.h"

namespace caseledger::relay {

// How a primary acknowledges a command: once its events are on the local disk (kAsync; the
// relay sends them to the broker after), or once the broker's replicated stream holds them
// too (kSync), so that no acknowledged command is lost with the primary's machine.
enum class Replication { kAsync, kSync };

// "async" or "sync"; INVALID_ARGUMENT otherwise.
absl::StatusOr<Replication> ParseReplication(absl::string_view text);

// The log as the application sees it on a node that replicates through the broker. On a
// read replica every append is refused with FAILED_PRECONDITION naming the primary; on the
// primary appends go to the local log and, in sync mode, are answered only once the relay
// has had them acknowledged by the broker (the relay sends whatever the writer committed in
// one batch, so one broker round trip serves a whole group of commands). A primary whose relay
// was fenced refuses appends too. Reads pass through. Thread-safe.
class ReplicatedLog final : public eventstore::PassThroughLog {
 public:
  // A read replica until BecomePrimary. `log` must outlive it.
  ReplicatedLog(eventstore::EventStore& log, Replication mode, absl::Duration sync_timeout);

  // Takes appends from now on, relaying them with `relay` (which must outlive this).
  void BecomePrimary(NatsRelay& relay);
  bool IsPrimary() const { return relay_.load(std::memory_order_acquire) != nullptr; }
  // Refuses every append from now on (UNAVAILABLE): the server is stopping, and the relay goes.
  void Close();
  // Where a replica sends those whose commands it refuses.
  void SetPrimaryAddress(std::string address);
  std::string PrimaryAddress() const;

  // On a replica, any position: the primary may have committed it, and it is on its way.
  uint64_t WaitableHead() const override;

  void AppendAsync(eventstore::AppendRequest request, eventstore::AppendCallback done) override;
  void AppendStreamsAsync(eventstore::MultiStreamAppendRequest request,
                          eventstore::MultiStreamAppendCallback done) override;

 private:
  // Why an append is refused now; OK when it may go ahead.
  absl::Status Refusal() const;

  const Replication mode_;
  const absl::Duration sync_timeout_;
  std::atomic<NatsRelay*> relay_{nullptr};
  std::atomic<bool> closed_{false};
  mutable absl::Mutex mu_;
  std::string primary_address_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::relay
