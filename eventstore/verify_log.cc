#include "eventstore/verify_log.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eventstore/keys.h"
#include "eventstore/record_hash.h"
#include "eventstore/rocksdb_bridge.h"
#include "google/protobuf/message.h"

namespace caseledger::eventstore {
namespace {

// Whether `message`, or a message within it, holds a field its type does not define: bytes
// that no hash covers.
bool HoldsUnknownFields(const google::protobuf::Message& message) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  if (!reflection->GetUnknownFields(message).empty()) return true;
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!field->is_repeated()) {
      if (HoldsUnknownFields(reflection->GetMessage(message, field))) return true;
      continue;
    }
    for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
      if (HoldsUnknownFields(reflection->GetRepeatedMessage(message, field, i))) return true;
    }
  }
  return false;
}

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
    if (record->position() != expected) {
      return Bad(result, expected,
                 absl::StrCat("the record stored at ", expected, " says position ",
                              record->position()));
    }
    if (record->prev_hash() != prev_hash) {
      return Bad(result, expected, "prev_hash does not match the previous record's hash");
    }
    if (ChainHash(prev_hash, *record) != record->hash()) {
      return Bad(result, expected, "the record's contents do not match its hash");
    }
    if (HoldsUnknownFields(*record)) {
      return Bad(result, expected, "the record holds fields its hash does not cover");
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
