#include "domain/inspection_support.h"

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"

namespace caseledger::domain::internal {

absl::Status RequireInspection(const v1::CaseState& state, const v1::CommandHeader& header) {
  if (absl::Status s = RequireOpen(state, header); !s.ok()) return s;
  if (state.kind() != v1::INSPECTION) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", header.case_id(), " is not an inspection case"));
  }
  return absl::OkStatus();
}

std::string StepDeadlineId(absl::string_view record_id, absl::string_view step) {
  return absl::StrCat(record_id, "-", step);
}

v1::CaseEvent SetStepDeadline(const v1::CommandHeader& header, const CommandContext& context,
                              std::string deadline_id, v1::DeadlineKind kind, absl::Time due,
                              std::string what) {
  v1::CaseEvent event = NewEvent(header, context);
  v1::DeadlineSet* set = event.mutable_deadline_set();
  set->set_deadline_id(std::move(deadline_id));
  set->mutable_deadline()->set_kind(kind);
  *set->mutable_deadline()->mutable_due_at() = ToProto(due);
  set->mutable_deadline()->set_what(std::move(what));
  return event;
}

void CompleteStepDeadlines(const v1::CaseState& state, const v1::CommandHeader& header,
                           const CommandContext& context,
                           std::initializer_list<std::string> deadline_ids, absl::string_view how,
                           Events& events) {
  for (const std::string& id : deadline_ids) {
    const v1::Deadline* deadline = FindRecord(
        state.deadlines(), [](const v1::Deadline& d) { return d.deadline_id(); }, id);
    if (deadline == nullptr || deadline->has_completed()) continue;
    v1::CaseEvent event = NewEvent(header, context);
    event.mutable_deadline_completed()->set_deadline_id(id);
    event.mutable_deadline_completed()->set_how(std::string(how));
    events.push_back(std::move(event));
  }
}

absl::Time WorkingDaysAfter(const CommandContext& context, absl::Time from, uint32_t days) {
  const WorkingCalendar calendar(PolicyInForce(context).policy().calendar());
  return calendar.DueBy(from, static_cast<int>(days));
}

const v1::InspectionVisit* FindVisit(const v1::CaseState& state, const std::string& visit_id) {
  return FindRecord(
      state.visits(), [](const v1::InspectionVisit& v) { return v.visit_id(); }, visit_id);
}

}  // namespace caseledger::domain::internal
