#include "app/worker_commands.h"

#include "app/methods.h"

namespace caseledger::app {
namespace {

template <typename Request>
WorkerCommand Command(const Request& request, const char* method, bool assigns_id) {
  WorkerCommand command;
  command.header = request.header();
  command.method = method;
  command.assigns_id = assigns_id;
  command.decide = [request](const v1::WorkerState& state, const domain::WorkerContext& context) {
    return domain::Decide(state, request, context);
  };
  return command;
}

}  // namespace

WorkerCommand ToCommand(const v1::SetMonitoringLevelRequest& request) {
  return Command(request, methods::kSetMonitoringLevel, false);
}
WorkerCommand ToCommand(const v1::RecordSupervisionSessionRequest& request) {
  return Command(request, methods::kRecordSupervisionSession, request.session_id().empty());
}
WorkerCommand ToCommand(const v1::RecordTrainingNeedRequest& request) {
  return Command(request, methods::kRecordTrainingNeed, request.need_id().empty());
}
WorkerCommand ToCommand(const v1::MeetTrainingNeedRequest& request) {
  return Command(request, methods::kMeetTrainingNeed, false);
}
WorkerCommand ToCommand(const v1::RecordCorrectiveActionRequest& request) {
  return Command(request, methods::kRecordCorrectiveAction, request.action_id().empty());
}
WorkerCommand ToCommand(const v1::CloseCorrectiveActionRequest& request) {
  return Command(request, methods::kCloseCorrectiveAction, false);
}
WorkerCommand ToCommand(const v1::RecordCaseloadReviewRequest& request) {
  return Command(request, methods::kRecordCaseloadReview, request.review_id().empty());
}

}  // namespace caseledger::app
