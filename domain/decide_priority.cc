// Priorities against the agreed criteria, and untoward incidents that call them into question.

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/decide_support.h"
#include "domain/escalations.h"
#include "domain/policy.h"

namespace caseledger::domain {

using internal::CheckHeader;
using internal::IdOrNew;
using internal::NewEvent;
using internal::RequireOnFile;
using internal::RequireOpen;

namespace {

void CheckInformed(const google::protobuf::RepeatedPtrField<std::string>& informed,
                   FieldErrors& errors) {
  for (int i = 0; i < informed.size(); ++i) {
    errors.Text(absl::StrCat("informed[", i, "]"), informed[i], true, kMaxShortTextBytes);
    CheckAddressee(absl::StrCat("informed[", i, "]"), informed[i], errors);
  }
}

}  // namespace

bool RequiresReassessment(const v1::IncidentDetails& incident) {
  return incident.severity() >= v1::SERIOUS || incident.kind() == v1::SAFEGUARDING_CONCERN ||
         incident.kind() == v1::CATASTROPHIC_INCIDENT;
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::AssessPriorityRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Text("rationale", r.rationale(), true);
  CheckInformed(r.informed(), errors);
  const v1::PolicyVersion& policy = internal::PolicyInForce(context);
  absl::StatusOr<PriorityScore> scored = ScorePriority(policy.policy(), r.scores());
  RETURN_IF_ERROR(errors.AddFrom(scored.status()));
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOpen(state, r.header()));
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::PriorityAssessed* assessed = event.mutable_priority_assessed();
  assessed->set_policy_version(policy.version());
  *assessed->mutable_scores() = r.scores();
  assessed->set_score(scored->score);
  assessed->set_rag(scored->rag);
  assessed->set_previous_rag(state.priority().rag());
  assessed->set_rationale(r.rationale());
  *assessed->mutable_informed() = r.informed();
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::ReprioritiseRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Enum("rag", r.rag());
  errors.Text("rationale", r.rationale(), true);
  CheckInformed(r.informed(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOpen(state, r.header()));
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::PriorityOverridden* overridden = event.mutable_priority_overridden();
  overridden->set_policy_version(internal::PolicyInForce(context).version());
  overridden->set_previous_rag(state.priority().rag());
  overridden->set_rag(r.rag());
  overridden->set_computed_rag(state.priority().computed_rag());
  overridden->set_rationale(r.rationale());
  *overridden->mutable_informed() = r.informed();
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::FlagUntowardIncidentRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("incident_id", r.incident_id(), false);
  const v1::IncidentDetails& incident = r.incident();
  if (!r.has_incident()) {
    errors.Add("incident", "is required");
  } else {
    errors.Enum("incident.kind", incident.kind());
    errors.Enum("incident.severity", incident.severity());
    errors.Text("incident.description", incident.description(), true);
    const bool serious = RequiresReassessment(incident);
    // Serious incidents need holding action now and someone with authority told.
    errors.Text("incident.immediate_action", incident.immediate_action(), serious);
    errors.Text("incident.escalated_to", incident.escalated_to(), serious, kMaxShortTextBytes);
    CheckAddressee("incident.escalated_to", incident.escalated_to(), errors);
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  const std::string incident_id = IdOrNew(r.incident_id(), context);
  RETURN_IF_ERROR(internal::RequireNew(
      state.incidents(), [](const v1::Incident& i) { return i.incident_id(); }, incident_id,
      "incident"));
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::UntowardIncidentFlagged* flagged = event.mutable_untoward_incident_flagged();
  flagged->set_incident_id(incident_id);
  *flagged->mutable_incident() = incident;
  flagged->set_reassessment_required(RequiresReassessment(incident) &&
                                     state.status() != v1::CLOSED);
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::ResolveIncidentRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("incident_id", r.incident_id(), true);
  errors.Text("resolution", r.resolution(), true);
  errors.Text("lessons_learned", r.lessons_learned(), false);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  const v1::Incident* found = internal::FindRecord(
      state.incidents(), [](const v1::Incident& i) { return i.incident_id(); }, r.incident_id());
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("incident ", r.incident_id(), " does not exist"));
  }
  if (found->has_resolved()) {
    return absl::FailedPreconditionError(
        absl::StrCat("incident ", r.incident_id(), " is already resolved"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::IncidentResolved* resolved = event.mutable_incident_resolved();
  resolved->set_incident_id(r.incident_id());
  resolved->set_resolution(r.resolution());
  resolved->set_lessons_learned(r.lessons_learned());
  return Events{std::move(event)};
}

}  // namespace caseledger::domain
