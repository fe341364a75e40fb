#include "projections/case_history.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "domain/case.h"
#include "domain/field_errors.h"
#include "privacy/sealing.h"

namespace caseledger::projections {
namespace {

// The record's event, with its personal fields opened (or read as erased), parsed into
// `event` (whatever it held before is replaced).
absl::Status DecodeInto(const privacy::SubjectKeys& keys, absl::string_view case_id,
                        const v1::EventRecord& record, v1::CaseEvent& event) {
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(
        absl::StrCat("the event at position ", record.position(), " does not decode"));
  }
  return privacy::Unseal(keys, case_id, event);
}

absl::StatusOr<v1::CaseEvent> Decode(const privacy::SubjectKeys& keys, absl::string_view case_id,
                                     const v1::EventRecord& record) {
  v1::CaseEvent event;
  if (absl::Status s = DecodeInto(keys, case_id, record, event); !s.ok()) return s;
  return event;
}

}  // namespace

absl::StatusOr<v1::GetCaseHistoryResponse> GetCaseHistory(
    const eventstore::EventStore& store, const privacy::SubjectKeys& keys,
    const v1::GetCaseHistoryRequest& request) {
  if (request.case_id().empty()) return domain::InvalidField("case_id", "is required");
  const uint64_t from = std::max<uint64_t>(request.from_revision(), 1);
  const uint32_t page = request.page_size() == 0 ? 100 : std::min(request.page_size(), 1000u);
  auto records = store.ReadStream(domain::CaseStreamId(request.case_id()), from,
                                  eventstore::Direction::kForward, page + 1);
  if (!records.ok()) return records.status();
  if (records->empty() && from == 1) {
    return absl::NotFoundError(absl::StrCat("case ", request.case_id(), " does not exist"));
  }
  v1::GetCaseHistoryResponse response;
  for (size_t i = 0; i < records->size() && i < page; ++i) {
    v1::HistoryEntry* entry = response.add_entries();
    auto event = Decode(keys, request.case_id(), (*records)[i]);
    if (!event.ok()) return event.status();
    *entry->mutable_event() = *std::move(event);
    *entry->mutable_record() = std::move((*records)[i]);
    if (!request.include_payloads()) entry->mutable_record()->clear_payload();
  }
  if (records->size() > page) response.set_next_revision(from + page);
  return response;
}

absl::StatusOr<v1::ReplayCaseResponse> ReplayCase(const eventstore::EventStore& store,
                                                  const privacy::SubjectKeys& keys,
                                                  const v1::ReplayCaseRequest& request) {
  domain::FieldErrors errors;
  errors.Id("case_id", request.case_id(), true);
  if (request.as_of_case() == v1::ReplayCaseRequest::AS_OF_NOT_SET) {
    errors.Add("as_of", "needs a time or a revision");
  }
  if (absl::Status s = errors.ToStatus(); !s.ok()) return s;
  const bool by_revision = request.as_of_case() == v1::ReplayCaseRequest::kRevision;
  const bool by_occurrence = request.as_of_case() == v1::ReplayCaseRequest::kOccurredBy;
  const absl::Time as_of = request.as_of_case() == v1::ReplayCaseRequest::kTime
                               ? FromProto(request.time())
                               : absl::InfiniteFuture();
  const absl::Time occurred_by =
      by_occurrence ? FromProto(request.occurred_by()) : absl::InfiniteFuture();
  const uint64_t last = by_revision ? request.revision() : UINT64_MAX;

  v1::ReplayCaseResponse response;
  v1::CaseState& state = *response.mutable_state();
  // One record and one event, parsed into again for each event of the stream: what the fold
  // keeps of an event it moves into the state.
  v1::CaseEvent event;
  google::protobuf::Timestamp recorded_at;
  absl::Status failed;
  absl::StatusOr<size_t> read = store.VisitStream(
      domain::CaseStreamId(request.case_id()), 1,
      static_cast<size_t>(std::min<uint64_t>(last, SIZE_MAX)), [&](const v1::EventRecord& record) {
        // The record's own time: what the file showed at `as_of`, backdated events included
        // only once they were written.
        if (FromProto(record.metadata().recorded_at()) > as_of) return false;
        // Events written up later may have occurred earlier: skip, don't stop.
        if (FromProto(record.metadata().occurred_at()) > occurred_by) return true;
        failed = DecodeInto(keys, request.case_id(), record, event);
        if (!failed.ok()) return false;
        domain::Evolve(state, std::move(event));
        recorded_at = record.metadata().recorded_at();
        return true;
      });
  if (!failed.ok()) return failed;
  if (!read.ok()) return read.status();
  if (state.revision() > 0) *response.mutable_recorded_at() = recorded_at;
  // By occurrence the fold may skip events: the revision reached is the last one folded.
  response.set_revision(response.state().revision());
  if (response.revision() == 0) {
    return absl::NotFoundError(absl::StrCat("case ", request.case_id(), " did not exist then"));
  }
  if (by_revision && response.revision() < request.revision()) {
    return domain::InvalidField(
        "revision", absl::StrCat("is past the case's last revision ", response.revision()));
  }
  return response;
}

}  // namespace caseledger::projections
