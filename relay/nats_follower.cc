#include "relay/nats_follower.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/log.h"
#include "base/proto_time.h"
#include "base/thread_name.h"
#include "relay/nats_connection.h"
#include "relay/subjects.h"

namespace caseledger::relay {
namespace {

// How long the stream's reader may deliver nothing before the stream is asked whether it holds
// more.
constexpr absl::Duration kStallCheck = absl::Seconds(2);

// The log position a relayed message carries; 0 when it names none.
uint64_t PositionOf(natsMsg* msg) {
  uint64_t position = 0;
  if (!absl::SimpleAtoi(HeaderOf(msg, "Caseledger-Position"), &position)) return 0;
  return position;
}

// Destroys the messages it holds.
struct Messages {
  std::vector<natsMsg*> held;
  ~Messages() { Clear(); }
  void Clear() {
    for (natsMsg* msg : held) natsMsg_Destroy(msg);
    held.clear();
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<NatsFollower>> NatsFollower::Start(const eventstore::EventStore& log,
                                                                  eventstore::LogCopies& copies,
                                                                  FollowerOptions options) {
  if (options.url.empty()) return absl::InvalidArgumentError("nats url must not be empty");
  auto follower = std::unique_ptr<NatsFollower>(new NatsFollower(log, copies, std::move(options)));
  follower->thread_ = std::thread([f = follower.get()] {
    NameThisThread("follower");
    f->Run();
  });
  return follower;
}

NatsFollower::NatsFollower(const eventstore::EventStore& log, eventstore::LogCopies& copies,
                           FollowerOptions options)
    : log_(log), copies_(copies), options_(std::move(options)) {}

NatsFollower::~NatsFollower() { Stop(); }

void NatsFollower::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

FollowerStatus NatsFollower::Status() const {
  FollowerStatus status;
  status.position = log_.Head().position;
  absl::MutexLock lock(&mu_);
  status.connected = connected_;
  status.stream_last = std::max(stream_last_, status.position);
  status.last_error = last_error_;
  status.broken = broken_;
  if (status.stream_last > status.position && last_recorded_at_ != absl::InfinitePast()) {
    status.lag_seconds = absl::ToDoubleSeconds(absl::Now() - last_recorded_at_);
  } else {
    status.lag_seconds = absl::ToDoubleSeconds(last_lag_);
  }
  return status;
}

absl::StatusOr<eventstore::LogHead> NatsFollower::StreamHead() const {
  absl::StatusOr<std::unique_ptr<NatsConnection>> nats =
      NatsConnection::Open(options_.url, nullptr);
  if (!nats.ok()) return nats.status();
  absl::StatusOr<uint64_t> last = LastSequence(**nats, options_.stream);
  if (!last.ok()) return last.status();
  if (*last == 0) return eventstore::LogHead{};
  absl::StatusOr<v1::EventRecord> record = StreamRecordAt(**nats, options_.stream, *last);
  if (!record.ok()) return record.status();
  return eventstore::LogHead{record->position(), record->hash()};
}

absl::StatusOr<bool> HoldsRecordsNotInStream(const eventstore::EventStore& log,
                                             const FollowerOptions& options) {
  const eventstore::LogHead head = log.Head();
  if (head.position == 0) return false;
  absl::StatusOr<std::unique_ptr<NatsConnection>> nats = NatsConnection::Open(options.url, nullptr);
  if (!nats.ok()) return nats.status();
  absl::StatusOr<uint64_t> last = LastSequence(**nats, options.stream);
  if (!last.ok()) return last.status();
  if (*last < head.position) return true;
  absl::StatusOr<v1::EventRecord> record = StreamRecordAt(**nats, options.stream, head.position);
  if (!record.ok()) return record.status();
  return record->position() != head.position || record->hash() != head.hash;
}

absl::StatusOr<eventstore::LogHead> NatsFollower::CatchUp(absl::Duration timeout) const {
  const absl::Time deadline = absl::Now() + timeout;
  absl::StatusOr<eventstore::LogHead> stream_head = StreamHead();
  if (!stream_head.ok()) return stream_head.status();
  const uint64_t target = stream_head->position;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (!broken_.ok()) return broken_;
    }
    if (log_.Head().position >= target) return *stream_head;
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("the replica holds position ", log_.Head().position, " of the stream's ",
                       target, " after ", absl::FormatDuration(timeout)));
    }
    log_.WaitForPosition(target, std::min(deadline, absl::Now() + absl::Milliseconds(100)));
  }
}

void NatsFollower::NotePrimary(std::string address) {
  {
    absl::MutexLock lock(&mu_);
    if (address.empty() || address == primary_) return;
    primary_ = address;
  }
  if (options_.on_primary) options_.on_primary(std::move(address));
}

void NatsFollower::Run() {
  absl::Duration backoff = absl::Milliseconds(100);
  while (!stopping_) {
    absl::Status followed = Follow();
    if (stopping_) break;
    {
      absl::MutexLock lock(&mu_);
      // A reader that was subscribed lost its server: the next try comes soon again.
      if (connected_) backoff = absl::Milliseconds(100);
      connected_ = false;
      if (absl::IsDataLoss(followed)) broken_ = followed;
      if (last_error_ != followed.message() && !absl::IsDataLoss(followed)) {
        log::Warn("replica lost the broker; retrying", {{"error", followed.message()}});
      }
      last_error_ = std::string(followed.message());
    }
    if (absl::IsDataLoss(followed)) {
      log::Error("replica stopped: a record from the broker does not follow its log",
                 {{"error", followed.message()}});
      return;
    }
    const absl::Time until = absl::Now() + backoff;
    while (!stopping_ && absl::Now() < until) absl::SleepFor(absl::Milliseconds(20));
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::Status NatsFollower::Follow() {
  absl::StatusOr<std::unique_ptr<NatsConnection>> nats =
      NatsConnection::Open(options_.url, nullptr);
  if (!nats.ok()) return nats.status();
  const uint64_t from = log_.Head().position + 1;
  jsSubOptions subscription;
  jsSubOptions_Init(&subscription);
  subscription.Stream = options_.stream.c_str();
  subscription.Ordered = true;
  subscription.Config.DeliverPolicy = js_DeliverByStartSequence;
  subscription.Config.OptStartSeq = from;
  natsSubscription* sub = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  const std::string subjects = EveryOrganisationsSubjects(options_.subject_prefix);
  natsStatus s =
      js_SubscribeSync(&sub, (*nats)->js, subjects.c_str(), nullptr, &subscription, &code);
  if (s != NATS_OK) {
    return FromNats(s, absl::StrCat("reading stream ", options_.stream, " from ", from));
  }
  std::unique_ptr<natsSubscription, void (*)(natsSubscription*)> subscribed(
      sub, natsSubscription_Destroy);
  {
    absl::MutexLock lock(&mu_);
    connected_ = true;
    last_error_.clear();
  }
  log::Info("replica following", {{"url", options_.url}, {"from", absl::StrCat(from)}});

  Messages messages;
  std::vector<std::string> records;
  v1::EventRecord last;
  absl::Time delivered = absl::Now();
  while (!stopping_) {
    // A consumer whose server was lost may deliver nothing more: when the stream holds records
    // it has not delivered for a while, subscribe again from the head.
    if (absl::Now() - delivered > kStallCheck) {
      absl::StatusOr<uint64_t> last_sequence = LastSequence(**nats, options_.stream);
      if (!last_sequence.ok()) return last_sequence.status();
      if (*last_sequence > log_.Head().position) {
        return absl::UnavailableError("the stream's reader delivered nothing for a while");
      }
      delivered = absl::Now();
    }
    messages.Clear();
    records.clear();
    uint64_t head = log_.Head().position;
    uint64_t stream_last = 0;
    std::string primary;
    int wait_ms = 100;
    while (records.size() < options_.batch) {
      natsMsg* msg = nullptr;
      s = natsSubscription_NextMsg(&msg, sub, wait_ms);
      if (s == NATS_TIMEOUT) break;
      if (s != NATS_OK) return FromNats(s, "reading the next record");
      messages.held.push_back(msg);
      delivered = absl::Now();
      // Whatever has arrived goes in this write; then no more waiting.
      wait_ms = 1;
      const uint64_t position = PositionOf(msg);
      if (position != 0 && position <= head) continue;  // copied before
      if (position != 0) head = position;
      records.emplace_back(natsMsg_GetData(msg), natsMsg_GetDataLength(msg));
      jsMsgMetaData* meta = nullptr;
      if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
        stream_last = head + meta->NumPending;
        jsMsgMetaData_Destroy(meta);
      }
      primary = HeaderOf(msg, "Caseledger-Primary");
      int pending = 0;
      if (natsSubscription_GetPending(sub, &pending, nullptr) == NATS_OK && pending == 0) break;
    }
    if (records.empty()) continue;
    absl::StatusOr<eventstore::LogHead> copied = copies_.CopyRecords(records);
    if (absl::IsDataLoss(copied.status()) && records.size() > 1) {
      // Keep every record before the one that does not follow: one at a time up to it.
      for (const std::string& record : records) {
        copied = copies_.CopyRecords({record});
        if (!copied.ok()) break;
      }
    }
    if (!copied.ok()) return copied.status();
    absl::Duration lag;
    absl::Time recorded_at = absl::InfinitePast();
    if (last.ParseFromString(records.back())) {
      recorded_at = FromProto(last.metadata().recorded_at());
      lag = absl::Now() - recorded_at;
    }
    {
      absl::MutexLock lock(&mu_);
      stream_last_ = std::max(stream_last_, stream_last);
      last_recorded_at_ = recorded_at;
      last_lag_ = lag;
    }
    NotePrimary(primary);
    if (options_.on_copied) options_.on_copied(lag);
  }
  return absl::OkStatus();
}

absl::StatusOr<eventstore::LogHead> RestoreFromStream(const eventstore::EventStore& log,
                                                      eventstore::LogCopies& copies,
                                                      const FollowerOptions& options,
                                                      absl::Duration timeout) {
  absl::StatusOr<std::unique_ptr<NatsFollower>> follower =
      NatsFollower::Start(log, copies, options);
  if (!follower.ok()) return follower.status();
  absl::StatusOr<eventstore::LogHead> stream_head = (*follower)->CatchUp(timeout);
  (*follower)->Stop();
  if (!stream_head.ok()) return stream_head.status();
  // The log may hold records committed since; the stream's last record when asked is its own.
  if (stream_head->position > 0) {
    v1::EventRecord last;
    last.set_position(stream_head->position);
    last.set_hash(stream_head->hash);
    absl::StatusOr<bool> holds = LogHolds(log, last);
    if (!holds.ok()) return holds.status();
    if (!*holds) {
      return absl::DataLossError(absl::StrCat("the restored log's record at position ",
                                              stream_head->position,
                                              " is not the stream's last record"));
    }
  }
  return log.Head();
}

}  // namespace caseledger::relay
