// The fold of what supervision follows on a case: escalations and their acknowledgements,
// file review actions, incidents' first responses, work awaiting review, key people's changes.

#include "domain/escalations.h"
#include "domain/evolve_support.h"

namespace caseledger::domain::internal {
namespace {

void MarkResponded(v1::CaseState& s, const v1::CaseEvent& e, const std::string& incident_id) {
  v1::Incident* incident = FindMutable(
      s.mutable_incidents(), [](const v1::Incident& i) { return i.incident_id(); }, incident_id);
  if (incident != nullptr && !incident->has_responded()) {
    *incident->mutable_responded() = StampOf(e);
  }
}

v1::ReviewAction* FindAction(v1::CaseState& s, const std::string& action_id) {
  for (v1::FileReview& review : *s.mutable_file_reviews()) {
    v1::ReviewAction* action = FindMutable(
        review.mutable_actions(), [](const v1::ReviewAction& a) { return a.action_id(); },
        action_id);
    if (action != nullptr) return action;
  }
  return nullptr;
}

void Acknowledge(v1::CaseState& s, v1::CaseEvent& e) {
  const v1::EscalationAcknowledged& a = e.escalation_acknowledged();
  v1::Escalation* escalation = FindMutable(
      s.mutable_escalations(), [](const v1::Escalation& x) { return x.escalation_id(); },
      a.escalation_id());
  if (escalation == nullptr) return;
  for (v1::EscalationRecipient& recipient : *escalation->mutable_recipients()) {
    if (recipient.addressee() != a.addressee() || recipient.has_acknowledged()) continue;
    *recipient.mutable_acknowledged() = StampOf(e);
    recipient.set_action(a.action());
    return;
  }
}

// Keeps the key person's details as they stood before a change by `e`.
void KeepRevision(v1::KeyPerson& person, const v1::CaseEvent& e, const std::string& reason) {
  v1::KeyPersonRevision* revision = person.add_revisions();
  *revision->mutable_person() = person.person();
  *revision->mutable_replaced() = StampOf(e);
  revision->set_reason(reason);
  *person.mutable_updated() = StampOf(e);
}

void ApplyKeyPerson(v1::CaseState& s, v1::CaseEvent& e, const std::string& person_id) {
  v1::KeyPerson* person = FindMutable(
      s.mutable_key_people(), [](const v1::KeyPerson& p) { return p.person_id(); }, person_id);
  if (person == nullptr) return;
  if (e.has_key_person_updated()) {
    KeepRevision(*person, e, e.key_person_updated().reason());
    person->mutable_person()->Swap(e.mutable_key_person_updated()->mutable_person());
  } else if (e.has_key_person_consent_withdrawn()) {
    const v1::KeyPersonConsentWithdrawn& w = e.key_person_consent_withdrawn();
    KeepRevision(*person, e, w.reason());
    person->mutable_person()->set_consent(v1::REFUSED);
    *person->mutable_consent_withdrawn() = StampOf(e);
    person->set_consent_withdrawn_reason(w.reason());
    person->set_no_longer_shared(w.no_longer_shared());
  } else {
    *person->mutable_ended() = StampOf(e);
    person->set_end_reason(e.key_person_involvement_ended().reason());
  }
}

}  // namespace

void TrackFollowUp(v1::CaseState& s, const v1::CaseEvent& e) {
  switch (e.event_case()) {
    case v1::CaseEvent::kCaseAssigned:
      *s.mutable_assigned_at() = e.occurred_at();
      break;
    case v1::CaseEvent::kNoteRecorded:
    case v1::CaseEvent::kNoteCorrected: {
      if (!s.has_unreviewed_work_since()) *s.mutable_unreviewed_work_since() = e.occurred_at();
      const v1::NoteContent& note =
          e.has_note_recorded() ? e.note_recorded().note() : e.note_corrected().note();
      if (!note.incident_id().empty()) MarkResponded(s, e, note.incident_id());
      break;
    }
    case v1::CaseEvent::kIncidentResolved:
      MarkResponded(s, e, e.incident_resolved().incident_id());
      break;
    case v1::CaseEvent::kFileReviewRecorded:
      s.clear_unreviewed_work_since();
      break;
    case v1::CaseEvent::kUntowardIncidentFlagged:
    case v1::CaseEvent::kPriorityAssessed:
    case v1::CaseEvent::kPriorityOverridden:
      if (std::optional<v1::Escalation> raised = EscalationOf(e, s.revision())) {
        *s.add_escalations() = *std::move(raised);
      }
      break;
    default:
      break;
  }
}

void ApplyFollowThrough(v1::CaseState& s, v1::CaseEvent& e) {
  switch (e.event_case()) {
    case v1::CaseEvent::kReviewActionCompleted: {
      const v1::ReviewActionCompleted& c = e.review_action_completed();
      if (v1::ReviewAction* action = FindAction(s, c.action_id())) {
        action->set_completed_by(e.actor());
        *action->mutable_completed_at() = e.occurred_at();
        action->set_what_was_done(c.what_was_done());
      }
      break;
    }
    case v1::CaseEvent::kEscalationAcknowledged:
      Acknowledge(s, e);
      break;
    case v1::CaseEvent::kKeyPersonUpdated:
      ApplyKeyPerson(s, e, e.key_person_updated().person_id());
      break;
    case v1::CaseEvent::kKeyPersonConsentWithdrawn:
      ApplyKeyPerson(s, e, e.key_person_consent_withdrawn().person_id());
      break;
    case v1::CaseEvent::kKeyPersonInvolvementEnded:
      ApplyKeyPerson(s, e, e.key_person_involvement_ended().person_id());
      break;
    default:
      break;
  }
}

}  // namespace caseledger::domain::internal
