#include "eventstore/log_reads.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "eventstore/keys.h"
#include "eventstore/rocksdb_bridge.h"

namespace caseledger::eventstore {

absl::StatusOr<uint64_t> ReadStreamRevision(rocksdb::DB& db, const LogColumns& columns,
                                            absl::string_view stream_id) {
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), columns.streams));
  it->SeekForPrev(keys::StreamRevision(stream_id, UINT64_MAX));
  uint64_t revision = 0;
  if (it->Valid() && keys::ParseStreamRevision(ToView(it->key()), stream_id, &revision)) {
    return revision;
  }
  if (!it->status().ok()) {
    return FromRocksDb(it->status(), absl::StrCat("reading the revision of stream ", stream_id));
  }
  return 0;
}

absl::StatusOr<std::optional<MultiStreamAppendResult>> ReadCommandOutcome(
    rocksdb::DB& db, const LogColumns& columns, absl::string_view command_id) {
  std::string bytes;
  rocksdb::Status s = db.Get(rocksdb::ReadOptions(), columns.commands, ToSlice(command_id), &bytes);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("reading command ", command_id));
  v1::CommandOutcome outcome;
  if (!outcome.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat("the outcome of command ", command_id, " is corrupt"));
  }
  return FromOutcome(outcome);
}

absl::StatusOr<v1::EventRecord> ParseRecord(const rocksdb::Slice& bytes, uint64_t position) {
  v1::EventRecord record;
  if (absl::Status s = ParseRecordInto(ToView(bytes), position, record); !s.ok()) return s;
  return record;
}

absl::StatusOr<v1::EventRecord> ReadRecord(rocksdb::DB& db, const LogColumns& columns,
                                           uint64_t position) {
  rocksdb::PinnableSlice bytes;
  rocksdb::Status s = db.Get(rocksdb::ReadOptions(), columns.log, keys::Position(position), &bytes);
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("reading the log at position ", position));
  return ParseRecord(bytes, position);
}

namespace {

v1::CommandOutcome StreamOutcome(const AppendResult& result) {
  v1::CommandOutcome outcome;
  outcome.set_stream_id(result.stream_id);
  outcome.set_first_revision(result.first_revision);
  outcome.set_last_revision(result.last_revision);
  outcome.set_first_position(result.first_position);
  outcome.set_last_position(result.last_position);
  return outcome;
}

AppendResult StreamResult(const v1::CommandOutcome& outcome) {
  AppendResult result;
  result.stream_id = outcome.stream_id();
  result.first_revision = outcome.first_revision();
  result.last_revision = outcome.last_revision();
  result.first_position = outcome.first_position();
  result.last_position = outcome.last_position();
  result.duplicate = true;
  return result;
}

}  // namespace

v1::CommandOutcome ToOutcome(const MultiStreamAppendResult& result) {
  v1::CommandOutcome outcome = StreamOutcome(result.streams.front());
  if (result.streams.size() > 1) {
    for (const AppendResult& stream : result.streams)
      *outcome.add_streams() = StreamOutcome(stream);
  }
  return outcome;
}

MultiStreamAppendResult FromOutcome(const v1::CommandOutcome& outcome) {
  MultiStreamAppendResult result;
  result.duplicate = true;
  if (outcome.streams_size() == 0) {
    result.streams.push_back(StreamResult(outcome));
    return result;
  }
  for (const v1::CommandOutcome& stream : outcome.streams()) {
    result.streams.push_back(StreamResult(stream));
  }
  return result;
}

}  // namespace caseledger::eventstore
