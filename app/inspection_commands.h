#pragma once

// Each request of the Inspections API as the case command the runner carries out, as
// case_commands.h does for CaseCommands. Publishing a document also records on the case's
// provider, in the same atomic append.

#include "app/case_command_runner.h"
#include "caseledger/v1/inspection_commands.pb.h"

namespace caseledger::app {

CaseCommand ToCommand(const v1::PlanVisitRequest& request);
CaseCommand ToCommand(const v1::RecordVisitRequest& request);
CaseCommand ToCommand(const v1::RecordFindingsRequest& request);
CaseCommand ToCommand(const v1::DraftDocumentRequest& request);
CaseCommand ToCommand(const v1::SendForFactualAccuracyRequest& request);
CaseCommand ToCommand(const v1::RecordProviderCommentsRequest& request);
CaseCommand ToCommand(const v1::PublishDocumentRequest& request);
CaseCommand ToCommand(const v1::RequireActionPlanRequest& request);
CaseCommand ToCommand(const v1::RecordActionPlanRequest& request);
CaseCommand ToCommand(const v1::RecordActionProgressRequest& request);
CaseCommand ToCommand(const v1::VerifyActionPlanRequest& request);
CaseCommand ToCommand(const v1::TakeEnforcementActionRequest& request);
CaseCommand ToCommand(const v1::ConcludeEnforcementActionRequest& request);

}  // namespace caseledger::app
