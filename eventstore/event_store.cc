#include "eventstore/event_store.h"

#include "absl/strings/str_cat.h"
#include "base/encoded_fields.h"

namespace caseledger::eventstore {
namespace {

absl::Status Corrupt(uint64_t position) {
  return absl::DataLossError(absl::StrCat("the record at position ", position, " is corrupt"));
}

}  // namespace

absl::Status ParseRecordInto(absl::string_view encoded, uint64_t position,
                             v1::EventRecord& record) {
  if (!record.ParseFromArray(encoded.data(), static_cast<int>(encoded.size()))) {
    return Corrupt(position);
  }
  return absl::OkStatus();
}

absl::Status CheckRecordEncoding(absl::string_view encoded, uint64_t position) {
  return WellFormed(encoded) ? absl::OkStatus() : Corrupt(position);
}

absl::StatusOr<size_t> EventStore::VisitAll(uint64_t from_position, size_t max_count,
                                            absl::FunctionRef<bool(v1::EventRecord&)> visit) const {
  v1::EventRecord record;
  absl::Status corrupt;
  absl::StatusOr<size_t> lent =
      VisitEncoded(from_position, max_count, [&](uint64_t position, absl::string_view encoded) {
        corrupt = ParseRecordInto(encoded, position, record);
        return corrupt.ok() && visit(record);
      });
  if (!corrupt.ok()) return corrupt;
  return lent;
}

}  // namespace caseledger::eventstore
