#pragma once

// The inspection programme and the providers' lists, read from the programme view and judged
// against the policy in force at `now`. Each is of one organisation's providers.
// INVALID_ARGUMENT for a bad window or page token.

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "caseledger/v1/programme.pb.h"
#include "caseledger/v1/providers.pb.h"
#include "caseledger/v1/workplan.pb.h"
#include "projections/programme_facts.h"
#include "projections/view.h"

namespace caseledger::projections {

// Where a provider with these facts stands at `now`: when it is due (the earliest of the
// policy's interval for its judgement from its last inspection, or its first inspection
// from registration; intelligence that brings it forward; a follow-up of an action plan
// whose date passed unverified), why, whether it is overdue, and its risk. Without its
// summary and next visit, which its entry gives.
v1::ProgrammeItem PlaceOf(const ProgrammeFacts& facts, const v1::Policy& policy, absl::Time now);

// Providers of a lead inspector, a team or the organisation due in [from, to) (default: the
// next 90 days) or overdue, highest risk first (ListInspectionProgrammeResponse says how),
// a page at a time.
absl::StatusOr<v1::ListInspectionProgrammeResponse> ListInspectionProgramme(
    const View& view, absl::string_view org_id, const v1::ListInspectionProgrammeRequest& request,
    const v1::PolicyVersion& policy, absl::Time now);

// A provider's place in the programme; nullopt when the view does not have it (yet).
absl::StatusOr<std::optional<v1::ProgrammeItem>> ProgrammeItemOf(const View& view,
                                                                 absl::string_view org_id,
                                                                 const std::string& provider_id,
                                                                 const v1::Policy& policy,
                                                                 absl::Time now);

// Providers of a lead inspector, a team or the organisation, filtered by compliance and
// judgement, by id, with the counts of compliant and non-compliant providers and of each
// lead inspector's.
absl::StatusOr<v1::ListProvidersResponse> ListProviders(const View& view, absl::string_view org_id,
                                                        const v1::ListProvidersRequest& request);

// The visits to `org_id`'s providers an inspector planned or made in [from, to), by time.
absl::StatusOr<std::vector<v1::VisitMark>> VisitsBy(const View& view, absl::string_view org_id,
                                                    const std::string& inspector_id,
                                                    absl::Time from, absl::Time to);

// The inspector's work plan whose period holds `now`, if any (without its objectives and
// inspections).
absl::StatusOr<std::optional<v1::WorkPlanAgreed>> WorkPlanAt(const View& view,
                                                             const std::string& inspector_id,
                                                             absl::string_view org_id,
                                                             absl::Time now);

}  // namespace caseledger::projections
