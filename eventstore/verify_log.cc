#include "eventstore/verify_log.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eventstore/keys.h"
#include "eventstore/record_hash.h"
#include "eventstore/rocksdb_bridge.h"

namespace caseledger::eventstore {
namespace {

VerifyResult Bad(VerifyResult result, uint64_t position, std::string problem) {
  result.ok = false;
  result.first_bad_position = position;
  result.problem = std::move(problem);
  return result;
}

}  // namespace

absl::StatusOr<VerifyResult> VerifyLogRange(rocksdb::DB& db, const LogColumns& columns,
                                            uint64_t from, uint64_t to, uint64_t head) {
  VerifyResult result;
  result.from_position = from < 1 ? 1 : from;
  result.to_position = (to == 0 || to > head) ? head : to;
  if (result.from_position > result.to_position) return result;

  std::string prev_hash = GenesisHash();
  if (result.from_position > 1) {
    absl::StatusOr<v1::EventRecord> before = ReadRecord(db, columns, result.from_position - 1);
    if (!before.ok()) {
      if (absl::IsNotFound(before.status()) || absl::IsDataLoss(before.status())) {
        return Bad(result, result.from_position - 1, std::string(before.status().message()));
      }
      return before.status();
    }
    prev_hash = before->hash();
  }

  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), columns.log));
  uint64_t expected = result.from_position;
  for (it->Seek(keys::Position(expected)); expected <= result.to_position; it->Next(), ++expected) {
    if (!it->Valid()) break;
    const uint64_t key = keys::DecodePosition(ToView(it->key()));
    if (key != expected) {
      return Bad(result, expected, absl::StrCat("position ", expected, " is missing"));
    }
    absl::StatusOr<v1::EventRecord> record = ParseRecord(it->value(), expected);
    if (!record.ok()) return Bad(result, expected, std::string(record.status().message()));
    if (std::optional<std::string> problem = ChainProblem(*record, expected, prev_hash)) {
      return Bad(result, expected, *std::move(problem));
    }
    // The index a stream is read by must lead to this record, and only here.
    std::string indexed;
    rocksdb::Status found =
        db.Get(rocksdb::ReadOptions(), columns.streams,
               keys::StreamRevision(record->stream_id(), record->stream_revision()), &indexed);
    if (!found.ok() && !found.IsNotFound()) return FromRocksDb(found, "reading the streams' index");
    if (found.IsNotFound() || indexed != keys::Position(expected)) {
      return Bad(result, expected,
                 absl::StrCat("the index of stream ", record->stream_id(), " at revision ",
                              record->stream_revision(), " does not lead to this record"));
    }
    prev_hash = record->hash();
    ++result.records_checked;
    result.last_hash = prev_hash;
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "reading the log to verify it");
  if (expected <= result.to_position) {
    return Bad(result, expected, absl::StrCat("position ", expected, " is missing"));
  }
  return result;
}

}  // namespace caseledger::eventstore
