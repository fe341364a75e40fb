#pragma once

// A case's history and its replay, read straight from its stream: the record is the
// source of truth, and replay folds it with the same domain::Evolve as live.

#include "absl/status/statusor.h"
#include "caseledger/v1/audit.pb.h"
#include "eventstore/event_store.h"
#include "privacy/subject_keys.h"
#include "projections/replay_snapshots.h"
#include "projections/view.h"

namespace caseledger::projections {

// Personal fields are opened with `keys`, and read "[erased]" once the subject is erased;
// the records keep their sealed payloads, so their hashes still check.

// A page of the case's events with their records (hashes included), decoded.
// NOT_FOUND for a case that never existed.
absl::StatusOr<v1::GetCaseHistoryResponse> GetCaseHistory(const eventstore::EventStore& store,
                                                          const privacy::SubjectKeys& keys,
                                                          const v1::GetCaseHistoryRequest& request);

// The case as it stood after `request.revision` events; with every event recorded at or
// before `request.time` (what the file showed then); or with every event that occurred by
// `request.occurred_by` (what is known now about then). INVALID_ARGUMENT without any;
// NOT_FOUND for a case that did not exist then. With `snapshots`, a replay by revision or by
// record time starts from the nearest fold kept there, and keeps the folds it passes; with
// `kept_folds` (the replay-folds view, ReplayFoldsProjection), from the nearest fold of the
// two; a kept fold that does not read (corrupt) is passed over with a warning, and the case
// folded from the log. Folds into `response`, which must be empty; each event is parsed on
// `response`'s arena, if it has one, and moved into the state there, so that a fold on an arena
// copies nothing and frees nothing until the arena goes.
absl::Status ReplayCase(const eventstore::EventStore& store, const privacy::SubjectKeys& keys,
                        const v1::ReplayCaseRequest& request, v1::ReplayCaseResponse& response,
                        ReplaySnapshots* snapshots = nullptr, const View* kept_folds = nullptr);

}  // namespace caseledger::projections
