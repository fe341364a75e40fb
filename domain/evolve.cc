// The fold of a case's events: the one definition of what a case is at any revision.

#include "domain/case.h"

#include "domain/evolve_support.h"
#include "domain/inspection_support.h"
#include "domain/personal_fields.h"

namespace caseledger::domain {
namespace {

using internal::StampOf;

template <typename Records, typename GetId>
auto* Find(Records* records, GetId get, const std::string& id) {
  return internal::FindMutable(records, get, id);
}

bool IsContact(v1::ContactType type) {
  return type != v1::NO_CONTACT && type != v1::CONTACT_TYPE_UNSPECIFIED;
}

// Events may be written up after the fact: a time only ever moves forward.
void KeepLatest(google::protobuf::Timestamp* kept, const google::protobuf::Timestamp& t) {
  if (std::make_pair(t.seconds(), t.nanos()) > std::make_pair(kept->seconds(), kept->nanos())) {
    *kept = t;
  }
}

void ApplyNote(v1::CaseState& s, v1::CaseEvent& e, v1::Note& note) {
  *note.mutable_recorded() = StampOf(e);
  // A correction records no new contact: the note it corrects already did.
  if (note.corrects_note_id().empty() && IsContact(note.note().contact_type())) {
    KeepLatest(s.mutable_last_contact_at(), e.occurred_at());
  }
}

void ApplyPriority(v1::CaseState& s, v1::CaseEvent& e, v1::PriorityDecision decision) {
  *decision.mutable_decided() = StampOf(e);
  *s.mutable_priority() = decision;
  *s.add_priority_history() = std::move(decision);
  s.set_reassessment_required(false);
  s.clear_reassessment_incident_id();
}

void ApplyOpened(v1::CaseState& s, v1::CaseEvent& e) {
  const v1::CaseOpened& o = e.case_opened();
  s.set_case_id(o.case_id());
  s.set_org_id(o.org_id());
  s.set_kind(o.kind());
  s.set_category(o.category());
  s.set_summary(o.summary());
  s.set_client_ref(o.client_ref());
  s.set_provider_ref(o.provider_ref());
  s.set_complexity(o.complexity());
  s.set_compliance(o.compliance());
  s.set_team_id(o.team_id());
  s.set_subject_id(o.subject_id());
  s.set_judgement(o.judgement());
  s.set_status(v1::LIVE);
  *s.mutable_opened() = StampOf(e);
  *s.mutable_status_changed() = StampOf(e);
}

void ApplyStatus(v1::CaseState& s, v1::CaseEvent& e) {
  const v1::StatusChanged& c = e.status_changed();
  s.set_status(c.to());
  *s.mutable_status_changed() = StampOf(e);
  if (c.to() == v1::CLOSED) s.set_outcome(c.outcome());
  if (c.to() == v1::LIVE) s.clear_outcome();
  if (c.has_review_by()) {
    *s.mutable_review_by() = c.review_by();
  } else {
    s.clear_review_by();
  }
}

void ApplyNotes(v1::CaseState& s, v1::CaseEvent& e) {
  if (e.has_note_recorded()) {
    v1::Note* note = s.add_notes();
    note->set_note_id(e.note_recorded().note_id());
    note->mutable_note()->Swap(e.mutable_note_recorded()->mutable_note());
    ApplyNote(s, e, *note);
    return;
  }
  v1::NoteCorrected& c = *e.mutable_note_corrected();
  v1::Note* corrected = Find(
      s.mutable_notes(), [](const v1::Note& n) { return n.note_id(); }, c.corrects_note_id());
  if (corrected != nullptr) corrected->set_corrected_by_note_id(c.note_id());
  v1::Note* note = s.add_notes();
  note->set_note_id(c.note_id());
  note->mutable_note()->Swap(c.mutable_note());
  note->set_corrects_note_id(c.corrects_note_id());
  note->set_correction_reason(c.reason());
  ApplyNote(s, e, *note);
}

void ApplyDeadline(v1::CaseState& s, v1::CaseEvent& e) {
  auto id = [](const v1::Deadline& d) { return d.deadline_id(); };
  if (e.has_deadline_set()) {
    v1::Deadline* d = s.add_deadlines();
    d->set_deadline_id(e.deadline_set().deadline_id());
    d->mutable_deadline()->Swap(e.mutable_deadline_set()->mutable_deadline());
    *d->mutable_set() = StampOf(e);
  } else if (e.has_deadline_completed()) {
    if (auto* d = Find(s.mutable_deadlines(), id, e.deadline_completed().deadline_id())) {
      *d->mutable_completed() = StampOf(e);
      d->set_how(e.deadline_completed().how());
    }
  } else if (auto* d =
                 Find(s.mutable_deadlines(), id, e.deadline_action_recorded().deadline_id())) {
    v1::DeadlineAction* action = d->add_actions();
    action->set_action(e.deadline_action_recorded().action());
    action->set_risk(e.deadline_action_recorded().risk());
    *action->mutable_recorded() = StampOf(e);
  }
}

void ApplyIncident(v1::CaseState& s, v1::CaseEvent& e) {
  if (e.has_untoward_incident_flagged()) {
    auto& f = *e.mutable_untoward_incident_flagged();
    v1::Incident* i = s.add_incidents();
    i->set_incident_id(f.incident_id());
    i->mutable_incident()->Swap(f.mutable_incident());
    *i->mutable_flagged() = StampOf(e);
    i->set_reassessment_required(f.reassessment_required());
    if (f.reassessment_required()) {
      s.set_reassessment_required(true);
      s.set_reassessment_incident_id(f.incident_id());
    }
    return;
  }
  const auto& r = e.incident_resolved();
  if (auto* i = Find(
          s.mutable_incidents(), [](const v1::Incident& x) { return x.incident_id(); },
          r.incident_id())) {
    *i->mutable_resolved() = StampOf(e);
    i->set_resolution(r.resolution());
    i->set_lessons_learned(r.lessons_learned());
  }
}

void ApplyPractice(v1::CaseState& s, v1::CaseEvent& e) {
  switch (e.event_case()) {
    case v1::CaseEvent::kReferralRecorded: {
      v1::Referral* r = s.add_referrals();
      r->set_referral_id(e.referral_recorded().referral_id());
      r->mutable_referral()->Swap(e.mutable_referral_recorded()->mutable_referral());
      *r->mutable_recorded() = StampOf(e);
      break;
    }
    case v1::CaseEvent::kObstacleRecorded: {
      v1::Obstacle* o = s.add_obstacles();
      o->set_obstacle_id(e.obstacle_recorded().obstacle_id());
      o->mutable_obstacle()->Swap(e.mutable_obstacle_recorded()->mutable_obstacle());
      *o->mutable_recorded() = StampOf(e);
      break;
    }
    case v1::CaseEvent::kObstacleResolved:
      if (auto* o = Find(
              s.mutable_obstacles(), [](const v1::Obstacle& x) { return x.obstacle_id(); },
              e.obstacle_resolved().obstacle_id())) {
        *o->mutable_resolved() = StampOf(e);
        o->set_resolution(e.obstacle_resolved().resolution());
      }
      break;
    case v1::CaseEvent::kOutcomeSet: {
      v1::Outcome* o = s.add_outcomes();
      o->set_outcome_id(e.outcome_set().outcome_id());
      o->mutable_outcome()->Swap(e.mutable_outcome_set()->mutable_outcome());
      *o->mutable_set() = StampOf(e);
      break;
    }
    case v1::CaseEvent::kOutcomeProgressRecorded: {
      const auto& p = e.outcome_progress_recorded();
      if (auto* o = Find(
              s.mutable_outcomes(), [](const v1::Outcome& x) { return x.outcome_id(); },
              p.outcome_id())) {
        v1::OutcomeProgress* progress = o->add_progress();
        progress->set_status(p.status());
        progress->set_percent_complete(p.percent_complete());
        progress->set_note(p.note());
        *progress->mutable_recorded() = StampOf(e);
      }
      break;
    }
    case v1::CaseEvent::kFileReviewRecorded: {
      v1::FileReview* r = s.add_file_reviews();
      r->set_review_id(e.file_review_recorded().review_id());
      r->mutable_review()->Swap(e.mutable_file_review_recorded()->mutable_review());
      r->set_worker_id(e.file_review_recorded().worker_id());
      *r->mutable_reviewed() = StampOf(e);
      r->mutable_actions()->Swap(e.mutable_file_review_recorded()->mutable_actions());
      break;
    }
    case v1::CaseEvent::kKeyPersonAdded: {
      v1::KeyPerson* p = s.add_key_people();
      p->set_person_id(e.key_person_added().person_id());
      p->mutable_person()->Swap(e.mutable_key_person_added()->mutable_person());
      *p->mutable_added() = StampOf(e);
      break;
    }
    default:
      break;
  }
}

}  // namespace

void Evolve(v1::CaseState& s, const v1::CaseEvent& event) {
  v1::CaseEvent copy = event;
  Evolve(s, std::move(copy));
}

void Evolve(CaseFile& file, v1::CaseEvent&& event) {
  std::string note_id;
  if (event.has_note_recorded()) note_id = event.note_recorded().note_id();
  if (event.has_note_corrected()) note_id = event.note_corrected().note_id();
  Evolve(file.state, std::move(event));
  if (!note_id.empty()) file.note_ids.insert(std::move(note_id));
}

void Evolve(v1::CaseState& s, v1::CaseEvent&& e) {
  s.set_revision(s.revision() + 1);
  KeepLatest(s.mutable_last_activity_at(), e.occurred_at());
  internal::TrackFollowUp(s, e);
  switch (e.event_case()) {
    case v1::CaseEvent::kCaseOpened:
      ApplyOpened(s, e);
      break;
    case v1::CaseEvent::kCaseAssigned:
      s.set_worker_id(e.case_assigned().worker_id());
      s.set_team_id(e.case_assigned().team_id());
      break;
    case v1::CaseEvent::kStatusChanged:
      ApplyStatus(s, e);
      break;
    case v1::CaseEvent::kNoteRecorded:
    case v1::CaseEvent::kNoteCorrected:
      ApplyNotes(s, e);
      break;
    case v1::CaseEvent::kDeadlineSet:
    case v1::CaseEvent::kDeadlineCompleted:
    case v1::CaseEvent::kDeadlineActionRecorded:
      ApplyDeadline(s, e);
      break;
    case v1::CaseEvent::kPriorityAssessed: {
      const auto& a = e.priority_assessed();
      v1::PriorityDecision d;
      d.set_rag(a.rag());
      d.set_score(a.score());
      d.set_policy_version(a.policy_version());
      *d.mutable_scores() = a.scores();
      d.set_rationale(a.rationale());
      d.set_computed_rag(a.rag());
      *d.mutable_informed() = a.informed();
      ApplyPriority(s, e, std::move(d));
      break;
    }
    case v1::CaseEvent::kPriorityOverridden: {
      const auto& o = e.priority_overridden();
      v1::PriorityDecision d = s.priority();
      d.set_rag(o.rag());
      d.set_policy_version(o.policy_version());
      d.set_rationale(o.rationale());
      d.set_overridden(true);
      d.set_computed_rag(o.computed_rag());
      *d.mutable_informed() = o.informed();
      ApplyPriority(s, e, std::move(d));
      break;
    }
    case v1::CaseEvent::kUntowardIncidentFlagged:
    case v1::CaseEvent::kIncidentResolved:
      ApplyIncident(s, e);
      break;
    case v1::CaseEvent::kReviewActionCompleted:
    case v1::CaseEvent::kEscalationAcknowledged:
    case v1::CaseEvent::kKeyPersonUpdated:
    case v1::CaseEvent::kKeyPersonConsentWithdrawn:
    case v1::CaseEvent::kKeyPersonInvolvementEnded:
      internal::ApplyFollowThrough(s, e);
      break;
    case v1::CaseEvent::kSubjectErased:
      s.set_subject_erased(true);
      ErasePersonal(s);
      break;
    case v1::CaseEvent::kVisitPlanned:
    case v1::CaseEvent::kVisitRecorded:
    case v1::CaseEvent::kFindingsRecorded:
    case v1::CaseEvent::kDocumentDrafted:
    case v1::CaseEvent::kDocumentSentForFactualAccuracy:
    case v1::CaseEvent::kProviderCommentsRecorded:
    case v1::CaseEvent::kDocumentPublished:
    case v1::CaseEvent::kActionPlanRequired:
    case v1::CaseEvent::kActionPlanRecorded:
    case v1::CaseEvent::kActionProgressRecorded:
    case v1::CaseEvent::kActionPlanVerified:
    case v1::CaseEvent::kEnforcementActionTaken:
    case v1::CaseEvent::kEnforcementActionConcluded:
      internal::ApplyInspection(s, e);
      break;
    default:
      ApplyPractice(s, e);
      break;
  }
}

std::string EventType(const v1::CaseEvent& event) { return internal::EventTypeOf(event); }

}  // namespace caseledger::domain
