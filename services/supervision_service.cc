#include "services/supervision_service.h"

#include "app/worker_commands.h"
#include "base/status_macros.h"
#include "services/grpc_call.h"
#include "services/inbox_stream.h"

namespace caseledger::services {
template <typename Request>
grpc::ServerUnaryReactor* SupervisionService::Handle(grpc::CallbackServerContext* context,
                                                     const Request& request,
                                                     v1::WorkerCommandResult* result) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    runner_.Run(app::ToCommand(request), actor,
                [result, done = std::move(done)](absl::StatusOr<v1::WorkerCommandResult> r) {
                  done(MoveValueTo(std::move(r), *result));
                });
  });
}

grpc::ServerUnaryReactor* SupervisionService::SetMonitoringLevel(
    grpc::CallbackServerContext* context, const v1::SetMonitoringLevelRequest* request,
    v1::WorkerCommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* SupervisionService::RecordSupervisionSession(
    grpc::CallbackServerContext* context, const v1::RecordSupervisionSessionRequest* request,
    v1::WorkerCommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* SupervisionService::RecordTrainingNeed(
    grpc::CallbackServerContext* context, const v1::RecordTrainingNeedRequest* request,
    v1::WorkerCommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* SupervisionService::MeetTrainingNeed(
    grpc::CallbackServerContext* context, const v1::MeetTrainingNeedRequest* request,
    v1::WorkerCommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* SupervisionService::RecordCorrectiveAction(
    grpc::CallbackServerContext* context, const v1::RecordCorrectiveActionRequest* request,
    v1::WorkerCommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* SupervisionService::CloseCorrectiveAction(
    grpc::CallbackServerContext* context, const v1::CloseCorrectiveActionRequest* request,
    v1::WorkerCommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* SupervisionService::RecordCaseloadReview(
    grpc::CallbackServerContext* context, const v1::RecordCaseloadReviewRequest* request,
    v1::WorkerCommandResult* result) {
  return Handle(context, *request, result);
}

grpc::ServerUnaryReactor* SupervisionService::GetWorkerRecord(
    grpc::CallbackServerContext* context, const v1::GetWorkerRecordRequest* request,
    v1::WorkerRecord* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.GetWorkerRecord(actor, *request, response, std::move(done));
  });
}

grpc::ServerUnaryReactor* SupervisionService::ListWorkerReviews(
    grpc::CallbackServerContext* context, const v1::ListWorkerReviewsRequest* request,
    v1::ListWorkerReviewsResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ListWorkerReviews(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

grpc::ServerUnaryReactor* SupervisionService::ListFilesDueForReview(
    grpc::CallbackServerContext* context, const v1::ListFilesDueForReviewRequest* request,
    v1::ListFilesDueForReviewResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ListFilesDueForReview(actor, *request, WaitDeadline(*context), response,
                                 std::move(done));
  });
}

grpc::ServerUnaryReactor* SupervisionService::ListInbox(grpc::CallbackServerContext* context,
                                                        const v1::ListInboxRequest* request,
                                                        v1::ListInboxResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ListInbox(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

grpc::ServerWriteReactor<v1::InboxUpdate>* SupervisionService::FollowInbox(
    grpc::CallbackServerContext* context, const v1::FollowInboxRequest* request) {
  auto* stream = new InboxStream(reads_.engine());
  absl::StatusOr<app::Actor> actor = authenticator_.Authenticate(GrpcHeaders(*context));
  if (!actor.ok()) {
    stream->Refuse(actor.status());
    return stream;
  }
  reads_.FollowInbox(*actor, *request,
                     [stream](absl::StatusOr<app::SupervisionReads::InboxReader> reader) {
                       if (!reader.ok()) return stream->Refuse(reader.status());
                       stream->Begin(*std::move(reader));
                     });
  return stream;
}

grpc::ServerUnaryReactor* SupervisionService::GetTeamReport(grpc::CallbackServerContext* context,
                                                            const v1::GetTeamReportRequest* request,
                                                            v1::TeamReport* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.GetTeamReport(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

}  // namespace caseledger::services
