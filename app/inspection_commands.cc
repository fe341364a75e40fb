#include "app/inspection_commands.h"

#include "app/case_commands.h"
#include "app/methods.h"
#include "domain/inspection.h"

namespace caseledger::app {

CaseCommand ToCommand(const v1::PlanVisitRequest& request) {
  return CaseCommandOf(request, methods::kPlanVisit, request.visit_id().empty());
}
CaseCommand ToCommand(const v1::RecordVisitRequest& request) {
  return CaseCommandOf(request, methods::kRecordVisit, false);
}
CaseCommand ToCommand(const v1::RecordFindingsRequest& request) {
  return CaseCommandOf(request, methods::kRecordFindings, false);
}
CaseCommand ToCommand(const v1::DraftDocumentRequest& request) {
  return CaseCommandOf(request, methods::kDraftDocument, request.document_id().empty());
}
CaseCommand ToCommand(const v1::SendForFactualAccuracyRequest& request) {
  return CaseCommandOf(request, methods::kSendForFactualAccuracy, false);
}
CaseCommand ToCommand(const v1::RecordProviderCommentsRequest& request) {
  return CaseCommandOf(request, methods::kRecordProviderComments, false);
}
CaseCommand ToCommand(const v1::PublishDocumentRequest& request) {
  CaseCommand command;
  command.header = request.header();
  command.method = methods::kPublishDocument;
  command.provider_of = [](const v1::CaseState& state) { return state.provider_ref(); };
  command.decide_linked = [request](const v1::CaseState& state, const v1::ProviderState& provider,
                                    const domain::CommandContext& context) {
    return domain::Decide(state, provider, request, context);
  };
  return command;
}
CaseCommand ToCommand(const v1::RequireActionPlanRequest& request) {
  return CaseCommandOf(request, methods::kRequireActionPlan, request.plan_id().empty());
}
CaseCommand ToCommand(const v1::RecordActionPlanRequest& request) {
  return CaseCommandOf(request, methods::kRecordActionPlan, false);
}
CaseCommand ToCommand(const v1::RecordActionProgressRequest& request) {
  return CaseCommandOf(request, methods::kRecordActionProgress, false);
}
CaseCommand ToCommand(const v1::VerifyActionPlanRequest& request) {
  return CaseCommandOf(request, methods::kVerifyActionPlan, false);
}
CaseCommand ToCommand(const v1::TakeEnforcementActionRequest& request) {
  return CaseCommandOf(request, methods::kTakeEnforcementAction, request.action_id().empty());
}
CaseCommand ToCommand(const v1::ConcludeEnforcementActionRequest& request) {
  return CaseCommandOf(request, methods::kConcludeEnforcementAction, false);
}

}  // namespace caseledger::app
