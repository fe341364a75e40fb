#pragma once

// What the inspection's Decide functions share: the checks that the case is an inspection
// case, the deadlines its steps set and complete, and the policy's calendar.

#include <string>

#include "absl/time/time.h"
#include "domain/decide_support.h"
#include "domain/inspection.h"
#include "domain/working_days.h"

namespace caseledger::domain::internal {

// As RequireOpen, and FAILED_PRECONDITION unless the case is an inspection case.
absl::Status RequireInspection(const v1::CaseState& state, const v1::CommandHeader& header);

// The ids of the deadlines the inspection's steps set.
std::string StepDeadlineId(absl::string_view record_id, absl::string_view step);

// A DeadlineSet event for the step: `what` must be done by `due`.
v1::CaseEvent SetStepDeadline(const v1::CommandHeader& header, const CommandContext& context,
                              std::string deadline_id, v1::DeadlineKind kind, absl::Time due,
                              std::string what);

// Adds a DeadlineCompleted event to `events` for each of `deadline_ids` that is open on the
// case.
void CompleteStepDeadlines(const v1::CaseState& state, const v1::CommandHeader& header,
                           const CommandContext& context,
                           std::initializer_list<std::string> deadline_ids, absl::string_view how,
                           Events& events);

// The end of the `days`-th working day after `from`, in the policy's calendar.
absl::Time WorkingDaysAfter(const CommandContext& context, absl::Time from, uint32_t days);

// Applies one of the inspection's events (inspection_events.proto) to the case; evolve.cc's
// Evolve calls it, taking the event's contents.
void ApplyInspection(v1::CaseState& state, v1::CaseEvent& event);

// The case's visit `visit_id`, or nullptr.
const v1::InspectionVisit* FindVisit(const v1::CaseState& state, const std::string& visit_id);

}  // namespace caseledger::domain::internal
