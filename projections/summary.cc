#include "projections/summary.h"

#include <algorithm>
#include <limits>

#include "domain/case.h"

namespace caseledger::projections {

bool IsOpen(v1::CaseStatus status) { return status == v1::LIVE || status == v1::DORMANT; }

CaseloadPlace PlaceOf(const v1::CaseSummary& summary) {
  CaseloadPlace place;
  // Red (3) first; unassessed (0) last.
  place.rank = summary.rag() == v1::RAG_UNSPECIFIED
                   ? 3
                   : std::clamp(3 - static_cast<int>(summary.rag()), 0, 2);
  place.deadline_seconds = summary.open_deadlines_size() > 0
                               ? summary.open_deadlines(0).due_at().seconds()
                               : std::numeric_limits<int64_t>::max();
  return place;
}

v1::CaseSummary Summarize(const v1::CaseState& state) {
  v1::CaseSummary s;
  s.set_case_id(state.case_id());
  s.set_org_id(state.org_id());
  s.set_revision(state.revision());
  s.set_kind(state.kind());
  s.set_complexity(state.complexity());
  s.set_category(state.category());
  s.set_status(state.status());
  s.set_worker_id(state.worker_id());
  s.set_team_id(state.team_id());
  s.set_rag(state.priority().rag());
  s.set_priority_overridden(state.priority().overridden());
  if (state.priority().decided().has_at()) {
    *s.mutable_priority_decided_at() = state.priority().decided().at();
  }
  *s.mutable_opened_at() = state.opened().at();
  if (state.has_last_contact_at()) *s.mutable_last_contact_at() = state.last_contact_at();
  *s.mutable_last_activity_at() = state.last_activity_at();
  if (state.status() == v1::DORMANT && state.has_review_by()) {
    *s.mutable_review_by() = state.review_by();
  }
  for (const v1::Deadline& d : state.deadlines()) {
    if (d.has_completed()) continue;
    v1::OpenDeadline* open = s.add_open_deadlines();
    open->set_deadline_id(d.deadline_id());
    open->set_kind(d.deadline().kind());
    *open->mutable_due_at() = d.deadline().due_at();
    open->set_what(d.deadline().what());
  }
  std::sort(s.mutable_open_deadlines()->begin(), s.mutable_open_deadlines()->end(),
            [](const v1::OpenDeadline& a, const v1::OpenDeadline& b) {
              return std::make_pair(a.due_at().seconds(), a.due_at().nanos()) <
                     std::make_pair(b.due_at().seconds(), b.due_at().nanos());
            });
  for (const v1::Incident& i : state.incidents()) {
    if (!i.has_resolved() && domain::RequiresReassessment(i.incident())) {
      v1::OpenIncident* open = s.add_open_serious_incidents();
      open->set_incident_id(i.incident_id());
      open->set_kind(i.incident().kind());
      open->set_severity(i.incident().severity());
      *open->mutable_flagged_at() = i.flagged().at();
    }
  }
  SummarizeFollowUp(state, s);
  s.set_reassessment_required(state.reassessment_required());
  *s.mutable_status_changed_at() = state.status_changed().at();
  s.set_subject_id(state.subject_id());
  s.set_subject_erased(state.subject_erased());
  s.set_provider_ref(state.provider_ref());
  s.set_compliance(state.compliance());
  s.set_judgement(state.judgement());
  uint32_t open_incidents = 0;
  for (const v1::Incident& i : state.incidents()) open_incidents += i.has_resolved() ? 0 : 1;
  s.set_open_incidents(open_incidents);
  double booked = 0;
  for (const v1::InspectionVisit& visit : state.visits()) {
    if (!visit.has_recorded()) booked += visit.plan().estimated_effort_days();
  }
  s.set_effort_days_booked(booked);
  return s;
}

}  // namespace caseledger::projections
