// What a case summary keeps of what supervision follows on the case.

#include <algorithm>
#include <tuple>

#include "projections/summary.h"

namespace caseledger::projections {
namespace {

bool Earlier(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return std::make_tuple(a.seconds(), a.nanos()) < std::make_tuple(b.seconds(), b.nanos());
}

bool IsFinal(v1::OutcomeStatus status) {
  return status == v1::ACHIEVED || status == v1::NOT_ACHIEVED;
}

void AddEscalations(const v1::CaseState& state, v1::CaseSummary& s) {
  for (const v1::Escalation& escalation : state.escalations()) {
    for (const v1::EscalationRecipient& recipient : escalation.recipients()) {
      if (recipient.has_acknowledged()) continue;
      v1::OpenEscalation* open = s.add_open_escalations();
      open->set_escalation_id(escalation.escalation_id());
      open->set_source(escalation.source());
      open->set_incident_id(escalation.incident_id());
      open->set_addressee(recipient.addressee());
      open->set_actor(recipient.actor());
      open->set_role(recipient.role());
      open->set_raised_by(escalation.raised().actor());
      *open->mutable_raised_at() = escalation.raised().at();
      open->set_about(escalation.about());
    }
  }
}

void AddReviews(const v1::CaseState& state, v1::CaseSummary& s) {
  for (const v1::FileReview& review : state.file_reviews()) {
    if (!s.has_last_reviewed_at() || Earlier(s.last_reviewed_at(), review.reviewed().at())) {
      *s.mutable_last_reviewed_at() = review.reviewed().at();
    }
    for (const v1::ReviewAction& action : review.actions()) {
      if (!action.has_completed_at()) *s.add_open_review_actions() = action;
    }
  }
  std::stable_sort(s.mutable_open_review_actions()->begin(), s.mutable_open_review_actions()->end(),
                   [](const v1::ReviewAction& a, const v1::ReviewAction& b) {
                     return Earlier(a.due_at(), b.due_at());
                   });
}

void AddOutcomesAndObstacles(const v1::CaseState& state, v1::CaseSummary& s) {
  for (const v1::Outcome& outcome : state.outcomes()) {
    const v1::OutcomeProgress* last =
        outcome.progress_size() > 0 ? &outcome.progress(outcome.progress_size() - 1) : nullptr;
    if (last != nullptr && IsFinal(last->status())) continue;
    v1::OpenOutcome* open = s.add_open_outcomes();
    open->set_outcome_id(outcome.outcome_id());
    open->set_status(last != nullptr ? last->status() : v1::ON_TRACK);
    *open->mutable_target_date() = outcome.outcome().target_date();
    *open->mutable_status_since() = last != nullptr ? last->recorded().at() : outcome.set().at();
  }
  for (const v1::Obstacle& obstacle : state.obstacles()) {
    if (obstacle.has_resolved()) continue;
    v1::OpenObstacle* open = s.add_open_obstacles();
    open->set_obstacle_id(obstacle.obstacle_id());
    open->set_kind(obstacle.obstacle().kind());
    *open->mutable_recorded_at() = obstacle.recorded().at();
    open->set_outcome_id(obstacle.obstacle().outcome_id());
  }
}

}  // namespace

void SummarizeFollowUp(const v1::CaseState& state, v1::CaseSummary& s) {
  AddEscalations(state, s);
  AddReviews(state, s);
  AddOutcomesAndObstacles(state, s);
  for (const v1::Incident& i : state.incidents()) {
    if (i.has_responded() || i.has_resolved()) continue;
    v1::OpenIncident* open = s.add_incidents_awaiting_response();
    open->set_incident_id(i.incident_id());
    open->set_kind(i.incident().kind());
    open->set_severity(i.incident().severity());
    *open->mutable_flagged_at() = i.flagged().at();
  }
  if (state.has_unreviewed_work_since()) {
    *s.mutable_unreviewed_work_since() = state.unreviewed_work_since();
  }
  if (state.has_assigned_at()) *s.mutable_assigned_at() = state.assigned_at();
}

}  // namespace caseledger::projections
