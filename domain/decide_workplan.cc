// Agreeing an inspector's plan for a period, recording progress against its objectives, and
// reviewing it.

#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/decide_support.h"
#include "domain/working_days.h"
#include "domain/workplan.h"

namespace caseledger::domain {

using internal::CheckCommonHeader;
using internal::NewEventOf;

std::string WorkPlanStreamId(absl::string_view inspector_id, absl::string_view period_id) {
  return absl::StrCat("workplan-", inspector_id, "/", period_id);
}

int PeriodWorkingDays(const v1::Policy& policy, const v1::WorkPlanTerms& plan) {
  const WorkingCalendar calendar(policy.calendar());
  return calendar.WorkingDaysBetween(FromProto(plan.period_start()) - absl::Hours(24),
                                     FromProto(plan.period_end()) - absl::Nanoseconds(1));
}

double CapacityDays(const v1::Policy& policy, const v1::WorkPlanTerms& plan) {
  return PeriodWorkingDays(policy, plan) - plan.leave_days() - plan.other_duties_days();
}

double EffortDays(const v1::PlannedInspection& inspection) {
  return inspection.visit_days() + inspection.report_days();
}

namespace {

constexpr double kMaxDays = 730;

FieldErrors CheckPlanHeader(const v1::WorkPlanHeader& header, const CommandContext& context) {
  FieldErrors errors = CheckCommonHeader(header, context);
  errors.Id("header.inspector_id", header.inspector_id(), true);
  errors.Id("header.period_id", header.period_id(), true);
  return errors;
}

absl::Status RequireAgreed(const v1::WorkPlanState& state, const v1::WorkPlanHeader& header,
                           const CommandContext& context) {
  if (state.revision() == 0 || state.org_id() != context.org_id) {
    return absl::NotFoundError(absl::StrCat("no work plan was agreed for ", header.inspector_id(),
                                            " for period ", header.period_id()));
  }
  return absl::OkStatus();
}

void CheckDays(absl::string_view field, double days, bool positive, FieldErrors& errors) {
  if (!std::isfinite(days) || days < 0 || (positive && days == 0) || days > kMaxDays) {
    errors.Add(std::string(field),
               positive ? "must be more than 0 and at most 730" : "must be from 0 to 730");
  }
}

void CheckObjectives(const v1::WorkPlanTerms& plan, FieldErrors& errors) {
  if (plan.objectives().empty()) errors.Add("plan.objectives", "must hold at least one objective");
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < plan.objectives_size(); ++i) {
    const v1::WorkObjective& o = plan.objectives(i);
    const std::string field = absl::StrCat("plan.objectives[", i, "]");
    errors.Id(field + ".objective_id", o.objective_id(), true);
    if (!o.objective_id().empty() && !ids.insert(o.objective_id()).second) {
      errors.Add(field + ".objective_id", "repeats another objective's id");
    }
    errors.Text(field + ".description", o.description(), true);
    errors.Text(field + ".measure", o.measure(), true, kMaxShortTextBytes);
    errors.Text(field + ".target", o.target(), true, kMaxShortTextBytes);
    errors.Time(field + ".due_by", o.due_by(), true, o.has_due_by());
    if (o.has_due_by() && plan.has_period_start() && plan.has_period_end() &&
        (FromProto(o.due_by()) < FromProto(plan.period_start()) ||
         FromProto(o.due_by()) > FromProto(plan.period_end()))) {
      errors.Add(field + ".due_by", "must fall within the plan's period");
    }
  }
}

void CheckInspections(const v1::WorkPlanTerms& plan, FieldErrors& errors) {
  for (int i = 0; i < plan.inspections_size(); ++i) {
    const v1::PlannedInspection& p = plan.inspections(i);
    const std::string field = absl::StrCat("plan.inspections[", i, "]");
    errors.Id(field + ".provider_id", p.provider_id(), true);
    errors.Time(field + ".planned_for", p.planned_for(), false, p.has_planned_for());
    if (p.has_planned_for() && plan.has_period_start() && plan.has_period_end() &&
        (FromProto(p.planned_for()) < FromProto(plan.period_start()) ||
         FromProto(p.planned_for()) >= FromProto(plan.period_end()))) {
      errors.Add(field + ".planned_for", "must fall within the plan's period");
    }
    CheckDays(field + ".visit_days", p.visit_days(), true, errors);
    CheckDays(field + ".report_days", p.report_days(), false, errors);
    errors.Text(field + ".reason", p.reason(), false, kMaxShortTextBytes);
  }
}

}  // namespace

absl::StatusOr<WorkPlanEvents> Decide(const v1::WorkPlanState& state,
                                      const v1::AgreeWorkPlanRequest& r,
                                      const CommandContext& context) {
  const v1::WorkPlanTerms& plan = r.plan();
  const v1::Policy& policy = internal::PolicyInForce(context).policy();
  FieldErrors errors = CheckPlanHeader(r.header(), context);
  errors.Id("plan.manager_id", plan.manager_id(), true);
  if (!plan.manager_id().empty() && plan.manager_id() == r.header().inspector_id()) {
    errors.Add("plan.manager_id", "must name the inspector's manager, not the inspector");
  }
  errors.Id("plan.team_id", plan.team_id(), false);
  errors.Time("plan.period_start", plan.period_start(), true, plan.has_period_start());
  errors.Time("plan.period_end", plan.period_end(), true, plan.has_period_end());
  const bool has_period = plan.has_period_start() && plan.has_period_end();
  if (has_period && (FromProto(plan.period_end()) <= FromProto(plan.period_start()) ||
                     FromProto(plan.period_end()) - FromProto(plan.period_start()) >
                         absl::Hours(24) * kMaxDays)) {
    errors.Add("plan.period_end", "must be after period_start, and at most two years after it");
  }
  CheckObjectives(plan, errors);
  for (int i = 0; i < plan.priorities_size(); ++i) {
    errors.Text(absl::StrCat("plan.priorities[", i, "]"), plan.priorities(i), true,
                kMaxShortTextBytes);
  }
  errors.Text("plan.untoward_incidents", plan.untoward_incidents(), true);
  CheckDays("plan.leave_days", plan.leave_days(), false, errors);
  CheckDays("plan.other_duties_days", plan.other_duties_days(), false, errors);
  if (errors.ok() && has_period && CapacityDays(policy, plan) < 0) {
    errors.Add("plan.leave_days",
               absl::StrCat("leave and other duties take more than the period's ",
                            PeriodWorkingDays(policy, plan), " working days"));
  }
  CheckInspections(plan, errors);
  errors.Text("rationale", r.rationale(), state.revision() > 0);
  RETURN_IF_ERROR(errors.ToStatus());
  if (state.revision() > 0 && state.org_id() != context.org_id) {
    return absl::NotFoundError("the work plan belongs to another organisation");
  }
  v1::WorkPlanEvent event = NewEventOf<v1::WorkPlanEvent>(r.header(), context);
  v1::WorkPlanAgreed* agreed = event.mutable_work_plan_agreed();
  agreed->set_inspector_id(r.header().inspector_id());
  agreed->set_period_id(r.header().period_id());
  agreed->set_org_id(context.org_id);
  agreed->set_version(state.version() + 1);
  *agreed->mutable_plan() = plan;
  agreed->set_capacity_days(CapacityDays(policy, plan));
  agreed->set_rationale(r.rationale());
  return WorkPlanEvents{std::move(event)};
}

absl::StatusOr<WorkPlanEvents> Decide(const v1::WorkPlanState& state,
                                      const v1::RecordObjectiveProgressRequest& r,
                                      const CommandContext& context) {
  FieldErrors errors = CheckPlanHeader(r.header(), context);
  errors.Id("objective_id", r.objective_id(), true);
  errors.Enum("status", r.status());
  if (r.percent_complete() > 100) errors.Add("percent_complete", "must be from 0 to 100");
  errors.Text("note", r.note(), false);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireAgreed(state, r.header(), context));
  if (internal::FindRecord(
          state.objectives(),
          [](const v1::WorkObjectiveState& o) { return o.objective().objective_id(); },
          r.objective_id()) == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("objective ", r.objective_id(), " is not in the work plan"));
  }
  v1::WorkPlanEvent event = NewEventOf<v1::WorkPlanEvent>(r.header(), context);
  v1::ObjectiveProgressRecorded* progress = event.mutable_objective_progress_recorded();
  progress->set_objective_id(r.objective_id());
  progress->set_status(r.status());
  progress->set_percent_complete(r.percent_complete());
  progress->set_note(r.note());
  return WorkPlanEvents{std::move(event)};
}

absl::StatusOr<WorkPlanEvents> Decide(const v1::WorkPlanState& state,
                                      const v1::ReviewWorkPlanRequest& r,
                                      const CommandContext& context) {
  FieldErrors errors = CheckPlanHeader(r.header(), context);
  errors.Id("reviewed_with", r.reviewed_with(), true);
  errors.Text("findings", r.findings(), true);
  for (int i = 0; i < r.actions_agreed_size(); ++i) {
    errors.Text(absl::StrCat("actions_agreed[", i, "]"), r.actions_agreed(i), true);
  }
  if (r.has_next_review_by()) {
    internal::CheckLaterTime("next_review_by", r.next_review_by(), true,
                             FromProto(internal::OccurredAt(r.header(), context)), errors);
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireAgreed(state, r.header(), context));
  v1::WorkPlanEvent event = NewEventOf<v1::WorkPlanEvent>(r.header(), context);
  v1::WorkPlanReviewed* reviewed = event.mutable_work_plan_reviewed();
  reviewed->set_reviewed_with(r.reviewed_with());
  reviewed->set_findings(r.findings());
  *reviewed->mutable_actions_agreed() = r.actions_agreed();
  if (r.has_next_review_by()) *reviewed->mutable_next_review_by() = r.next_review_by();
  return WorkPlanEvents{std::move(event)};
}

}  // namespace caseledger::domain
