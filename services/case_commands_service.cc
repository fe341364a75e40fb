#include "services/case_commands_service.h"

#include "services/case_command_call.h"

namespace caseledger::services {

template <typename Request>
grpc::ServerUnaryReactor* CaseCommandsService::Handle(grpc::CallbackServerContext* context,
                                                      const Request& request,
                                                      v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::OpenCase(grpc::CallbackServerContext* context,
                                                        const v1::OpenCaseRequest* request,
                                                        v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::AssignCase(grpc::CallbackServerContext* context,
                                                          const v1::AssignCaseRequest* request,
                                                          v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::ChangeStatus(grpc::CallbackServerContext* context,
                                                            const v1::ChangeStatusRequest* request,
                                                            v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordNote(grpc::CallbackServerContext* context,
                                                          const v1::RecordNoteRequest* request,
                                                          v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::CorrectNote(grpc::CallbackServerContext* context,
                                                           const v1::CorrectNoteRequest* request,
                                                           v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::SetDeadline(grpc::CallbackServerContext* context,
                                                           const v1::SetDeadlineRequest* request,
                                                           v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::CompleteDeadline(
    grpc::CallbackServerContext* context, const v1::CompleteDeadlineRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordDeadlineAction(
    grpc::CallbackServerContext* context, const v1::RecordDeadlineActionRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::AssessPriority(
    grpc::CallbackServerContext* context, const v1::AssessPriorityRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::Reprioritise(grpc::CallbackServerContext* context,
                                                            const v1::ReprioritiseRequest* request,
                                                            v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::FlagUntowardIncident(
    grpc::CallbackServerContext* context, const v1::FlagUntowardIncidentRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::ResolveIncident(
    grpc::CallbackServerContext* context, const v1::ResolveIncidentRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordReferral(
    grpc::CallbackServerContext* context, const v1::RecordReferralRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordObstacle(
    grpc::CallbackServerContext* context, const v1::RecordObstacleRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::ResolveObstacle(
    grpc::CallbackServerContext* context, const v1::ResolveObstacleRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::SetOutcome(grpc::CallbackServerContext* context,
                                                          const v1::SetOutcomeRequest* request,
                                                          v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordOutcomeProgress(
    grpc::CallbackServerContext* context, const v1::RecordOutcomeProgressRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordFileReview(
    grpc::CallbackServerContext* context, const v1::RecordFileReviewRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::AddKeyPerson(grpc::CallbackServerContext* context,
                                                            const v1::AddKeyPersonRequest* request,
                                                            v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::CompleteReviewAction(
    grpc::CallbackServerContext* context, const v1::CompleteReviewActionRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::AcknowledgeEscalation(
    grpc::CallbackServerContext* context, const v1::AcknowledgeEscalationRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::UpdateKeyPerson(
    grpc::CallbackServerContext* context, const v1::UpdateKeyPersonRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::WithdrawKeyPersonConsent(
    grpc::CallbackServerContext* context, const v1::WithdrawKeyPersonConsentRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* CaseCommandsService::EndKeyPersonInvolvement(
    grpc::CallbackServerContext* context, const v1::EndKeyPersonInvolvementRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result);
}

}  // namespace caseledger::services
