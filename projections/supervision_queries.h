#pragma once

// Reads of the caseload view for supervision: inboxes of escalations and a worker's file
// reviews. Judged against the policy in force at `now`; INVALID_ARGUMENT for a bad filter or
// page token.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "caseledger/v1/policy.pb.h"
#include "caseledger/v1/supervision.pb.h"
#include "projections/view.h"

namespace caseledger::projections {

// Escalations of `org_id`'s cases awaiting acknowledgement by any of `owners`
// (view_keys::InboxOfPerson, InboxOfRole), oldest first, each with the time the policy expects
// it acknowledged by.
absl::StatusOr<v1::ListInboxResponse> ListInbox(const View& view, absl::string_view org_id,
                                                const std::vector<std::string>& owners,
                                                const v1::Policy& policy, absl::Time now);

// Keeps of `inbox` (ListInbox's whole answer) the page `request` asks for, with the token of
// the next and the inbox's total. INVALID_ARGUMENT naming page_token for a bad token.
absl::Status KeepInboxPage(const v1::ListInboxRequest& request, v1::ListInboxResponse& inbox);

// The file reviews of the request's worker in `org_id`'s cases in its window, oldest first, a
// page at a time, with the whole window's tally of grades and of actions open and past due at
// `now`.
absl::StatusOr<v1::ListWorkerReviewsResponse> ListWorkerReviews(
    const View& view, absl::string_view org_id, const v1::ListWorkerReviewsRequest& request,
    absl::Time now);

}  // namespace caseledger::projections
