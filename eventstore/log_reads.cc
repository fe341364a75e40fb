#include "eventstore/log_reads.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <vector>

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

// How many of a stream's records one MultiGet fetches: enough to batch the lookups block by
// block, few enough that a long stream's pinned blocks stay few.
constexpr size_t kStreamRun = 256;

// One entry of a stream's index: a revision and its record's key in the log.
struct IndexEntry {
  uint64_t revision = 0;
  std::array<char, 8> position_key;
};

using StreamVisit =
    absl::FunctionRef<bool(uint64_t revision, uint64_t position, absl::string_view record)>;

// Whether a forward run's records lie so close together in the log (at least every other
// record between its first and its last) that walking the log over them, a step for each
// record passed, costs less than looking each up (a search of the table's index and block).
bool Dense(const std::vector<IndexEntry>& run) {
  const uint64_t first = keys::DecodePosition({run.front().position_key.data(), 8});
  const uint64_t last = keys::DecodePosition({run.back().position_key.data(), 8});
  return last >= first && last - first < 2 * run.size();
}

// Lends a forward run by walking the log from its first record to its last. Returns false
// when `visit` stopped.
absl::StatusOr<bool> WalkRun(rocksdb::DB& db, const LogColumns& columns,
                             absl::string_view stream_id, const std::vector<IndexEntry>& run,
                             StreamVisit visit, size_t& lent) {
  const std::string end =
      keys::Position(keys::DecodePosition({run.back().position_key.data(), 8}) + 1);
  const rocksdb::Slice upper_bound(end);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> log(db.NewIterator(options, columns.log));
  log->Seek(rocksdb::Slice(run.front().position_key.data(), 8));
  for (const IndexEntry& entry : run) {
    const rocksdb::Slice wanted(entry.position_key.data(), 8);
    while (log->Valid() && log->key().compare(wanted) < 0) log->Next();
    const uint64_t position = keys::DecodePosition(ToView(wanted));
    if (!log->status().ok()) {
      return FromRocksDb(log->status(), absl::StrCat("reading the log at position ", position));
    }
    if (!log->Valid() || log->key() != wanted) {
      return absl::DataLossError(absl::StrCat("the index of stream ", stream_id, " at revision ",
                                              entry.revision, " leads to position ", position,
                                              ", which the log does not hold"));
    }
    ++lent;
    if (!visit(entry.revision, position, ToView(log->value()))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<size_t> LendStream(rocksdb::DB& db, const LogColumns& columns,
                                  absl::string_view stream_id, uint64_t from_revision,
                                  Direction direction, size_t max_count, StreamVisit visit) {
  if (stream_id.empty()) return absl::InvalidArgumentError("stream_id must not be empty");
  const bool forward = direction == Direction::kForward;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), columns.streams));
  const std::string start = keys::StreamRevision(stream_id, from_revision);
  if (forward) {
    it->Seek(start);
  } else {
    it->SeekForPrev(start);
  }
  std::vector<IndexEntry> run;
  // Sized to the runs read, not to the longest run: most streams are short.
  std::vector<rocksdb::Slice> slices;
  std::vector<rocksdb::PinnableSlice> values;
  std::vector<rocksdb::Status> statuses;
  size_t lent = 0;
  bool stream_ends = false;
  while (!stream_ends && lent < max_count) {
    run.clear();
    for (uint64_t revision = 0; run.size() < kStreamRun && lent + run.size() < max_count;) {
      if (!it->Valid() || !keys::ParseStreamRevision(ToView(it->key()), stream_id, &revision)) {
        stream_ends = true;
        break;
      }
      if (it->value().size() != 8) {
        return absl::DataLossError(absl::StrCat("the index of stream ", stream_id, " at revision ",
                                                revision, " is corrupt"));
      }
      IndexEntry& entry = run.emplace_back();
      entry.revision = revision;
      std::memcpy(entry.position_key.data(), it->value().data(), 8);
      if (forward) {
        it->Next();
      } else {
        it->Prev();
      }
    }
    if (!it->status().ok()) {
      return FromRocksDb(it->status(), absl::StrCat("reading stream ", stream_id));
    }
    if (run.empty()) break;
    if (forward && Dense(run)) {
      absl::StatusOr<bool> go_on = WalkRun(db, columns, stream_id, run, visit, lent);
      if (!go_on.ok()) return go_on.status();
      if (!*go_on) return lent;
      continue;
    }
    // RocksDB batches a sorted MultiGet block by block: a backward run is fetched reversed.
    const size_t n = run.size();
    if (values.size() < n) {
      slices.resize(n);
      values.resize(n);
      statuses.resize(n);
    }
    auto fetched = [&](size_t i) { return forward ? i : n - 1 - i; };
    for (size_t i = 0; i < n; ++i) {
      slices[fetched(i)] = rocksdb::Slice(run[i].position_key.data(), 8);
    }
    db.MultiGet(rocksdb::ReadOptions(), columns.log, n, slices.data(), values.data(),
                statuses.data(), /*sorted_input=*/true);
    for (size_t i = 0; i < n; ++i) {
      const size_t at = fetched(i);
      const uint64_t position = keys::DecodePosition(ToView(slices[at]));
      if (!statuses[at].ok()) {
        return FromRocksDb(statuses[at], absl::StrCat("reading the log at position ", position));
      }
      ++lent;
      if (!visit(run[i].revision, position, ToView(values[at]))) return lent;
    }
    for (size_t i = 0; i < n; ++i) values[i].Reset();
  }
  return lent;
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
