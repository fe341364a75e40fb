#pragma once

// An inspector's work plan for a period, agreed with their manager: pure decisions on its
// stream (workplan-<inspector>/<period>) and the fold of its events.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "caseledger/v1/workplan.pb.h"
#include "caseledger/v1/workplans.pb.h"
#include "domain/case.h"

namespace caseledger::domain {

// The stream of one inspector's plan for one period.
std::string WorkPlanStreamId(absl::string_view inspector_id, absl::string_view period_id);

using WorkPlanEvents = std::vector<v1::WorkPlanEvent>;

// Each Decide returns the events, or INVALID_ARGUMENT naming every bad field, NOT_FOUND for a
// plan never agreed or an unknown objective. Agreeing a plan that exists agrees its next
// version, which needs a rationale.
absl::StatusOr<WorkPlanEvents> Decide(const v1::WorkPlanState& state,
                                      const v1::AgreeWorkPlanRequest& request,
                                      const CommandContext& context);
absl::StatusOr<WorkPlanEvents> Decide(const v1::WorkPlanState& state,
                                      const v1::RecordObjectiveProgressRequest& request,
                                      const CommandContext& context);
absl::StatusOr<WorkPlanEvents> Decide(const v1::WorkPlanState& state,
                                      const v1::ReviewWorkPlanRequest& request,
                                      const CommandContext& context);

// The working days of the plan's period in the policy's calendar, from period_start's day to
// the day before period_end.
int PeriodWorkingDays(const v1::Policy& policy, const v1::WorkPlanTerms& plan);
// What the period leaves for inspection: its working days less leave and other duties.
double CapacityDays(const v1::Policy& policy, const v1::WorkPlanTerms& plan);
// A planned inspection's effort: its visit and its documents.
double EffortDays(const v1::PlannedInspection& inspection);

// Applies one event to the plan; its revision goes up by one.
void Evolve(v1::WorkPlanState& state, const v1::WorkPlanEvent& event);

// The name of the event's fact ("WorkPlanAgreed"), used as the log record's type.
std::string EventType(const v1::WorkPlanEvent& event);

}  // namespace caseledger::domain
