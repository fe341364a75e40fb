#include "app/case_commands.h"

#include "app/methods.h"

namespace caseledger::app {
namespace {

// `request` as the command `method`; `assigns_id` when it left its new record's id empty.
template <typename Request>
CaseCommand Command(const Request& request, const char* method, bool assigns_id) {
  CaseCommand command;
  command.header = request.header();
  command.method = method;
  command.assigns_id = assigns_id;
  command.decide = [request](const v1::CaseState& state, const domain::CommandContext& context) {
    return domain::Decide(state, request, context);
  };
  return command;
}

}  // namespace

CaseCommand ToCommand(const v1::OpenCaseRequest& request) {
  v1::OpenCaseRequest opening = request;
  const bool assigns_id = opening.header().case_id().empty();
  if (assigns_id) opening.mutable_header()->set_case_id(opening.header().command_id());
  return Command(opening, methods::kOpenCase, assigns_id);
}
CaseCommand ToCommand(const v1::AssignCaseRequest& request) {
  return Command(request, methods::kAssignCase, false);
}
CaseCommand ToCommand(const v1::ChangeStatusRequest& request) {
  return Command(request, methods::kChangeStatus, false);
}
CaseCommand ToCommand(const v1::RecordNoteRequest& request) {
  return Command(request, methods::kRecordNote, request.note_id().empty());
}
CaseCommand ToCommand(const v1::CorrectNoteRequest& request) {
  return Command(request, methods::kCorrectNote, request.note_id().empty());
}
CaseCommand ToCommand(const v1::SetDeadlineRequest& request) {
  return Command(request, methods::kSetDeadline, request.deadline_id().empty());
}
CaseCommand ToCommand(const v1::CompleteDeadlineRequest& request) {
  return Command(request, methods::kCompleteDeadline, false);
}
CaseCommand ToCommand(const v1::RecordDeadlineActionRequest& request) {
  return Command(request, methods::kRecordDeadlineAction, false);
}
CaseCommand ToCommand(const v1::AssessPriorityRequest& request) {
  return Command(request, methods::kAssessPriority, false);
}
CaseCommand ToCommand(const v1::ReprioritiseRequest& request) {
  return Command(request, methods::kReprioritise, false);
}
CaseCommand ToCommand(const v1::FlagUntowardIncidentRequest& request) {
  return Command(request, methods::kFlagUntowardIncident, request.incident_id().empty());
}
CaseCommand ToCommand(const v1::ResolveIncidentRequest& request) {
  return Command(request, methods::kResolveIncident, false);
}
CaseCommand ToCommand(const v1::RecordReferralRequest& request) {
  return Command(request, methods::kRecordReferral, request.referral_id().empty());
}
CaseCommand ToCommand(const v1::RecordObstacleRequest& request) {
  return Command(request, methods::kRecordObstacle, request.obstacle_id().empty());
}
CaseCommand ToCommand(const v1::ResolveObstacleRequest& request) {
  return Command(request, methods::kResolveObstacle, false);
}
CaseCommand ToCommand(const v1::SetOutcomeRequest& request) {
  return Command(request, methods::kSetOutcome, request.outcome_id().empty());
}
CaseCommand ToCommand(const v1::RecordOutcomeProgressRequest& request) {
  return Command(request, methods::kRecordOutcomeProgress, false);
}
CaseCommand ToCommand(const v1::RecordFileReviewRequest& request) {
  return Command(request, methods::kRecordFileReview, request.review_id().empty());
}
CaseCommand ToCommand(const v1::AddKeyPersonRequest& request) {
  return Command(request, methods::kAddKeyPerson, request.person_id().empty());
}

CaseCommand ToCommand(const v1::CompleteReviewActionRequest& request) {
  return Command(request, methods::kCompleteReviewAction, false);
}
CaseCommand ToCommand(const v1::AcknowledgeEscalationRequest& request) {
  return Command(request, methods::kAcknowledgeEscalation, false);
}
CaseCommand ToCommand(const v1::UpdateKeyPersonRequest& request) {
  return Command(request, methods::kUpdateKeyPerson, false);
}
CaseCommand ToCommand(const v1::WithdrawKeyPersonConsentRequest& request) {
  return Command(request, methods::kWithdrawKeyPersonConsent, false);
}
CaseCommand ToCommand(const v1::EndKeyPersonInvolvementRequest& request) {
  return Command(request, methods::kEndKeyPersonInvolvement, false);
}

}  // namespace caseledger::app
