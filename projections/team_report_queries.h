#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "caseledger/v1/supervision.pb.h"
#include "caseledger/v1/team_report.pb.h"
#include "projections/view.h"

namespace caseledger::projections {

// A team's report for the request's months, read from the team report view and judged at
// `as_of`: what is still open then (a contact or a decision not yet made, cases still held)
// counts as it stands at `as_of`. Case weights, the safe level and the default monitoring
// level are `policy`'s. Reviews due per worker and month, at the level in force at the month's
// end (or `as_of`), from the time they held the team's cases and the files they recorded work
// on: every file before advice, each file with work recorded; a sample of N%, N% of their
// average open files, rounded up; N files a month, N or their average open files rounded up if
// fewer; every D days, their average open files times the month's days over D, rounded up.
// INVALID_ARGUMENT naming a bad team or month.
absl::StatusOr<v1::TeamReport> GetTeamReport(const View& view, absl::string_view org_id,
                                             const v1::GetTeamReportRequest& request,
                                             const v1::PolicyVersion& policy, absl::Time as_of);

}  // namespace caseledger::projections
