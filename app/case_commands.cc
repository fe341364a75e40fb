#include "app/case_commands.h"

#include "app/methods.h"
#include "domain/inspection.h"

namespace caseledger::app {

CaseCommand ToCommand(const v1::OpenCaseRequest& request) {
  v1::OpenCaseRequest opening = request;
  const bool assigns_id = opening.header().case_id().empty();
  if (assigns_id) opening.mutable_header()->set_case_id(opening.header().command_id());
  CaseCommand command = CaseCommandOf(opening, methods::kOpenCase, assigns_id);
  if (opening.kind() == v1::INSPECTION) {
    // The provider records its inspection case in the same append.
    command.provider_of = [provider = opening.provider_ref()](const v1::CaseState&) {
      return provider;
    };
    command.decide_linked = [opening](const v1::CaseState& state, const v1::ProviderState& provider,
                                      const domain::CommandContext& context) {
      return domain::Decide(state, provider, opening, context);
    };
  }
  return command;
}
CaseCommand ToCommand(const v1::AssignCaseRequest& request) {
  return CaseCommandOf(request, methods::kAssignCase, false);
}
CaseCommand ToCommand(const v1::ChangeStatusRequest& request) {
  return CaseCommandOf(request, methods::kChangeStatus, false);
}
CaseCommand ToCommand(const v1::RecordNoteRequest& request) {
  return CaseCommandOf(request, methods::kRecordNote, request.note_id().empty());
}
CaseCommand ToCommand(const v1::CorrectNoteRequest& request) {
  return CaseCommandOf(request, methods::kCorrectNote, request.note_id().empty());
}
CaseCommand ToCommand(const v1::SetDeadlineRequest& request) {
  return CaseCommandOf(request, methods::kSetDeadline, request.deadline_id().empty());
}
CaseCommand ToCommand(const v1::CompleteDeadlineRequest& request) {
  return CaseCommandOf(request, methods::kCompleteDeadline, false);
}
CaseCommand ToCommand(const v1::RecordDeadlineActionRequest& request) {
  return CaseCommandOf(request, methods::kRecordDeadlineAction, false);
}
CaseCommand ToCommand(const v1::AssessPriorityRequest& request) {
  return CaseCommandOf(request, methods::kAssessPriority, false);
}
CaseCommand ToCommand(const v1::ReprioritiseRequest& request) {
  return CaseCommandOf(request, methods::kReprioritise, false);
}
CaseCommand ToCommand(const v1::FlagUntowardIncidentRequest& request) {
  return CaseCommandOf(request, methods::kFlagUntowardIncident, request.incident_id().empty());
}
CaseCommand ToCommand(const v1::ResolveIncidentRequest& request) {
  return CaseCommandOf(request, methods::kResolveIncident, false);
}
CaseCommand ToCommand(const v1::RecordReferralRequest& request) {
  return CaseCommandOf(request, methods::kRecordReferral, request.referral_id().empty());
}
CaseCommand ToCommand(const v1::RecordObstacleRequest& request) {
  return CaseCommandOf(request, methods::kRecordObstacle, request.obstacle_id().empty());
}
CaseCommand ToCommand(const v1::ResolveObstacleRequest& request) {
  return CaseCommandOf(request, methods::kResolveObstacle, false);
}
CaseCommand ToCommand(const v1::SetOutcomeRequest& request) {
  return CaseCommandOf(request, methods::kSetOutcome, request.outcome_id().empty());
}
CaseCommand ToCommand(const v1::RecordOutcomeProgressRequest& request) {
  return CaseCommandOf(request, methods::kRecordOutcomeProgress, false);
}
CaseCommand ToCommand(const v1::RecordFileReviewRequest& request) {
  return CaseCommandOf(request, methods::kRecordFileReview, request.review_id().empty());
}
CaseCommand ToCommand(const v1::AddKeyPersonRequest& request) {
  return CaseCommandOf(request, methods::kAddKeyPerson, request.person_id().empty());
}

CaseCommand ToCommand(const v1::CompleteReviewActionRequest& request) {
  return CaseCommandOf(request, methods::kCompleteReviewAction, false);
}
CaseCommand ToCommand(const v1::AcknowledgeEscalationRequest& request) {
  return CaseCommandOf(request, methods::kAcknowledgeEscalation, false);
}
CaseCommand ToCommand(const v1::UpdateKeyPersonRequest& request) {
  return CaseCommandOf(request, methods::kUpdateKeyPerson, false);
}
CaseCommand ToCommand(const v1::WithdrawKeyPersonConsentRequest& request) {
  return CaseCommandOf(request, methods::kWithdrawKeyPersonConsent, false);
}
CaseCommand ToCommand(const v1::EndKeyPersonInvolvementRequest& request) {
  return CaseCommandOf(request, methods::kEndKeyPersonInvolvement, false);
}

}  // namespace caseledger::app
