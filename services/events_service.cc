#include "services/events_service.h"

#include <deque>
#include <optional>

#include "absl/strings/str_cat.h"
#include "app/event_filter.h"
#include "app/methods.h"
#include "base/encoded_fields.h"
#include "eventstore/subscription.h"
#include "services/grpc_call.h"

namespace caseledger::services {
namespace {

// Streams one subscription. The log is read on the subscription's own thread into a
// bounded queue; gRPC writes one message at a time, each taking what has queued up since the
// last. When the queue is full the reader waits for the client; a client that reads nothing
// for `stall` is cut off.
class SubscribeReactor final : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
 public:
  SubscribeReactor(grpc::CallbackServerContext* context, const eventstore::EventStore& store,
                   projections::EventOrganisations& organisations, const app::Actor& actor,
                   const v1::SubscribeRequest& request, size_t limit, absl::Duration stall,
                   SubscriberCounts& counts)
      : context_(context),
        counts_(counts),
        filter_(store, organisations, actor.org_id, request),
        limit_(limit),
        stall_(stall),
        delivered_(request.after_position()) {
    counts_.live.fetch_add(1, std::memory_order_relaxed);
    eventstore::Subscription::Options options;
    // A read that fails (a damaged log) ends the stream with its error, once the events
    // read before it are sent.
    options.on_failure = [this](const absl::Status& failure) {
      absl::MutexLock lock(&mu_);
      failed_ = ToGrpcStatus(failure);
      WriteNextLocked();
    };
    subscription_ = eventstore::Subscription::Start(
        store, request.after_position(),
        [this](uint64_t position, absl::string_view record) { return Offer(position, record); },
        std::move(options));
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) return FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    delivered_ = sending_last_;
    sending_.Clear();
    sending_count_ = 0;
    if (ending_.has_value()) return FinishLocked(*ending_);
    WriteNextLocked();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    FinishLocked(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    subscription_->Stop();
    counts_.live.fetch_sub(1, std::memory_order_relaxed);
    delete this;
  }

 private:
  // Queues the event as the log holds it, encoded as it is sent, if the filter passes it:
  // each is parsed to tell its organisation. An event that can't be judged ends the stream
  // with the reason, never a silent gap. One passed over is skipped, so positions stay the
  // log's and a subscriber resumes after the last one it was sent.
  absl::Status Offer(uint64_t position, absl::string_view record) {
    if (absl::Status s = eventstore::ParseRecordInto(record, position, parsed_); !s.ok()) return s;
    absl::StatusOr<bool> wanted = filter_.Wants(parsed_);
    if (!wanted.ok()) return wanted.status();
    if (!*wanted) return absl::OkStatus();
    Queued queued{position, std::string(record)};
    absl::MutexLock lock(&mu_);
    auto room = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return finished_ || ending_.has_value() || queue_.size() < limit_;
    };
    mu_.AwaitWithTimeout(absl::Condition(&room), stall_);
    if (finished_ || ending_.has_value()) return absl::CancelledError("the stream ended");
    if (queue_.size() >= limit_) {
      // A slow consumer: end the stream rather than grow without bound.
      counts_.cut_off.fetch_add(1, std::memory_order_relaxed);
      const std::string resume = absl::StrCat(delivered_);
      context_->AddTrailingMetadata("x-caseledger-resume-after", resume);
      FinishLocked(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("the subscriber read nothing for ", absl::FormatDuration(stall_), " with ",
                       limit_, " events waiting; subscribe again with after_position ", resume)));
      return absl::ResourceExhaustedError("subscriber too slow");
    }
    queue_.push_back(std::move(queued));
    WriteNextLocked();
    return absl::OkStatus();
  }

  // Sends what is queued, as one message of up to kBatchRecords records or about
  // kBatchBytes: one message an event would cost more than the events. With nothing left
  // to send, ends the stream of a subscription that failed.
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || finished_ || ending_.has_value()) return;
    if (queue_.empty()) {
      if (failed_.has_value()) FinishLocked(*failed_);
      return;
    }
    size_t bytes = 0;
    while (!queue_.empty() && sending_count_ < kBatchRecords && bytes < kBatchBytes) {
      Queued& next = queue_.front();
      bytes += next.record.size();
      sending_last_ = next.position;
      AddEncoded(sending_, v1::SubscribeResponse::kRecordsFieldNumber, std::move(next.record));
      ++sending_count_;
      queue_.pop_front();
    }
    writing_ = true;
    StartWrite(&sending_);
  }

  // Ends the stream with `status`: at once, or, with a write in flight, when it completes
  // (gRPC takes no Finish while a write is outstanding).
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    if (writing_) {
      ending_ = status;
      return;
    }
    finished_ = true;
    Finish(status);
  }

  grpc::CallbackServerContext* const context_;
  SubscriberCounts& counts_;
  app::EventFilter filter_;
  v1::EventRecord parsed_;  // the event being offered; parsed into again for the next
  const size_t limit_;
  const absl::Duration stall_;
  absl::Mutex mu_;
  static constexpr int kBatchRecords = 500;
  static constexpr size_t kBatchBytes = 1 << 20;

  // An event waiting to be sent, encoded.
  struct Queued {
    uint64_t position;
    std::string record;
  };
  std::deque<Queued> queue_ ABSL_GUARDED_BY(mu_);
  // The message being written, its records encoded: gRPC holds it until OnWriteDone.
  v1::SubscribeResponse sending_ ABSL_GUARDED_BY(mu_);
  int sending_count_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t sending_last_ ABSL_GUARDED_BY(mu_) = 0;  // the last record's position
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> ending_ ABSL_GUARDED_BY(mu_);
  // Why the subscription stopped reading, sent once what it read is.
  std::optional<grpc::Status> failed_ ABSL_GUARDED_BY(mu_);
  uint64_t delivered_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<eventstore::Subscription> subscription_;
};

// A stream refused before it began: it ends with End's status.
class EndedStream final : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
 public:
  void End(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<v1::SubscribeResponse>* EventsService::Subscribe(
    grpc::CallbackServerContext* context, const v1::SubscribeRequest* request) {
  auto end = [](const absl::Status& status) {
    auto* ended = new EndedStream();
    ended->End(status);
    return ended;
  };
  absl::StatusOr<app::Actor> actor = authenticator_.Authenticate(GrpcHeaders(*context));
  if (!actor.ok()) return end(actor.status());
  const app::Target everything;
  if (absl::Status s = access_.Decide(*actor, app::methods::kSubscribe, everything); !s.ok()) {
    auto* refused = new EndedStream();
    access_.Refuse(*actor, app::methods::kSubscribe, everything, std::move(s),
                   [refused](absl::Status refusal) { refused->End(refusal); });
    return refused;
  }
  // A position the log has not reached is a client's mistake, not a wait for the future.
  if (request->after_position() > store_.WaitableHead()) {
    return end(
        absl::OutOfRangeError(absl::StrCat("after_position ", request->after_position(),
                                           " is past the log's head ", store_.Head().position)));
  }
  return new SubscribeReactor(context, store_, organisations_, *actor, *request, buffer_limit_,
                              stall_, subscribers_);
}

grpc::ServerUnaryReactor* EventsService::RelayStatus(grpc::CallbackServerContext* context,
                                                     const v1::RelayStatusRequest* request,
                                                     v1::RelayStatusResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    access_.Authorize(actor, app::methods::kRelayStatus, app::Target(),
                      [this, response, done = std::move(done)](absl::Status admitted) {
                        if (admitted.ok()) Report(*response);
                        done(admitted);
                      });
  });
}

void EventsService::Report(v1::RelayStatusResponse& response) const {
  const uint64_t head = store_.Head().position;
  response.set_head(head);
  if (relay_ == nullptr) return;
  const relay::RelayStatus status = relay_->Status();
  response.set_enabled(true);
  response.set_connected(status.connected);
  response.set_position(status.position);
  response.set_lag_events(status.head - std::min(status.head, status.position));
  response.set_lag_seconds(status.lag_seconds);
  response.set_last_error(status.last_error);
  response.set_head(std::max(head, status.head));
  response.set_role(status.role);
  response.set_primary(status.primary);
  response.set_sync(status.sync);
}

}  // namespace caseledger::services
