#include "services/audit_service.h"

#include "services/grpc_call.h"

namespace caseledger::services {

grpc::ServerUnaryReactor* AuditService::GetCaseHistory(grpc::CallbackServerContext* context,
                                                       const v1::GetCaseHistoryRequest* request,
                                                       v1::GetCaseHistoryResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.GetCaseHistory(actor, *request,
                          [context, response, done = std::move(done)](
                              absl::StatusOr<app::AuditReads::History> history) {
                            if (!history.ok()) return done(history.status());
                            HistoryAnswers::Answer(*context, *std::move(history), response);
                            done(absl::OkStatus());
                          });
  });
}

grpc::ServerUnaryReactor* AuditService::ReplayCase(grpc::CallbackServerContext* context,
                                                   const v1::ReplayCaseRequest* request,
                                                   v1::ReplayCaseResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ReplayCase(actor, *request, response, std::move(done));
  });
}

grpc::ServerUnaryReactor* AuditService::VerifyLog(grpc::CallbackServerContext* context,
                                                  const v1::VerifyLogRequest* request,
                                                  v1::VerifyLogResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.VerifyLog(actor, *request, response, std::move(done));
  });
}

grpc::ServerUnaryReactor* AuditService::ListActorEvents(grpc::CallbackServerContext* context,
                                                        const v1::ListActorEventsRequest* request,
                                                        v1::ListActorEventsResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ListActorEvents(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

grpc::ServerUnaryReactor* AuditService::ListCaseAccess(grpc::CallbackServerContext* context,
                                                       const v1::ListCaseAccessRequest* request,
                                                       v1::ListCaseAccessResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ListCaseAccess(actor, *request, response, std::move(done));
  });
}

}  // namespace caseledger::services
