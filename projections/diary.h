#pragma once

// The diary: an organisation's open deadlines by due time, with the follow-up inspection each
// passed action plan calls for. The caseload view keeps the entries in the diary's order, the
// organisation's and each team's and worker's apart, with a count of them per hour and per
// day, so a page is read from its first entry on and its total from the counts.

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "caseledger/v1/caseload.pb.h"
#include "caseledger/v1/policy.pb.h"
#include "caseledger/v1/views.pb.h"
#include "projections/view.h"

namespace caseledger::projections {

// The entries an open case's summary puts in the view, by key: under its organisation's, team's
// and worker's diary, or with `action_plans`, their action plans' deadlines alone.
std::map<std::string, v1::DiaryEntry> DiaryOf(const v1::CaseSummary& summary, bool action_plans);

// The key of the count of the hour of `entry`, kept at `key` (one of DiaryOf's), in the diary
// that `key` is in.
std::string DiaryHourCountOf(absl::string_view key, const v1::DiaryEntry& entry);

// Deadlines due in [from, to) (to the second), and when include_missed every earlier one not
// completed, each with the follow-up inspection a passed action plan calls for; soonest first.
// Time is judged to the second: `now` is taken down to its second. A page at a time, from the
// view's order and counts of the organisation's, the team's or the worker's diary; a worker's
// within a team, or a team's or worker's from a view older than version 10, is read whole
// (the worker's, or the organisation's) and filtered.
absl::StatusOr<v1::ListDiaryResponse> ListDiary(const View& view, absl::string_view org_id,
                                                const v1::ListDiaryRequest& request,
                                                const v1::Policy& policy, absl::Time now);

}  // namespace caseledger::projections
