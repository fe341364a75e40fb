#pragma once

#include "app/authenticator.h"
#include "app/supervision_reads.h"
#include "app/worker_command_runner.h"
#include "caseledger/v1/supervision.grpc.pb.h"

namespace caseledger::services {

// The Supervision gRPC service: commands on workers' records handed to the worker runner as
// app::ToCommand makes them, and reads adapted from app::SupervisionReads.
class SupervisionService final : public v1::Supervision::CallbackService {
 public:
  SupervisionService(const app::Authenticator& authenticator, app::WorkerCommandRunner& runner,
                     app::SupervisionReads& reads)
      : authenticator_(authenticator), runner_(runner), reads_(reads) {}

  grpc::ServerUnaryReactor* SetMonitoringLevel(grpc::CallbackServerContext* context,
                                               const v1::SetMonitoringLevelRequest* request,
                                               v1::WorkerCommandResult* result) override;
  grpc::ServerUnaryReactor* RecordSupervisionSession(
      grpc::CallbackServerContext* context, const v1::RecordSupervisionSessionRequest* request,
      v1::WorkerCommandResult* result) override;
  grpc::ServerUnaryReactor* RecordTrainingNeed(grpc::CallbackServerContext* context,
                                               const v1::RecordTrainingNeedRequest* request,
                                               v1::WorkerCommandResult* result) override;
  grpc::ServerUnaryReactor* MeetTrainingNeed(grpc::CallbackServerContext* context,
                                             const v1::MeetTrainingNeedRequest* request,
                                             v1::WorkerCommandResult* result) override;
  grpc::ServerUnaryReactor* RecordCorrectiveAction(grpc::CallbackServerContext* context,
                                                   const v1::RecordCorrectiveActionRequest* request,
                                                   v1::WorkerCommandResult* result) override;
  grpc::ServerUnaryReactor* CloseCorrectiveAction(grpc::CallbackServerContext* context,
                                                  const v1::CloseCorrectiveActionRequest* request,
                                                  v1::WorkerCommandResult* result) override;
  grpc::ServerUnaryReactor* RecordCaseloadReview(grpc::CallbackServerContext* context,
                                                 const v1::RecordCaseloadReviewRequest* request,
                                                 v1::WorkerCommandResult* result) override;

  grpc::ServerUnaryReactor* GetWorkerRecord(grpc::CallbackServerContext* context,
                                            const v1::GetWorkerRecordRequest* request,
                                            v1::WorkerRecord* response) override;
  grpc::ServerUnaryReactor* ListWorkerReviews(grpc::CallbackServerContext* context,
                                              const v1::ListWorkerReviewsRequest* request,
                                              v1::ListWorkerReviewsResponse* response) override;
  grpc::ServerUnaryReactor* ListFilesDueForReview(
      grpc::CallbackServerContext* context, const v1::ListFilesDueForReviewRequest* request,
      v1::ListFilesDueForReviewResponse* response) override;
  grpc::ServerUnaryReactor* ListInbox(grpc::CallbackServerContext* context,
                                      const v1::ListInboxRequest* request,
                                      v1::ListInboxResponse* response) override;
  grpc::ServerWriteReactor<v1::InboxUpdate>* FollowInbox(
      grpc::CallbackServerContext* context, const v1::FollowInboxRequest* request) override;
  grpc::ServerUnaryReactor* GetTeamReport(grpc::CallbackServerContext* context,
                                          const v1::GetTeamReportRequest* request,
                                          v1::TeamReport* response) override;

 private:
  template <typename Request>
  grpc::ServerUnaryReactor* Handle(grpc::CallbackServerContext* context, const Request& request,
                                   v1::WorkerCommandResult* result);

  const app::Authenticator& authenticator_;
  app::WorkerCommandRunner& runner_;
  app::SupervisionReads& reads_;
};

}  // namespace caseledger::services
