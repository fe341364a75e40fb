#include "eventstore/log_writer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "base/proto_time.h"
#include "base/thread_name.h"
#include "eventstore/keys.h"
#include "eventstore/multi_stream.h"
#include "eventstore/record_hash.h"
#include "eventstore/rocksdb_bridge.h"
#include "rocksdb/write_batch.h"

namespace caseledger::eventstore {
LogWriter::LogWriter(rocksdb::DB* db, LogColumns columns, LogHead head, WriteFailure& failure,
                     Options options)
    : db_(db),
      columns_(columns),
      failure_(failure),
      options_(options),
      head_(std::move(head)),
      committed_(head_.position) {
  thread_ = std::thread([this] {
    NameThisThread("log writer");
    Run();
  });
}

LogWriter::~LogWriter() { Close(); }

void LogWriter::Submit(MultiStreamAppendRequest request, MultiStreamAppendCallback done) {
  absl::Status refused;
  {
    absl::MutexLock lock(&queue_mu_);
    if (closing_) {
      refused = absl::UnavailableError("the event store is closing");
    } else {
      refused = failure_.Refusal();
      if (refused.ok()) {
        queue_.push_back(Pending{std::move(request), std::move(done), absl::Now()});
        return;
      }
    }
  }
  done(refused);
}

void LogWriter::Close() {
  {
    absl::MutexLock lock(&queue_mu_);
    closing_ = true;
  }
  if (thread_.joinable()) thread_.join();
  absl::MutexLock lock(&head_mu_);
  closed_ = true;
}

LogHead LogWriter::Head() const {
  absl::MutexLock lock(&head_mu_);
  return head_;
}

absl::StatusOr<uint64_t> LogWriter::StreamRevision(absl::string_view stream_id) const {
  uint64_t cleared = 0;
  {
    absl::ReaderMutexLock lock(&revisions_mu_);
    if (auto it = stream_revisions_.find(stream_id); it != stream_revisions_.end()) {
      return it->second;
    }
    cleared = revisions_cleared_;
  }
  absl::StatusOr<uint64_t> read = ReadStreamRevision(*db_, columns_, stream_id);
  if (read.ok()) {
    absl::MutexLock lock(&revisions_mu_);
    // A write since the read has set the stream's entry (kept), or cleared the map (then
    // what was read may be stale: not kept).
    if (revisions_cleared_ == cleared && stream_revisions_.size() < options_.max_cached_streams) {
      stream_revisions_.try_emplace(stream_id, *read);
    }
  }
  return read;
}

absl::Status LogWriter::Failure() const { return failure_.Refusal(); }

absl::Duration LogWriter::OldestWaiting() const {
  absl::MutexLock lock(&queue_mu_);
  absl::Time oldest = writing_since_;
  if (!queue_.empty()) oldest = std::min(oldest, queue_.front().queued_at);
  return oldest == absl::InfiniteFuture() ? absl::ZeroDuration() : absl::Now() - oldest;
}

void LogWriter::WhenCommitted(uint64_t position, absl::Time deadline,
                              PositionWaiters::Ready committed) {
  committed_.Add(position, deadline, std::move(committed));
}

bool LogWriter::WaitForPosition(uint64_t position, absl::Time deadline) const {
  absl::MutexLock lock(&head_mu_);
  auto reached = [this, position]() ABSL_SHARED_LOCKS_REQUIRED(head_mu_) {
    return head_.position >= position || closed_;
  };
  head_mu_.AwaitWithDeadline(absl::Condition(&reached), deadline);
  return head_.position >= position;
}

void LogWriter::Run() {
  std::vector<Pending> group;
  while (true) {
    {
      absl::MutexLock lock(&queue_mu_);
      auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(queue_mu_) {
        return !queue_.empty() || closing_;
      };
      queue_mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // closing, and everything queued is committed
      writing_since_ = queue_.front().queued_at;
      while (!queue_.empty() && group.size() < options_.max_group_appends) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    {
      absl::MutexLock write_lock(&write_mu_);
      CommitGroup(group);
    }
    group.clear();
    absl::MutexLock lock(&queue_mu_);
    writing_since_ = absl::InfiniteFuture();
  }
}

absl::StatusOr<uint64_t> LogWriter::CurrentRevision(
    const std::string& stream_id, const absl::flat_hash_map<std::string, uint64_t>& group) {
  if (auto it = group.find(stream_id); it != group.end()) return it->second;
  return StreamRevision(stream_id);
}

absl::StatusOr<std::optional<MultiStreamAppendResult>> LogWriter::EarlierResult(
    const MultiStreamAppendRequest& request,
    const absl::flat_hash_map<std::string, MultiStreamAppendResult>& group, bool* in_group) {
  *in_group = false;
  if (request.command_id.empty()) return std::nullopt;
  if (auto it = group.find(request.command_id); it != group.end()) {
    *in_group = true;
    MultiStreamAppendResult earlier = it->second;
    earlier.duplicate = true;
    for (AppendResult& stream : earlier.streams) stream.duplicate = true;
    return earlier;
  }
  return ReadCommandOutcome(*db_, columns_, request.command_id);
}

void LogWriter::CommitGroup(std::vector<Pending>& group) {
  if (absl::Status failure = failure_.Refusal(); !failure.ok()) {
    for (Pending& pending : group) pending.done(failure);
    return;
  }
  LogHead head = Head();
  const google::protobuf::Timestamp recorded_at = ToProto(options_.clock->Now());
  rocksdb::WriteBatch batch;
  absl::flat_hash_map<std::string, uint64_t> group_revisions;
  absl::flat_hash_map<std::string, MultiStreamAppendResult> group_commands;
  std::vector<Outcome> outcomes(group.size());

  for (size_t i = 0; i < group.size(); ++i) {
    MultiStreamAppendRequest& request = group[i].request;
    Outcome& outcome = outcomes[i];
    bool earlier_in_group = false;
    absl::StatusOr<std::optional<MultiStreamAppendResult>> earlier =
        EarlierResult(request, group_commands, &earlier_in_group);
    if (!earlier.ok()) {
      outcome.result = earlier.status();
      continue;
    }
    if (earlier->has_value()) {
      if (absl::Status s = SameStreams(request, **earlier); !s.ok()) {
        outcome.result = s;
      } else {
        outcome.result = **std::move(earlier);
        outcome.needs_write = earlier_in_group;
      }
      continue;
    }

    // Every stream's expectation is checked before anything of the append is written.
    std::vector<uint64_t> revisions;
    absl::Status refused;
    for (const StreamAppend& stream : request.streams) {
      absl::StatusOr<uint64_t> revision = CurrentRevision(stream.stream_id, group_revisions);
      if (!revision.ok()) {
        refused = revision.status();
        break;
      }
      refused = stream.expected_revision.Check(stream.stream_id, *revision);
      if (!refused.ok()) break;
      revisions.push_back(*revision);
    }
    if (!refused.ok()) {
      outcome.result = refused;
      continue;
    }

    MultiStreamAppendResult result;
    for (size_t s = 0; s < request.streams.size(); ++s) {
      StreamAppend& stream = request.streams[s];
      uint64_t revision = revisions[s];
      AppendResult& appended = result.streams.emplace_back();
      appended.stream_id = stream.stream_id;
      appended.first_revision = revision + 1;
      appended.first_position = head.position + 1;
      for (ProposedEvent& event : stream.events) {
        const uint64_t position = ++head.position;
        v1::EventRecord record =
            ChainRecord(std::move(event), RecordPlace{stream.stream_id, ++revision, position,
                                                      request.command_id, recorded_at, head.hash});
        head.hash = record.hash();
        batch.Put(columns_.log, keys::Position(position), record.SerializeAsString());
        batch.Put(columns_.streams, keys::StreamRevision(stream.stream_id, revision),
                  keys::Position(position));
      }
      appended.last_revision = revision;
      appended.last_position = head.position;
      group_revisions[stream.stream_id] = revision;
    }
    if (!request.command_id.empty()) {
      batch.Put(columns_.commands, ToSlice(request.command_id),
                ToOutcome(result).SerializeAsString());
      group_commands[request.command_id] = result;
    }
    outcome.result = std::move(result);
    outcome.needs_write = true;
  }

  absl::Status written;
  if (batch.Count() > 0) {
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync;
    const absl::Time started = absl::Now();
    written = failure_.Check(db_->Write(write_options, &batch),
                             options_.sync ? "writing and syncing the log" : "writing the log",
                             /*always=*/true);
    if (options_.on_group_commit) {
      size_t appends = 0;
      for (const Outcome& outcome : outcomes) appends += outcome.needs_write ? 1 : 0;
      options_.on_group_commit(GroupCommit{
          .appends = appends,
          .events = static_cast<size_t>(head.position) - static_cast<size_t>(Head().position),
          .write = absl::Now() - started});
    }
  }
  if (written.ok()) MakeCurrent(head, group_revisions);
  for (size_t i = 0; i < group.size(); ++i) {
    if (!written.ok() && outcomes[i].needs_write) {
      group[i].done(written);
    } else {
      group[i].done(std::move(outcomes[i].result));
    }
  }
}

void LogWriter::MakeCurrent(const LogHead& head,
                            const absl::flat_hash_map<std::string, uint64_t>& revisions) {
  {
    absl::MutexLock lock(&revisions_mu_);
    if (stream_revisions_.size() + revisions.size() > options_.max_cached_streams) {
      stream_revisions_.clear();
      ++revisions_cleared_;
    }
    for (auto& [stream, revision] : revisions) stream_revisions_[stream] = revision;
  }
  {
    absl::MutexLock lock(&head_mu_);
    head_ = head;
  }
  committed_.Advance(head.position);
}

absl::Status LogWriter::LoadCopiedCommand() {
  if (copied_loaded_) return absl::OkStatus();
  // The first records copied since the store opened may continue an append whose earlier
  // records were copied before.
  const LogHead head = Head();
  if (head.position > 0) {
    absl::StatusOr<v1::EventRecord> last = ReadRecord(*db_, columns_, head.position);
    if (!last.ok()) return last.status();
    const std::string& command_id = last->metadata().command_id();
    if (!command_id.empty()) {
      absl::StatusOr<std::optional<MultiStreamAppendResult>> earlier =
          ReadCommandOutcome(*db_, columns_, command_id);
      if (!earlier.ok()) return earlier.status();
      if (earlier->has_value()) copied_ = CopiedCommand{command_id, **std::move(earlier)};
    }
  }
  copied_loaded_ = true;
  return absl::OkStatus();
}

void LogWriter::AddToCopiedCommand(const v1::EventRecord& record, CopiedCommand& copied) {
  const std::string& command_id = record.metadata().command_id();
  if (command_id != copied.command_id) {
    copied.command_id = command_id;
    copied.outcome = MultiStreamAppendResult();
  }
  if (command_id.empty()) return;
  std::vector<AppendResult>& streams = copied.outcome.streams;
  if (streams.empty() || streams.back().stream_id != record.stream_id()) {
    AppendResult& stream = streams.emplace_back();
    stream.stream_id = record.stream_id();
    stream.first_revision = record.stream_revision();
    stream.first_position = record.position();
  }
  streams.back().last_revision = record.stream_revision();
  streams.back().last_position = record.position();
}

absl::StatusOr<LogHead> LogWriter::CopyRecords(const std::vector<std::string>& records) {
  absl::MutexLock write_lock(&write_mu_);
  if (absl::Status failure = failure_.Refusal(); !failure.ok()) return failure;
  {
    absl::MutexLock lock(&queue_mu_);
    if (closing_) return absl::UnavailableError("the event store is closing");
  }
  if (absl::Status s = LoadCopiedCommand(); !s.ok()) return s;
  LogHead head = Head();
  rocksdb::WriteBatch batch;
  absl::flat_hash_map<std::string, uint64_t> revisions;
  CopiedCommand copied = copied_;
  v1::EventRecord record;
  for (const std::string& encoded : records) {
    const uint64_t position = head.position + 1;
    if (absl::Status s = ParseRecordInto(encoded, position, record); !s.ok()) return s;
    if (std::optional<std::string> problem = ChainProblem(record, position, head.hash)) {
      return absl::DataLossError(absl::StrCat("the record copied to position ", position,
                                              " does not follow the log's head: ", *problem));
    }
    absl::StatusOr<uint64_t> revision = CurrentRevision(record.stream_id(), revisions);
    if (!revision.ok()) return revision.status();
    if (record.stream_revision() != *revision + 1) {
      return absl::DataLossError(absl::StrCat(
          "the record copied to position ", position, " is revision ", record.stream_revision(),
          " of stream ", record.stream_id(), ", which is at ", *revision));
    }
    AddToCopiedCommand(record, copied);
    batch.Put(columns_.log, keys::Position(position), encoded);
    batch.Put(columns_.streams, keys::StreamRevision(record.stream_id(), record.stream_revision()),
              keys::Position(position));
    if (!copied.command_id.empty()) {
      batch.Put(columns_.commands, ToSlice(copied.command_id),
                ToOutcome(copied.outcome).SerializeAsString());
    }
    revisions[record.stream_id()] = record.stream_revision();
    head.position = position;
    head.hash = record.hash();
  }
  if (batch.Count() == 0) return head;
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync;
  if (absl::Status written = failure_.Check(db_->Write(write_options, &batch),
                                            "writing copied records", /*always=*/true);
      !written.ok()) {
    return written;
  }
  copied_ = std::move(copied);
  MakeCurrent(head, revisions);
  return head;
}

}  // namespace caseledger::eventstore
