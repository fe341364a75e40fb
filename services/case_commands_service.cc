#include "services/case_commands_service.h"

#include "services/grpc_status.h"

namespace caseledger::services {

template <typename Request>
grpc::ServerUnaryReactor* CaseCommandsService::Handle(grpc::CallbackServerContext* context,
                                                      const Request& request,
                                                      v1::CommandResult* result,
                                                      const char* method, bool assigns_id) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Actor> actor = authenticator_.Authenticate(context->client_metadata());
  if (!actor.ok()) {
    reactor->Finish(ToGrpcStatus(actor.status()));
    return reactor;
  }
  CaseCommand command;
  command.header = request.header();
  command.method = method;
  command.assigns_id = assigns_id;
  command.decide = [request](const v1::CaseState& state, const domain::CommandContext& c) {
    return domain::Decide(state, request, c);
  };
  runner_.Run(std::move(command), *std::move(actor),
              [reactor, result](absl::StatusOr<v1::CommandResult> outcome) {
                if (outcome.ok()) *result = *std::move(outcome);
                reactor->Finish(ToGrpcStatus(outcome.status()));
              });
  return reactor;
}

grpc::ServerUnaryReactor* CaseCommandsService::OpenCase(grpc::CallbackServerContext* context,
                                                        const v1::OpenCaseRequest* request,
                                                        v1::CommandResult* result) {
  // A case opened without an id takes its command's id, so a retry opens no second case.
  v1::OpenCaseRequest opening = *request;
  const bool assigns_id = opening.header().case_id().empty();
  if (assigns_id) opening.mutable_header()->set_case_id(opening.header().command_id());
  return Handle(context, opening, result, "CaseCommands.OpenCase", assigns_id);
}

grpc::ServerUnaryReactor* CaseCommandsService::AssignCase(grpc::CallbackServerContext* context,
                                                          const v1::AssignCaseRequest* request,
                                                          v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.AssignCase", false);
}

grpc::ServerUnaryReactor* CaseCommandsService::ChangeStatus(
    grpc::CallbackServerContext* context, const v1::ChangeStatusRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.ChangeStatus", false);
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordNote(grpc::CallbackServerContext* context,
                                                          const v1::RecordNoteRequest* request,
                                                          v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.RecordNote", request->note_id().empty());
}

grpc::ServerUnaryReactor* CaseCommandsService::CorrectNote(grpc::CallbackServerContext* context,
                                                           const v1::CorrectNoteRequest* request,
                                                           v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.CorrectNote",
                request->note_id().empty());
}

grpc::ServerUnaryReactor* CaseCommandsService::SetDeadline(grpc::CallbackServerContext* context,
                                                           const v1::SetDeadlineRequest* request,
                                                           v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.SetDeadline",
                request->deadline_id().empty());
}

grpc::ServerUnaryReactor* CaseCommandsService::CompleteDeadline(
    grpc::CallbackServerContext* context, const v1::CompleteDeadlineRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.CompleteDeadline", false);
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordDeadlineAction(
    grpc::CallbackServerContext* context, const v1::RecordDeadlineActionRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.RecordDeadlineAction", false);
}

grpc::ServerUnaryReactor* CaseCommandsService::AssessPriority(
    grpc::CallbackServerContext* context, const v1::AssessPriorityRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.AssessPriority", false);
}

grpc::ServerUnaryReactor* CaseCommandsService::Reprioritise(
    grpc::CallbackServerContext* context, const v1::ReprioritiseRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.Reprioritise", false);
}

grpc::ServerUnaryReactor* CaseCommandsService::FlagUntowardIncident(
    grpc::CallbackServerContext* context, const v1::FlagUntowardIncidentRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.FlagUntowardIncident",
                request->incident_id().empty());
}

grpc::ServerUnaryReactor* CaseCommandsService::ResolveIncident(
    grpc::CallbackServerContext* context, const v1::ResolveIncidentRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.ResolveIncident", false);
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordReferral(
    grpc::CallbackServerContext* context, const v1::RecordReferralRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.RecordReferral",
                request->referral_id().empty());
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordObstacle(
    grpc::CallbackServerContext* context, const v1::RecordObstacleRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.RecordObstacle",
                request->obstacle_id().empty());
}

grpc::ServerUnaryReactor* CaseCommandsService::ResolveObstacle(
    grpc::CallbackServerContext* context, const v1::ResolveObstacleRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.ResolveObstacle", false);
}

grpc::ServerUnaryReactor* CaseCommandsService::SetOutcome(grpc::CallbackServerContext* context,
                                                          const v1::SetOutcomeRequest* request,
                                                          v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.SetOutcome",
                request->outcome_id().empty());
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordOutcomeProgress(
    grpc::CallbackServerContext* context, const v1::RecordOutcomeProgressRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.RecordOutcomeProgress", false);
}

grpc::ServerUnaryReactor* CaseCommandsService::RecordFileReview(
    grpc::CallbackServerContext* context, const v1::RecordFileReviewRequest* request,
    v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.RecordFileReview",
                request->review_id().empty());
}

grpc::ServerUnaryReactor* CaseCommandsService::AddKeyPerson(grpc::CallbackServerContext* context,
                                                            const v1::AddKeyPersonRequest* request,
                                                            v1::CommandResult* result) {
  return Handle(context, *request, result, "CaseCommands.AddKeyPerson",
                request->person_id().empty());
}

}  // namespace caseledger::services
