#pragma once

// The inspection on an inspection case: pure decisions on the case, and on the provider it
// concerns where a decision changes both (opening the case, publishing its report). Each
// Decide returns the events as case.h's do, with the same errors; a command on a case that is
// not an inspection case is FAILED_PRECONDITION. Steps the policy gives a time frame set a
// deadline in the diary, completed by the step that follows.

#include "absl/status/statusor.h"
#include "caseledger/v1/inspection_commands.pb.h"
#include "caseledger/v1/provider.pb.h"
#include "domain/case.h"
#include "domain/provider.h"

namespace caseledger::domain {

// What a decision records on the case and on its provider, appended as one atomic unit.
struct LinkedEvents {
  Events case_events;
  ProviderEvents provider_events;
};

// Opening an inspection case for a registered provider (a bad provider_ref otherwise): the
// case takes the provider's team, compliance and judgement where the request leaves them
// unset, and the provider records the case.
absl::StatusOr<LinkedEvents> Decide(const v1::CaseState& state, const v1::ProviderState& provider,
                                    const v1::OpenCaseRequest& request,
                                    const CommandContext& context);
// Publishing a document the provider has had the chance to check (its comments received, or
// the policy's time for them run out). A report gives the provider its new rating: compliant
// unless the latest finding on a standard did not meet it, those standards as its breaches,
// the report's judgement, the inspection's date and the request's rationale.
absl::StatusOr<LinkedEvents> Decide(const v1::CaseState& state, const v1::ProviderState& provider,
                                    const v1::PublishDocumentRequest& request,
                                    const CommandContext& context);

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::PlanVisitRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordVisitRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordFindingsRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::DraftDocumentRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::SendForFactualAccuracyRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::RecordProviderCommentsRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::RequireActionPlanRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::RecordActionPlanRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::RecordActionProgressRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::VerifyActionPlanRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::TakeEnforcementActionRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::ConcludeEnforcementActionRequest& request,
                              const CommandContext& context);

}  // namespace caseledger::domain
