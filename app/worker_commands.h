#pragma once

// Each command of the Supervision API on a worker's record as the command the runner carries
// out: its method, whether it names its new record, and the domain decision it asks for.

#include "app/worker_command_runner.h"
#include "caseledger/v1/supervision.pb.h"

namespace caseledger::app {

WorkerCommand ToCommand(const v1::SetMonitoringLevelRequest& request);
WorkerCommand ToCommand(const v1::RecordSupervisionSessionRequest& request);
WorkerCommand ToCommand(const v1::RecordTrainingNeedRequest& request);
WorkerCommand ToCommand(const v1::MeetTrainingNeedRequest& request);
WorkerCommand ToCommand(const v1::RecordCorrectiveActionRequest& request);
WorkerCommand ToCommand(const v1::CloseCorrectiveActionRequest& request);
WorkerCommand ToCommand(const v1::RecordCaseloadReviewRequest& request);

}  // namespace caseledger::app
