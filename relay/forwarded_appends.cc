#include "relay/forwarded_appends.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/time/clock.h"
#include "base/ids.h"
#include "base/log.h"
#include "base/thread_name.h"
#include "caseledger/v1/event_record.pb.h"
#include "relay/nats_connection.h"

namespace caseledger::relay {
namespace {

std::string ForwardedSubject(absl::string_view prefix) {
  return absl::StrCat(prefix, ".forwarded");
}

// Creates the stream of forwarded appends when the broker has none.
absl::Status EnsureStream(NatsConnection& nats, const ForwardingOptions& options) {
  const std::string name = ForwardedAppends::StreamName(options.stream);
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, nats.js, name.c_str(), nullptr, &code);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(info);
    return absl::OkStatus();
  }
  if (s != NATS_NOT_FOUND) return FromNats(s, absl::StrCat("looking up stream ", name));
  const std::string subject = ForwardedSubject(options.subject_prefix);
  const char* subjects[] = {subject.c_str()};
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = name.c_str();
  config.Subjects = subjects;
  config.SubjectsLen = 1;
  config.Storage = js_FileStorage;
  config.Retention = js_WorkQueuePolicy;
  config.Replicas = options.replicas;
  config.Duplicates = absl::ToInt64Nanoseconds(absl::Hours(24));
  s = js_AddStream(&info, nats.js, &config, nullptr, &code);
  // Another node may have made it meanwhile.
  if (s != NATS_OK && code != JSStreamNameExistErr) {
    return FromNats(s, absl::StrCat("creating stream ", name));
  }
  if (info != nullptr) jsStreamInfo_Destroy(info);
  return absl::OkStatus();
}

}  // namespace

ForwardedAppends::ForwardedAppends(ReplicatedLog& log, ForwardingOptions options)
    : PassThroughLog(log), replicated_(log), options_(std::move(options)) {
  thread_ = std::thread([this] {
    NameThisThread("forwarder");
    Run();
  });
}

ForwardedAppends::~ForwardedAppends() { Stop(); }

void ForwardedAppends::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  nats_.reset();
}

void ForwardedAppends::AppendAsync(eventstore::AppendRequest request,
                                   eventstore::AppendCallback done) {
  if (replicated_.IsPrimary()) {
    log().AppendAsync(std::move(request), std::move(done));
    return;
  }
  if (!request.command_id.empty() || !request.expected_revision.IsAny()) {
    // A command's append: decided against this copy, it is the primary's to make.
    log().AppendAsync(std::move(request), std::move(done));
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      queue_.push_back(Pending{std::move(request), std::move(done)});
      return;
    }
  }
  done(absl::UnavailableError("the server is stopping"));
}

absl::Status ForwardedAppends::Connect() {
  nats_.reset();
  jsOptions js_options;
  jsOptions_Init(&js_options);
  js_options.PublishAsync.MaxPending = 4096;
  js_options.PublishAsync.ErrHandler = [](jsCtx*, jsPubAckErr*, void* closure) {
    ++static_cast<ForwardedAppends*>(closure)->publish_errors_;
  };
  js_options.PublishAsync.ErrHandlerClosure = this;
  absl::StatusOr<std::unique_ptr<NatsConnection>> opened =
      NatsConnection::Open(options_.url, &js_options);
  if (!opened.ok()) return opened.status();
  if (absl::Status s = EnsureStream(**opened, options_); !s.ok()) return s;
  nats_ = *std::move(opened);
  return absl::OkStatus();
}

void ForwardedAppends::Run() {
  std::vector<Pending> batch;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]()
                       ABSL_SHARED_LOCKS_REQUIRED(mu_) { return !queue_.empty() || stopping_; };
      mu_.Await(absl::Condition(&ready));
      while (!queue_.empty() && batch.size() < options_.batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (batch.empty()) return;  // stopping, with nothing queued
    Forward(batch);
    batch.clear();
  }
}

void ForwardedAppends::Forward(std::vector<Pending>& batch) {
  // Each append once, under an id of its own: sent again after a failure, the broker drops
  // what it already holds.
  std::vector<std::pair<std::string, std::string>> messages;  // id, bytes
  for (Pending& pending : batch) {
    v1::ForwardedAppend append;
    append.set_stream_id(pending.request.stream_id);
    append.set_command_id(NewUuid());
    for (eventstore::ProposedEvent& event : pending.request.events) {
      v1::ForwardedEvent* out = append.add_events();
      out->set_type(event.type);
      out->set_payload(event.payload);
      *out->mutable_metadata() = event.metadata;
    }
    messages.emplace_back(append.command_id(), append.SerializeAsString());
  }
  const std::string subject = ForwardedSubject(options_.subject_prefix);
  const absl::Time until = absl::Now() + options_.timeout;
  absl::Status forwarded;
  do {
    if (!forwarded.ok()) absl::SleepFor(absl::Milliseconds(50));
    forwarded = nats_ == nullptr ? Connect() : absl::OkStatus();
    publish_errors_ = 0;
    for (size_t i = 0; forwarded.ok() && i < messages.size(); ++i) {
      natsMsg* msg = nullptr;
      natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, messages[i].second.data(),
                                    static_cast<int>(messages[i].second.size()));
      jsPubOptions options;
      jsPubOptions_Init(&options);
      options.MsgId = messages[i].first.c_str();
      if (s == NATS_OK) s = js_PublishMsgAsync(nats_->js, &msg, &options);
      if (msg != nullptr) natsMsg_Destroy(msg);
      forwarded = FromNats(s, "forwarding a record to the primary");
    }
    if (forwarded.ok()) {
      jsPubOptions wait;
      jsPubOptions_Init(&wait);
      wait.MaxWait = absl::ToInt64Milliseconds(options_.timeout);
      forwarded = FromNats(js_PublishAsyncComplete(nats_->js, &wait),
                           "waiting for the broker to hold records forwarded to the primary");
    }
    if (forwarded.ok() && publish_errors_ > 0) {
      forwarded = absl::UnavailableError(absl::StrCat(
          publish_errors_.load(), " records forwarded to the primary were not acknowledged"));
    }
    if (!forwarded.ok()) nats_.reset();
  } while (!forwarded.ok() && absl::Now() < until);
  if (!forwarded.ok()) {
    log::Warn("replica could not forward records to the primary", {{"error", forwarded.message()}});
  }
  for (Pending& pending : batch) {
    if (!forwarded.ok()) {
      pending.done(forwarded);
    } else {
      eventstore::AppendResult result;
      result.stream_id = pending.request.stream_id;
      pending.done(std::move(result));
    }
  }
}

ForwardedIntake::ForwardedIntake(eventstore::EventStore& log, ForwardingOptions options)
    : log_(log), options_(std::move(options)) {
  thread_ = std::thread([this] {
    NameThisThread("intake");
    Run();
  });
}

ForwardedIntake::~ForwardedIntake() {
  stopping_ = true;
  thread_.join();
}

void ForwardedIntake::Run() {
  RetryUntilStopped(stopping_, "primary cannot take in what replicas forward; retrying",
                    [this] { return TakeIn(); });
}

absl::Status ForwardedIntake::TakeIn() {
  absl::StatusOr<std::unique_ptr<NatsConnection>> nats =
      NatsConnection::Open(options_.url, nullptr);
  if (!nats.ok()) return nats.status();
  if (absl::Status s = EnsureStream(**nats, options_); !s.ok()) return s;
  const std::string stream = ForwardedAppends::StreamName(options_.stream);
  const std::string subject = ForwardedSubject(options_.subject_prefix);
  jsSubOptions subscription;
  jsSubOptions_Init(&subscription);
  subscription.Stream = stream.c_str();
  natsSubscription* sub = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_PullSubscribe(&sub, (*nats)->js, subject.c_str(), "primary", nullptr,
                                  &subscription, &code);
  if (s != NATS_OK) return FromNats(s, absl::StrCat("reading stream ", stream));
  std::unique_ptr<natsSubscription, void (*)(natsSubscription*)> subscribed(
      sub, natsSubscription_Destroy);
  while (!stopping_) {
    natsMsgList list = {nullptr, 0};
    s = natsSubscription_Fetch(&list, sub, static_cast<int>(options_.batch), 250, &code);
    if (s == NATS_TIMEOUT) continue;
    if (s != NATS_OK) return FromNats(s, "fetching records forwarded by replicas");
    std::vector<absl::Status> appended(list.Count);
    absl::BlockingCounter left(list.Count);
    for (int i = 0; i < list.Count; ++i) {
      v1::ForwardedAppend append;
      if (!append.ParseFromArray(natsMsg_GetData(list.Msgs[i]),
                                 natsMsg_GetDataLength(list.Msgs[i])) ||
          append.stream_id().empty() || append.command_id().empty()) {
        appended[i] = absl::InvalidArgumentError("a forwarded message is not an append");
        left.DecrementCount();
        continue;
      }
      eventstore::AppendRequest request;
      request.stream_id = append.stream_id();
      request.command_id = append.command_id();
      for (v1::ForwardedEvent& event : *append.mutable_events()) {
        eventstore::ProposedEvent proposed;
        proposed.type = std::move(*event.mutable_type());
        proposed.payload = std::move(*event.mutable_payload());
        proposed.metadata = std::move(*event.mutable_metadata());
        request.events.push_back(std::move(proposed));
      }
      log_.AppendAsync(std::move(request),
                       [&appended, &left, i](absl::StatusOr<eventstore::AppendResult> r) {
                         appended[i] = r.status();
                         left.DecrementCount();
                       });
    }
    left.Wait();
    for (int i = 0; i < list.Count; ++i) {
      if (appended[i].ok()) {
        natsMsg_Ack(list.Msgs[i], nullptr);
      } else if (absl::IsInvalidArgument(appended[i])) {
        log::Error("dropped a forwarded message that is not an append", {});
        natsMsg_Term(list.Msgs[i], nullptr);
      }
      // Otherwise the broker delivers it again.
    }
    natsMsgList_Destroy(&list);
  }
  return absl::OkStatus();
}

}  // namespace caseledger::relay
