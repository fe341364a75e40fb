#pragma once

// Point reads shared by the store's readers and its writer.

#include <cstdint>
#include <optional>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "caseledger/v1/event_record.pb.h"
#include "eventstore/event_store.h"
#include "rocksdb/db.h"

namespace caseledger::eventstore {

// The column families of the log, opened by RocksDbEventStore and valid while it lives.
struct LogColumns {
  rocksdb::ColumnFamilyHandle* log = nullptr;       // position -> EventRecord
  rocksdb::ColumnFamilyHandle* streams = nullptr;   // stream_id, revision -> position
  rocksdb::ColumnFamilyHandle* commands = nullptr;  // command_id -> CommandOutcome
};

// The stream's last revision, 0 when it has none.
absl::StatusOr<uint64_t> ReadStreamRevision(rocksdb::DB& db, const LogColumns& columns,
                                            absl::string_view stream_id);

// The recorded outcome of `command_id`, if any: each stream's result, marked duplicate.
absl::StatusOr<std::optional<MultiStreamAppendResult>> ReadCommandOutcome(
    rocksdb::DB& db, const LogColumns& columns, absl::string_view command_id);

// Lends up to `max_count` events of the stream from `from_revision` (inclusive), forward or
// backward, as EventStore::VisitStreamEncoded does: the stream's index is read a run at a
// time and each run's records are fetched together, lent as the block cache holds them.
absl::StatusOr<size_t> LendStream(
    rocksdb::DB& db, const LogColumns& columns, absl::string_view stream_id, uint64_t from_revision,
    Direction direction, size_t max_count,
    absl::FunctionRef<bool(uint64_t revision, uint64_t position, absl::string_view record)> visit);

// The record at `position`; NOT_FOUND past the head, DATA_LOSS when it does not parse.
absl::StatusOr<v1::EventRecord> ReadRecord(rocksdb::DB& db, const LogColumns& columns,
                                           uint64_t position);

// Parses a stored record, DATA_LOSS naming `position` when it is not one.
absl::StatusOr<v1::EventRecord> ParseRecord(const rocksdb::Slice& bytes, uint64_t position);

v1::CommandOutcome ToOutcome(const MultiStreamAppendResult& result);
MultiStreamAppendResult FromOutcome(const v1::CommandOutcome& outcome);

}  // namespace caseledger::eventstore
