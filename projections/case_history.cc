#include "projections/case_history.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/proto_time.h"
#include "domain/case.h"
#include "domain/field_errors.h"
#include "privacy/sealing.h"
#include "projections/replay_folds.h"

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

// The replay-folds view is derived data: a kept fold that cannot be read is passed over, with a
// warning (the view is rebuilt from the log when dropped), and the case folded from the log.
void PassOver(absl::string_view case_id, absl::string_view why) {
  log::Warn("a fold in the replay-folds view is passed over; the case is folded from the log",
            {{"case_id", case_id}, {"error", why}});
}

std::shared_ptr<const ReplaySnapshots::Snapshot> ReadableKeptFold(const View& view,
                                                                  const privacy::SubjectKeys& keys,
                                                                  const std::string& case_id,
                                                                  uint64_t last, absl::Time as_of) {
  auto kept = KeptFold(view, keys, case_id, last, as_of);
  if (kept.ok()) return *std::move(kept);
  PassOver(case_id, kept.status().ToString());
  return nullptr;
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

absl::Status ReplayCase(const eventstore::EventStore& store, const privacy::SubjectKeys& keys,
                        const v1::ReplayCaseRequest& request, v1::ReplayCaseResponse& response,
                        ReplaySnapshots* snapshots, const View* kept_folds) {
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
  // By occurrence the fold skips events, so its states are no prefix's: no fold kept serves it.
  if (by_occurrence) snapshots = nullptr, kept_folds = nullptr;

  v1::CaseState& state = *response.mutable_state();
  google::protobuf::Timestamp recorded_at;
  absl::Time latest_recorded = absl::InfinitePast();
  const uint64_t erasures = snapshots != nullptr ? snapshots->Erasures() : 0;
  std::shared_ptr<const ReplaySnapshots::Snapshot> nearest;
  if (snapshots != nullptr) nearest = snapshots->Nearest(request.case_id(), last, as_of);
  if (kept_folds != nullptr) {
    std::shared_ptr<const ReplaySnapshots::Snapshot> kept =
        ReadableKeptFold(*kept_folds, keys, request.case_id(), last, as_of);
    if (kept != nullptr && (nearest == nullptr || kept->revision > nearest->revision)) {
      if (state.ParseFromString(kept->state)) {
        recorded_at = kept->recorded_at;
        latest_recorded = kept->latest_recorded;
        nearest = nullptr;  // started from the kept fold
      } else {
        PassOver(request.case_id(), "its state does not parse");
        state.Clear();
      }
    }
  }
  if (nearest != nullptr) {
    if (!state.ParseFromString(nearest->state)) {
      return absl::InternalError(
          absl::StrCat("the fold kept for case ", request.case_id(), " does not parse"));
    }
    recorded_at = nearest->recorded_at;
    latest_recorded = nearest->latest_recorded;
  }
  if (state.revision() > last) {
    return absl::InternalError(
        absl::StrCat("the fold kept for case ", request.case_id(), " is past revision ", last));
  }
  const uint64_t from = state.revision() + 1;
  // One event, parsed into again for each event of the stream, on the state's arena: what
  // the fold keeps of an event it moves into the state.
  google::protobuf::Arena* const arena = response.GetArena();
  std::unique_ptr<v1::CaseEvent> owned;
  v1::CaseEvent* const event = arena != nullptr
                                   ? google::protobuf::Arena::CreateMessage<v1::CaseEvent>(arena)
                                   : (owned = std::make_unique<v1::CaseEvent>()).get();
  absl::Status failed;
  // Where this replay keeps a fold for the next one of the case near here: by revision, at
  // the last multiple of every() up to the one asked for; by record time, where the fold ends
  // (known only then), if it folded every() events or more.
  const uint64_t keep_at =
      snapshots != nullptr && by_revision ? last / snapshots->every() * snapshots->every() : 0;
  ReplaySnapshots::Snapshot keep;
  absl::StatusOr<size_t> read = store.VisitStream(
      domain::CaseStreamId(request.case_id()), from,
      static_cast<size_t>(std::min<uint64_t>(last - state.revision(), SIZE_MAX)),
      [&](const v1::EventRecord& record) {
        // The record's own time: what the file showed at `as_of`, backdated events included
        // only once they were written.
        const absl::Time recorded = FromProto(record.metadata().recorded_at());
        if (recorded > as_of) return false;
        // Events written up later may have occurred earlier: skip, don't stop.
        if (FromProto(record.metadata().occurred_at()) > occurred_by) return true;
        failed = DecodeInto(keys, request.case_id(), record, *event);
        if (!failed.ok()) return false;
        domain::Evolve(state, std::move(*event));
        recorded_at = record.metadata().recorded_at();
        latest_recorded = std::max(latest_recorded, recorded);
        if (state.revision() == keep_at) {
          keep = {keep_at, state.SerializeAsString(), recorded_at, latest_recorded};
        }
        return true;
      });
  if (!failed.ok()) return failed;
  if (!read.ok()) return read.status();
  if (snapshots != nullptr && !by_revision && state.revision() >= from - 1 + snapshots->every()) {
    keep = {state.revision(), state.SerializeAsString(), recorded_at, latest_recorded};
  }
  if (keep.revision != 0) snapshots->Keep(request.case_id(), std::move(keep), erasures);
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
  return absl::OkStatus();
}

}  // namespace caseledger::projections
