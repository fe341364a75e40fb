#pragma once

// Each case command request of the API as the command the runner carries out: its method,
// whether it names its new record, and the domain decision it asks for. Every transport turns
// a request into a command here, so a request means the same whichever way it came.

#include "app/case_command_runner.h"
#include "caseledger/v1/case_commands.pb.h"

namespace caseledger::app {

// `request` as the command `method` deciding with domain::Decide; `assigns_id` when it left
// its new record's id empty.
template <typename Request>
CaseCommand CaseCommandOf(const Request& request, const char* method, bool assigns_id) {
  CaseCommand command;
  command.header = request.header();
  command.method = method;
  command.assigns_id = assigns_id;
  command.decide = [request](const v1::CaseState& state, const domain::CommandContext& context) {
    return domain::Decide(state, request, context);
  };
  return command;
}

// A case opened without an id takes its command's id, so a retry opens no second case.
CaseCommand ToCommand(const v1::OpenCaseRequest& request);
CaseCommand ToCommand(const v1::AssignCaseRequest& request);
CaseCommand ToCommand(const v1::ChangeStatusRequest& request);
CaseCommand ToCommand(const v1::RecordNoteRequest& request);
CaseCommand ToCommand(const v1::CorrectNoteRequest& request);
CaseCommand ToCommand(const v1::SetDeadlineRequest& request);
CaseCommand ToCommand(const v1::CompleteDeadlineRequest& request);
CaseCommand ToCommand(const v1::RecordDeadlineActionRequest& request);
CaseCommand ToCommand(const v1::AssessPriorityRequest& request);
CaseCommand ToCommand(const v1::ReprioritiseRequest& request);
CaseCommand ToCommand(const v1::FlagUntowardIncidentRequest& request);
CaseCommand ToCommand(const v1::ResolveIncidentRequest& request);
CaseCommand ToCommand(const v1::RecordReferralRequest& request);
CaseCommand ToCommand(const v1::RecordObstacleRequest& request);
CaseCommand ToCommand(const v1::ResolveObstacleRequest& request);
CaseCommand ToCommand(const v1::SetOutcomeRequest& request);
CaseCommand ToCommand(const v1::RecordOutcomeProgressRequest& request);
CaseCommand ToCommand(const v1::RecordFileReviewRequest& request);
CaseCommand ToCommand(const v1::AddKeyPersonRequest& request);
CaseCommand ToCommand(const v1::CompleteReviewActionRequest& request);
CaseCommand ToCommand(const v1::AcknowledgeEscalationRequest& request);
CaseCommand ToCommand(const v1::UpdateKeyPersonRequest& request);
CaseCommand ToCommand(const v1::WithdrawKeyPersonConsentRequest& request);
CaseCommand ToCommand(const v1::EndKeyPersonInvolvementRequest& request);

}  // namespace caseledger::app
