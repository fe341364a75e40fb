#include "services/events_service.h"

#include <deque>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/encoded_fields.h"
#include "caseledger/v1/case_events.pb.h"
#include "eventstore/subscription.h"
#include "services/admission.h"
#include "services/grpc_status.h"

namespace caseledger::services {
namespace {

constexpr absl::string_view kCasePrefix = "case-";

// Which events a subscriber asked for. Knows each case's worker at each event by folding
// the case's assignments, the first time it sees the case.
class EventFilter {
 public:
  EventFilter(const eventstore::EventStore& store, const v1::SubscribeRequest& request)
      : store_(store),
        types_(request.event_types().begin(), request.event_types().end()),
        stream_(request.case_id().empty() ? "" : absl::StrCat(kCasePrefix, request.case_id())),
        worker_(request.worker_id()) {}

  // Whether every event is wanted, so none need be read to choose.
  bool WantsAll() const { return types_.empty() && stream_.empty() && worker_.empty(); }

  bool Wants(const v1::EventRecord& record) {
    if (!types_.empty() && !types_.contains(record.type())) return false;
    if (!stream_.empty() && record.stream_id() != stream_) return false;
    if (worker_.empty()) return true;
    if (!absl::StartsWith(record.stream_id(), kCasePrefix)) return false;
    auto it = workers_.find(record.stream_id());
    if (it == workers_.end()) {
      std::string worker;
      if (record.stream_revision() > 1) {
        auto earlier = store_.ReadStream(record.stream_id(), 1, eventstore::Direction::kForward,
                                         record.stream_revision() - 1);
        if (earlier.ok()) {
          for (const auto& r : *earlier) worker = WorkerAfter(r, worker);
        }
      }
      it = workers_.emplace(record.stream_id(), worker).first;
    }
    it->second = WorkerAfter(record, it->second);
    return it->second == worker_;
  }

 private:
  static std::string WorkerAfter(const v1::EventRecord& record, const std::string& before) {
    if (record.type() != "CaseAssigned") return before;
    v1::CaseEvent event;
    return event.ParseFromString(record.payload()) ? event.case_assigned().worker_id() : before;
  }

  const eventstore::EventStore& store_;
  const absl::flat_hash_set<std::string> types_;
  const std::string stream_;
  const std::string worker_;
  absl::flat_hash_map<std::string, std::string> workers_;
};

// Streams one subscription. The log is read on the subscription's own thread into a
// bounded queue; gRPC writes one message at a time, each taking what has queued up since the
// last. When the queue is full the reader waits for the client; a client that reads nothing
// for `stall` is cut off.
class SubscribeReactor final : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
 public:
  SubscribeReactor(grpc::CallbackServerContext* context, const eventstore::EventStore& store,
                   const v1::SubscribeRequest& request, size_t limit, absl::Duration stall)
      : context_(context), filter_(store, request), limit_(limit), stall_(stall),
        delivered_(request.after_position()) {
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
    delete this;
  }

 private:
  // Queues the event as the log holds it, encoded as it is sent; only a subscriber that
  // chose some events has each one parsed, the others only checked to be well formed.
  absl::Status Offer(uint64_t position, absl::string_view record) {
    if (filter_.WantsAll()) {
      if (absl::Status s = eventstore::CheckRecordEncoding(record, position); !s.ok()) return s;
    } else {
      v1::EventRecord parsed;
      if (absl::Status s = eventstore::ParseRecordInto(record, position, parsed); !s.ok()) return s;
      if (!filter_.Wants(parsed)) return absl::OkStatus();
    }
    Queued queued{position, std::string(record)};
    absl::MutexLock lock(&mu_);
    auto room = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return finished_ || ending_.has_value() || queue_.size() < limit_;
    };
    mu_.AwaitWithTimeout(absl::Condition(&room), stall_);
    if (finished_ || ending_.has_value()) return absl::CancelledError("the stream ended");
    if (queue_.size() >= limit_) {
      // A slow consumer: end the stream rather than grow without bound.
      const std::string resume = absl::StrCat(delivered_);
      context_->AddTrailingMetadata("x-caseledger-resume-after", resume);
      FinishLocked(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("the subscriber read nothing for ", absl::FormatDuration(stall_),
                       " with ", limit_, " events waiting; subscribe again with after_position ",
                       resume)));
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
  EventFilter filter_;
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

class FailedStream final : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
 public:
  explicit FailedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<v1::SubscribeResponse>* EventsService::Subscribe(
    grpc::CallbackServerContext* context, const v1::SubscribeRequest* request) {
  absl::Status admitted = Admit(*context, authenticator_, authorizer_, "Events.Subscribe").status();
  if (!admitted.ok()) return new FailedStream(ToGrpcStatus(admitted));
  // A position the log has not reached is a client's mistake, not a wait for the future.
  if (const uint64_t head = store_.Head().position; request->after_position() > head) {
    return new FailedStream(grpc::Status(
        grpc::StatusCode::OUT_OF_RANGE,
        absl::StrCat("after_position ", request->after_position(), " is past the log's head ",
                     head)));
  }
  return new SubscribeReactor(context, store_, *request, buffer_limit_, stall_);
}

grpc::ServerUnaryReactor* EventsService::RelayStatus(grpc::CallbackServerContext* context,
                                                     const v1::RelayStatusRequest* request,
                                                     v1::RelayStatusResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status admitted = Admit(*context, authenticator_, authorizer_, "Events.RelayStatus").status();
  if (admitted.ok()) {
    const uint64_t head = store_.Head().position;
    response->set_head(head);
    if (relay_ != nullptr) {
      const relay::RelayStatus status = relay_->Status();
      response->set_enabled(true);
      response->set_connected(status.connected);
      response->set_position(status.position);
      response->set_lag_events(status.head - std::min(status.head, status.position));
      response->set_lag_seconds(status.lag_seconds);
      response->set_last_error(status.last_error);
    }
  }
  reactor->Finish(ToGrpcStatus(admitted));
  return reactor;
}

}  // namespace caseledger::services
