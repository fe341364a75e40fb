#include "eventstore/event_store.h"

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
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

absl::Status ParseStreamRecordInto(absl::string_view encoded, absl::string_view stream_id,
                                   uint64_t revision, uint64_t position, v1::EventRecord& record) {
  if (absl::Status s = ParseRecordInto(encoded, position, record); !s.ok()) return s;
  if (record.stream_id() == stream_id && record.stream_revision() == revision) {
    return absl::OkStatus();
  }
  return absl::DataLossError(absl::StrCat(
      "the index of stream ", stream_id, " at revision ", revision, " leads to position ", position,
      ", which holds revision ", record.stream_revision(), " of stream ", record.stream_id()));
}

absl::StatusOr<AppendResult> EventStore::Append(AppendRequest request) {
  absl::Notification done;
  absl::StatusOr<AppendResult> result;
  AppendAsync(std::move(request), [&](absl::StatusOr<AppendResult> r) {
    result = std::move(r);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

absl::StatusOr<MultiStreamAppendResult> EventStore::AppendStreams(
    MultiStreamAppendRequest request) {
  absl::Notification done;
  absl::StatusOr<MultiStreamAppendResult> result;
  AppendStreamsAsync(std::move(request), [&](absl::StatusOr<MultiStreamAppendResult> r) {
    result = std::move(r);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

absl::StatusOr<size_t> EventStore::VisitStream(
    absl::string_view stream_id, uint64_t from_revision, size_t max_count,
    absl::FunctionRef<bool(v1::EventRecord&)> visit) const {
  v1::EventRecord record;
  absl::Status corrupt;
  absl::StatusOr<size_t> lent = VisitStreamEncoded(
      stream_id, from_revision, max_count,
      [&](uint64_t revision, uint64_t position, absl::string_view encoded) {
        corrupt = ParseStreamRecordInto(encoded, stream_id, revision, position, record);
        return corrupt.ok() && visit(record);
      });
  if (!corrupt.ok()) return corrupt;
  return lent;
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
