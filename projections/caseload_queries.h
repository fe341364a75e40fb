#pragma once

// The caseload queries, read from the caseload view and judged against the policy in
// force at `now`. INVALID_ARGUMENT for a bad filter or page token.

#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "caseledger/v1/audit.pb.h"
#include "caseledger/v1/caseload.pb.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "eventstore/event_store.h"
#include "projections/view.h"

namespace caseledger::projections {

// Each list is of one organisation's cases (`org_id`).

// Visits the summaries of `org_id`'s open cases of `worker_id`, else of `team_id`, else
// every case (open only unless `all_statuses`). DATA_LOSS for a summary that does not parse.
absl::Status ScanSummaries(const View& view, absl::string_view org_id, const std::string& worker_id,
                           const std::string& team_id, bool all_statuses,
                           const std::function<void(v1::CaseSummary&)>& visit);

// Reasons for attention judged elsewhere (a file review overdue), by case id.
using CaseReasons = absl::flat_hash_map<std::string, std::vector<v1::AttentionReason>>;

// Open cases (or those of the requested statuses, RAG levels and providers' compliance) of
// a worker, a team or everyone, red first, then amber, green and unassessed; within a level the
// soonest next deadline first, cases with none last.
absl::StatusOr<v1::ListCaseloadResponse> ListCaseload(const View& view, absl::string_view org_id,
                                                      const v1::ListCaseloadRequest& request,
                                                      const v1::Policy& policy, absl::Time now);

// Weighted points of each worker's open cases against the safe level, with counts by
// status, RAG and their providers' compliance, open untoward incidents, distinct providers
// and inspection effort booked; heaviest first. Capacity is left to the caller (work plans).
absl::StatusOr<v1::GetWorkloadResponse> GetWorkload(const View& view, absl::string_view org_id,
                                                    const v1::GetWorkloadRequest& request,
                                                    const v1::PolicyVersion& policy);

// Open cases that need attention now (to the second), red first, then the longest-standing
// (AttentionStanding; or a reason in `more`, when earlier), then case id. `more`, when given,
// adds its reasons to the cases it names. A page at a time: for a whole organisation without
// `more`, from the view's order and counts once it has reached the policy's last change; else
// from the cases read whole.
absl::StatusOr<v1::ListAttentionResponse> ListAttention(const View& view, absl::string_view org_id,
                                                        const v1::ListAttentionRequest& request,
                                                        const v1::Policy& policy, absl::Time now,
                                                        const CaseReasons* more = nullptr);

// The events an actor caused in `org_id` (those that belong to it), in log order, read from
// `store` by the view's index.
absl::StatusOr<v1::ListActorEventsResponse> ListActorEvents(
    const View& view, const eventstore::EventStore& store, absl::string_view org_id,
    const v1::ListActorEventsRequest& request);

}  // namespace caseledger::projections
