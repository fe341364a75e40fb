#pragma once

// The diary: an organisation's open deadlines by due time, with the follow-up inspection each
// passed action plan calls for. The caseload view keeps the entries in the diary's order, and a
// count of them per hour, so a page is read from its first entry on and its total from the
// counts.

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

// The entries an open case's summary puts in the view, by key: under its organisation's diary,
// or with `action_plans`, its action plans' deadlines alone.
std::map<std::string, v1::DiaryEntry> DiaryOf(const v1::CaseSummary& summary, bool action_plans);

// The key of the count of `entry`'s hour, under the diary or its action plans.
std::string DiaryHourCountOf(const v1::DiaryEntry& entry, bool action_plans);

// Deadlines due in [from, to) (to the second), and when include_missed every earlier one not
// completed, each with the follow-up inspection a passed action plan calls for; soonest first.
// Time is judged to the second: `now` is taken down to its second. A page at a time: with no
// worker or team asked for, from the view's order and counts; else from the organisation's
// diary read whole.
absl::StatusOr<v1::ListDiaryResponse> ListDiary(const View& view, absl::string_view org_id,
                                                const v1::ListDiaryRequest& request,
                                                const v1::Policy& policy, absl::Time now);

}  // namespace caseledger::projections
