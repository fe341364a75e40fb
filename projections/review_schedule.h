#pragma once

// Which files are due for review under each worker's monitoring level (casework supervision
// 8.1), judged at `now` from the caseload view: open files, when each was last reviewed or
// last had work recorded, and how many of the worker's files were reviewed this month and
// last. Months are calendar months in UTC.
//
// - every file before advice: a file with work recorded since its last review is due within
//   the policy's file_review_working_days of that work;
// - every N days: a file is due N days after its last review (or after its worker took it),
//   listed from a week before;
// - a sample (N files, or N% of open files, a month): this month's sample is due at the end of
//   the month, the least recently reviewed files first; what last month's sample fell short by
//   (at the level now in force) is overdue until reviews this month make it up.

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "caseledger/v1/policy.pb.h"
#include "caseledger/v1/supervision.pb.h"
#include "projections/caseload_queries.h"
#include "projections/view.h"

namespace caseledger::projections {

// A worker's monitoring level: their own, or the policy's default.
struct LevelInForce {
  v1::MonitoringLevel level;
  bool is_default = false;
};
using LevelOf = std::function<absl::StatusOr<LevelInForce>(const std::string& worker_id)>;

// The files due for review of `worker_id`, or of each worker holding open cases of `team_id`
// (then only those cases), soonest due first; workers in id order.
absl::StatusOr<v1::ListFilesDueForReviewResponse> ListFilesDueForReview(
    const View& view, absl::string_view org_id, const std::string& worker_id,
    const std::string& team_id, const LevelOf& level_of, const v1::Policy& policy, absl::Time now);

// Keeps of `due` (ListFilesDueForReview's whole answer) the page of workers `request` asks
// for, with the token of the next and the number of workers. INVALID_ARGUMENT naming
// page_token for a bad token.
absl::Status KeepFilesDuePage(const v1::ListFilesDueForReviewRequest& request,
                              v1::ListFilesDueForReviewResponse& due);

// The overdue files of `due` as reasons for attention (FILE_REVIEW_OVERDUE), by case.
CaseReasons OverdueReviews(const v1::ListFilesDueForReviewResponse& due);

}  // namespace caseledger::projections
