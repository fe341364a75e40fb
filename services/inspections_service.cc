#include "services/inspections_service.h"

#include "services/case_command_call.h"

namespace caseledger::services {

grpc::ServerUnaryReactor* InspectionsService::PlanVisit(grpc::CallbackServerContext* context,
                                                        const v1::PlanVisitRequest* request,
                                                        v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::RecordVisit(grpc::CallbackServerContext* context,
                                                          const v1::RecordVisitRequest* request,
                                                          v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::RecordFindings(
    grpc::CallbackServerContext* context, const v1::RecordFindingsRequest* request,
    v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::DraftDocument(grpc::CallbackServerContext* context,
                                                            const v1::DraftDocumentRequest* request,
                                                            v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::SendForFactualAccuracy(
    grpc::CallbackServerContext* context, const v1::SendForFactualAccuracyRequest* request,
    v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::RecordProviderComments(
    grpc::CallbackServerContext* context, const v1::RecordProviderCommentsRequest* request,
    v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::PublishDocument(
    grpc::CallbackServerContext* context, const v1::PublishDocumentRequest* request,
    v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::RequireActionPlan(
    grpc::CallbackServerContext* context, const v1::RequireActionPlanRequest* request,
    v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::RecordActionPlan(
    grpc::CallbackServerContext* context, const v1::RecordActionPlanRequest* request,
    v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::RecordActionProgress(
    grpc::CallbackServerContext* context, const v1::RecordActionProgressRequest* request,
    v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::VerifyActionPlan(
    grpc::CallbackServerContext* context, const v1::VerifyActionPlanRequest* request,
    v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::TakeEnforcementAction(
    grpc::CallbackServerContext* context, const v1::TakeEnforcementActionRequest* request,
    v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

grpc::ServerUnaryReactor* InspectionsService::ConcludeEnforcementAction(
    grpc::CallbackServerContext* context, const v1::ConcludeEnforcementActionRequest* request,
    v1::CommandResult* result) {
  return AnswerCaseCommand(context, authenticator_, runner_, *request, result);
}

}  // namespace caseledger::services
