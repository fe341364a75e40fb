#pragma once

// The attention list's order kept in the caseload view (view_keys::AttentionPrefix): each
// organisation's open cases by their standing (AttentionStanding), judged by the policy the view
// last saw for the organisation. Those that need attention whatever the time are kept apart from
// those that will once a time passes, so at any `now` the list is the first and, of the second,
// the entries before `now`: the first page of a whole organisation's list is read from the
// first entries of each rank, and its total from counts.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "caseledger/v1/caseload.pb.h"
#include "caseledger/v1/policy.pb.h"
#include "caseledger/v1/views.pb.h"
#include "projections/pages.h"
#include "projections/view.h"

namespace caseledger::projections {

// The entries an open case's summary puts in the order under `policy`, by key, each with the
// key of the count it adds one to.
std::map<std::string, std::string> AttentionEntriesOf(const v1::CaseSummary& summary,
                                                      const v1::Policy& policy);

// A page of the whole organisation's attention list at `now` (to the second), after `after`,
// with the list's total; nullopt when the view does not keep the order (a version from before
// it) or judged it by another policy than `policy` (it has not yet reached the policy's last
// change): the list must then be read whole.
absl::StatusOr<std::optional<v1::ListAttentionResponse>> ListAttentionInOrder(
    const View& view, absl::string_view org_id, const std::optional<PageKey>& after,
    uint32_t page_size, const v1::Policy& policy, absl::Time now);

}  // namespace caseledger::projections
