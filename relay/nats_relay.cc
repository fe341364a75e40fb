#include "relay/nats_relay.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/log.h"
#include "base/proto_time.h"
#include "base/thread_name.h"
#include "relay/nats_connection.h"
#include "relay/subjects.h"

namespace caseledger::relay {

std::string NatsRelay::CheckpointName(absl::string_view stream) {
  return absl::StrCat("relay/nats/", stream);
}

absl::StatusOr<std::unique_ptr<NatsRelay>> NatsRelay::Start(const eventstore::EventStore& log,
                                                            eventstore::Checkpoints& checkpoints,
                                                            RelayOptions options) {
  if (options.url.empty()) return absl::InvalidArgumentError("nats url must not be empty");
  if (!options.organisation_of) {
    return absl::InvalidArgumentError("the relay needs to be told each event's organisation");
  }
  absl::StatusOr<std::optional<uint64_t>> position =
      checkpoints.Read(CheckpointName(options.stream));
  if (!position.ok()) return position.status();
  auto relay = std::unique_ptr<NatsRelay>(
      new NatsRelay(log, checkpoints, std::move(options), position->value_or(0)));
  relay->thread_ = std::thread([r = relay.get()] {
    NameThisThread("relay");
    r->Run();
  });
  return relay;
}

NatsRelay::NatsRelay(const eventstore::EventStore& log, eventstore::Checkpoints& checkpoints,
                     RelayOptions options, uint64_t position)
    : store_(log),
      checkpoints_(checkpoints),
      options_(std::move(options)),
      checkpoint_key_(CheckpointName(options_.stream)),
      position_(position),
      relayed_(position) {
  primary_address_ = options_.primary_address;
}

void NatsRelay::SetPrimaryAddress(std::string address) {
  absl::MutexLock lock(&mu_);
  primary_address_ = std::move(address);
}

NatsRelay::~NatsRelay() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  Disconnect();
}

RelayStatus NatsRelay::Status() const {
  RelayStatus status;
  status.position = position_.load();
  status.head = store_.Head().position;
  {
    absl::MutexLock lock(&mu_);
    status.connected = connected_;
    status.last_error = last_error_;
  }
  status.fenced = Fenced();
  if (status.head > status.position) {
    auto waiting = store_.ReadAll(status.position + 1, 1);
    if (waiting.ok() && !waiting->empty()) {
      status.lag_seconds =
          absl::ToDoubleSeconds(absl::Now() - FromProto(waiting->front().metadata().recorded_at()));
    }
  }
  return status;
}

absl::Status NatsRelay::Connect() {
  Disconnect();
  jsOptions js_options;
  jsOptions_Init(&js_options);
  js_options.PublishAsync.MaxPending = 4096;
  // A refused publish makes those after it fail too (each expects the one before). Whether
  // another primary wrote to the stream is settled on reconnecting (CheckStreamIsOurs), not
  // by the error, which a lost connection causes as well.
  js_options.PublishAsync.ErrHandler = [](jsCtx*, jsPubAckErr*, void* closure) {
    ++static_cast<NatsRelay*>(closure)->publish_errors_;
  };
  js_options.PublishAsync.ErrHandlerClosure = this;
  absl::StatusOr<std::unique_ptr<NatsConnection>> opened =
      NatsConnection::Open(options_.url, &js_options);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<NatsConnection> nats = *std::move(opened);

  // Create the stream, or check the one there takes our subjects.
  const std::string subjects = EveryOrganisationsSubjects(options_.subject_prefix);
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, nats->js, options_.stream.c_str(), nullptr, &code);
  if (s == NATS_OK) {
    bool takes_ours = false;
    for (int i = 0; i < info->Config->SubjectsLen; ++i) {
      takes_ours |= SubjectCovers(info->Config->Subjects[i], subjects);
    }
    const absl::Duration window = absl::Nanoseconds(info->Config->Duplicates);
    const uint64_t last_sequence = info->State.Msgs == 0 ? 0 : info->State.LastSeq;
    jsStreamInfo_Destroy(info);
    if (absl::Status ours = CheckStreamIsOurs(*nats, last_sequence); !ours.ok()) return ours;
    if (!takes_ours) {
      // A stream made by an earlier caseledger takes caseledger.events.>, which names no
      // organisation: its operator adds the subjects (nats stream edit --subjects).
      return absl::FailedPreconditionError(absl::StrCat("JetStream stream ", options_.stream,
                                                        " exists without subjects ", subjects,
                                                        ": add them to it"));
    }
    // Events sent again after a restart are dropped only within the broker's window.
    if (window < options_.duplicate_window) {
      return absl::FailedPreconditionError(absl::StrCat(
          "JetStream stream ", options_.stream, " drops duplicates for ",
          absl::FormatDuration(window), ", less than the relay's ",
          absl::FormatDuration(options_.duplicate_window), ": raise its duplicate window"));
    }
  } else if (s == NATS_NOT_FOUND) {
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = options_.stream.c_str();
    const char* subject_list[] = {subjects.c_str()};
    config.Subjects = subject_list;
    config.SubjectsLen = 1;
    config.Storage = js_FileStorage;
    config.Duplicates = absl::ToInt64Nanoseconds(options_.duplicate_window);
    config.Replicas = options_.replicas;
    s = js_AddStream(&info, nats->js, &config, nullptr, &code);
    if (s != NATS_OK) return FromNats(s, absl::StrCat("creating stream ", options_.stream));
    jsStreamInfo_Destroy(info);
    log::Info("relay created its JetStream stream",
              {{"stream", options_.stream}, {"subjects", subjects}});
  } else {
    return FromNats(s, absl::StrCat("looking up stream ", options_.stream));
  }
  nats_ = std::move(nats);
  return absl::OkStatus();
}

void NatsRelay::Disconnect() { nats_.reset(); }

absl::Status NatsRelay::CheckStreamIsOurs(NatsConnection& nats, uint64_t last_sequence) {
  if (last_sequence == 0) return absl::OkStatus();
  absl::StatusOr<v1::EventRecord> last = StreamRecordAt(nats, options_.stream, last_sequence);
  if (!last.ok()) return last.status();
  absl::StatusOr<bool> ours = LogHolds(store_, *last);
  if (!ours.ok()) return ours.status();
  if (*ours) return absl::OkStatus();
  fenced_ = true;
  return absl::FailedPreconditionError(
      absl::StrCat("fenced: the stream's last record (position ", last->position(),
                   ") is not this log's; another primary writes to it"));
}

absl::Status NatsRelay::Publish(const v1::EventRecord& record, absl::string_view encoded,
                                const std::string& previous_event_id,
                                const std::string& primary_address) {
  absl::StatusOr<std::string> org_id = options_.organisation_of(record);
  if (!org_id.ok()) return org_id.status();
  const std::string subject = EventSubject(options_.subject_prefix, *org_id, record.type());
  natsMsg* msg = nullptr;
  natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, encoded.data(),
                                static_cast<int>(encoded.size()));
  const std::string position = absl::StrCat(record.position());
  if (s == NATS_OK) s = natsMsgHeader_Set(msg, "Caseledger-Position", position.c_str());
  if (s == NATS_OK) s = natsMsgHeader_Set(msg, "Caseledger-Stream", record.stream_id().c_str());
  if (s == NATS_OK && !primary_address.empty()) {
    s = natsMsgHeader_Set(msg, "Caseledger-Primary", primary_address.c_str());
  }
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.MsgId = record.event_id().c_str();
  // The broker stores it only right after the event before it: a publish lost in a broken
  // connection makes those after it fail too, rather than be stored out of order.
  if (!previous_event_id.empty()) options.ExpectLastMsgId = previous_event_id.c_str();
  if (s == NATS_OK) s = js_PublishMsgAsync(nats_->js, &msg, &options);
  if (msg != nullptr) natsMsg_Destroy(msg);  // not taken by the library: the publish failed
  if (s != NATS_OK) return FromNats(s, absl::StrCat("publishing position ", record.position()));
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> NatsRelay::PublishBatch(uint64_t next) {
  publish_errors_ = 0;
  std::string previous_event_id;
  if (next > 1) {
    absl::StatusOr<std::vector<v1::EventRecord>> before = store_.ReadAll(next - 1, 1);
    if (!before.ok()) return before.status();
    if (!before->empty()) previous_event_id = before->front().event_id();
  }
  std::string primary_address;
  {
    absl::MutexLock lock(&mu_);
    primary_address = primary_address_;
  }
  v1::EventRecord record;
  absl::Status corrupt, published;
  uint64_t last = 0;
  absl::StatusOr<size_t> lent =
      store_.VisitEncoded(next, options_.batch, [&](uint64_t position, absl::string_view encoded) {
        corrupt = eventstore::ParseRecordInto(encoded, position, record);
        if (corrupt.ok()) published = Publish(record, encoded, previous_event_id, primary_address);
        if (!corrupt.ok() || !published.ok()) return false;
        previous_event_id = record.event_id();
        last = position;
        return true;
      });
  if (!lent.ok()) return lent.status();
  if (!published.ok()) return published;
  // A record that does not parse ends the batch before it: the events up to it are
  // acknowledged and checkpointed as usual, and the next batch, beginning at it, fails.
  if (!corrupt.ok() && last == 0) return corrupt;
  if (last == 0) return 0;
  jsPubOptions wait;
  jsPubOptions_Init(&wait);
  wait.MaxWait = 10000;
  natsStatus s = js_PublishAsyncComplete(nats_->js, &wait);
  if (s != NATS_OK) return FromNats(s, "waiting for the broker's acknowledgements");
  if (publish_errors_ > 0) {
    return absl::UnavailableError(
        absl::StrCat(publish_errors_.load(), " publishes were not acknowledged"));
  }
  return last;
}

absl::Status NatsRelay::SaveCheckpoint(uint64_t position) {
  return checkpoints_.Save(checkpoint_key_, position);
}

void NatsRelay::WhenRelayed(uint64_t position, absl::Time deadline,
                            PositionWaiters::Ready relayed) {
  relayed_.Add(position, deadline, std::move(relayed));
}

void NatsRelay::Run() {
  absl::Duration backoff = absl::Milliseconds(100);
  auto fail = [&](const absl::Status& error) {
    {
      absl::MutexLock lock(&mu_);
      if (last_error_ != error.message()) {
        log::Warn("relay failed; retrying", {{"error", error.message()}});
      }
      last_error_ = std::string(error.message());
      connected_ = false;
    }
    Disconnect();
    // Sleep in slices so a stop is not held up by a long backoff.
    const absl::Time until = absl::Now() + backoff;
    while (!stopping_ && absl::Now() < until) absl::SleepFor(absl::Milliseconds(20));
    backoff = std::min(backoff * 2, options_.max_backoff);
  };
  while (!stopping_) {
    if (Fenced()) {
      // Only an operator can settle which log is the stream's: wait to be stopped.
      absl::SleepFor(absl::Milliseconds(50));
      continue;
    }
    if (nats_ == nullptr) {
      if (absl::Status s = Connect(); !s.ok()) {
        fail(s);
        continue;
      }
      absl::MutexLock lock(&mu_);
      connected_ = true;
      last_error_.clear();
      log::Info("relay connected", {{"url", options_.url}, {"after", position_.load()}});
    }
    const uint64_t next = position_.load() + 1;
    if (!store_.WaitForPosition(next, absl::Now() + absl::Milliseconds(100))) continue;
    absl::StatusOr<uint64_t> published = PublishBatch(next);
    if (!published.ok()) {
      fail(published.status());
      continue;
    }
    const uint64_t last = *published;
    if (last == 0) continue;
    // The broker holds them: those waiting may go on before the checkpoint is saved (after a
    // crash the relay sends them again, and the broker drops them as duplicates).
    position_ = last;
    relayed_.Advance(last);
    if (absl::Status s = SaveCheckpoint(last); !s.ok()) {
      fail(s);
      continue;
    }
    backoff = absl::Milliseconds(100);
  }
}

}  // namespace caseledger::relay
