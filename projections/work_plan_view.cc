#include "projections/work_plan_view.h"

#include "base/proto_time.h"
#include "domain/workplan.h"

namespace caseledger::projections {

v1::WorkPlanView WorkPlanViewOf(const v1::WorkPlanState& state,
                                const std::vector<v1::VisitMark>& visits, const v1::Policy& policy,
                                absl::Time now) {
  v1::WorkPlanView view;
  *view.mutable_state() = state;
  view.set_working_days_in_period(domain::PeriodWorkingDays(policy, state.plan()));
  view.set_capacity_days(state.capacity_days());
  std::vector<bool> counted(visits.size(), false);
  for (const v1::PlannedInspection& planned : state.plan().inspections()) {
    v1::PlannedInspectionProgress* progress = view.add_inspections();
    *progress->mutable_planned() = planned;
    progress->set_effort_days(domain::EffortDays(planned));
    view.set_planned_effort_days(view.planned_effort_days() + progress->effort_days());
    for (size_t i = 0; i < visits.size(); ++i) {
      if (counted[i] || !visits[i].done() || visits[i].provider_id() != planned.provider_id()) {
        continue;
      }
      counted[i] = true;
      progress->set_done(true);
      *progress->mutable_visit() = visits[i];
      view.set_done_effort_days(view.done_effort_days() + progress->effort_days());
      break;
    }
  }
  for (size_t i = 0; i < visits.size(); ++i) {
    if (counted[i] || !visits[i].done()) continue;
    *view.add_unplanned_visits() = visits[i];
    view.set_unplanned_effort_days(view.unplanned_effort_days() + visits[i].effort_days());
  }
  view.set_over_committed(view.planned_effort_days() + view.unplanned_effort_days() >
                          view.capacity_days());
  for (const v1::WorkObjectiveState& objective : state.objectives()) {
    v1::ObjectiveView* shown = view.add_objectives();
    *shown->mutable_objective() = objective.objective();
    const bool achieved =
        !objective.progress().empty() &&
        objective.progress(objective.progress_size() - 1).status() == v1::ACHIEVED;
    if (!objective.progress().empty()) {
      *shown->mutable_latest() = objective.progress(objective.progress_size() - 1);
    }
    shown->set_overdue(!achieved && FromProto(objective.objective().due_by()) < now);
  }
  return view;
}

}  // namespace caseledger::projections
