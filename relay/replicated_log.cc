#include "relay/replicated_log.h"

#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventstore/multi_stream.h"

namespace caseledger::relay {

absl::StatusOr<Replication> ParseReplication(absl::string_view text) {
  if (text == "async") return Replication::kAsync;
  if (text == "sync") return Replication::kSync;
  return absl::InvalidArgumentError(
      absl::StrCat("replication must be async or sync, not '", text, "'"));
}

ReplicatedLog::ReplicatedLog(eventstore::EventStore& log, Replication mode,
                             absl::Duration sync_timeout)
    : PassThroughLog(log), mode_(mode), sync_timeout_(sync_timeout) {}

void ReplicatedLog::BecomePrimary(NatsRelay& relay) {
  relay_.store(&relay, std::memory_order_release);
}

void ReplicatedLog::SetPrimaryAddress(std::string address) {
  absl::MutexLock lock(&mu_);
  primary_address_ = std::move(address);
}

std::string ReplicatedLog::PrimaryAddress() const {
  absl::MutexLock lock(&mu_);
  return primary_address_;
}

uint64_t ReplicatedLog::WaitableHead() const {
  return IsPrimary() ? log().Head().position : std::numeric_limits<uint64_t>::max();
}

void ReplicatedLog::Close() {
  closed_.store(true, std::memory_order_release);
  relay_.store(nullptr, std::memory_order_release);
}

absl::Status ReplicatedLog::Refusal() const {
  if (closed_.load(std::memory_order_acquire)) {
    return absl::UnavailableError("the server is stopping");
  }
  const NatsRelay* relay = relay_.load(std::memory_order_acquire);
  if (relay == nullptr) {
    const std::string primary = PrimaryAddress();
    return absl::FailedPreconditionError(
        absl::StrCat("this caseledgerd is a read replica: send commands to the primary",
                     primary.empty() ? std::string(" (its address is not known yet)")
                                     : absl::StrCat(" at ", primary)));
  }
  if (relay->Fenced()) {
    return absl::FailedPreconditionError(
        "this caseledgerd is no longer the primary: the broker's stream holds events of another "
        "primary; restart it as a replica (--follow)");
  }
  return absl::OkStatus();
}

void ReplicatedLog::AppendAsync(eventstore::AppendRequest request,
                                eventstore::AppendCallback done) {
  AppendStreamsAsync(eventstore::OneStream(std::move(request)),
                     eventstore::FirstStreamOf(std::move(done)));
}

void ReplicatedLog::AppendStreamsAsync(eventstore::MultiStreamAppendRequest request,
                                       eventstore::MultiStreamAppendCallback done) {
  if (absl::Status refused = Refusal(); !refused.ok()) {
    done(refused);
    return;
  }
  if (mode_ == Replication::kAsync) {
    log().AppendStreamsAsync(std::move(request), std::move(done));
    return;
  }
  NatsRelay* relay = relay_.load(std::memory_order_acquire);
  log().AppendStreamsAsync(
      std::move(request),
      [relay, timeout = sync_timeout_, done = std::move(done)](
          absl::StatusOr<eventstore::MultiStreamAppendResult> appended) mutable {
        if (!appended.ok()) {
          done(appended.status());
          return;
        }
        const uint64_t last = appended->last_position();
        relay->WhenRelayed(
            last, absl::Now() + timeout,
            [relay, last, appended = *std::move(appended),
             done = std::move(done)](absl::Status relayed) mutable {
              if (relayed.ok()) {
                done(std::move(appended));
                return;
              }
              RelayStatus status = relay->Status();
              done(absl::UnavailableError(absl::StrCat(
                  "written here, but the broker has not acknowledged position ", last,
                  status.fenced ? " (this primary was fenced)" : "",
                  status.last_error.empty() ? "" : absl::StrCat(": ", status.last_error),
                  "; send the command again with the same command id")));
            });
      });
}

}  // namespace caseledger::relay
