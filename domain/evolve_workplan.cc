// The fold of a work plan's events.

#include "domain/workplan.h"

namespace caseledger::domain {
namespace {

v1::Stamp StampOf(const v1::WorkPlanEvent& event) {
  v1::Stamp stamp;
  stamp.set_actor(event.actor());
  *stamp.mutable_at() = event.occurred_at();
  return stamp;
}

// The plan's objectives as agreed, each keeping the progress recorded against its id.
void ApplyAgreed(v1::WorkPlanState& s, const v1::WorkPlanEvent& e) {
  const v1::WorkPlanAgreed& a = e.work_plan_agreed();
  s.set_inspector_id(a.inspector_id());
  s.set_period_id(a.period_id());
  s.set_org_id(a.org_id());
  s.set_version(a.version());
  *s.mutable_plan() = a.plan();
  s.set_capacity_days(a.capacity_days());
  *s.mutable_agreed() = StampOf(e);
  s.set_rationale(a.rationale());
  google::protobuf::RepeatedPtrField<v1::WorkObjectiveState> objectives;
  for (const v1::WorkObjective& objective : a.plan().objectives()) {
    v1::WorkObjectiveState* kept = objectives.Add();
    *kept->mutable_objective() = objective;
    for (v1::WorkObjectiveState& earlier : *s.mutable_objectives()) {
      if (earlier.objective().objective_id() == objective.objective_id()) {
        kept->mutable_progress()->Swap(earlier.mutable_progress());
      }
    }
  }
  s.mutable_objectives()->Swap(&objectives);
}

}  // namespace

void Evolve(v1::WorkPlanState& s, const v1::WorkPlanEvent& e) {
  s.set_revision(s.revision() + 1);
  switch (e.event_case()) {
    case v1::WorkPlanEvent::kWorkPlanAgreed:
      ApplyAgreed(s, e);
      break;
    case v1::WorkPlanEvent::kObjectiveProgressRecorded: {
      const v1::ObjectiveProgressRecorded& p = e.objective_progress_recorded();
      for (v1::WorkObjectiveState& objective : *s.mutable_objectives()) {
        if (objective.objective().objective_id() != p.objective_id()) continue;
        v1::OutcomeProgress* progress = objective.add_progress();
        progress->set_status(p.status());
        progress->set_percent_complete(p.percent_complete());
        progress->set_note(p.note());
        *progress->mutable_recorded() = StampOf(e);
      }
      break;
    }
    case v1::WorkPlanEvent::kWorkPlanReviewed: {
      v1::WorkPlanReview* review = s.add_reviews();
      *review->mutable_review() = e.work_plan_reviewed();
      *review->mutable_reviewed() = StampOf(e);
      break;
    }
    default:
      break;
  }
}

std::string EventType(const v1::WorkPlanEvent& event) {
  const auto* oneof = v1::WorkPlanEvent::descriptor()->FindOneofByName("event");
  const auto* field = event.GetReflection()->GetOneofFieldDescriptor(event, oneof);
  return field == nullptr ? "Unknown" : field->message_type()->name();
}

}  // namespace caseledger::domain
