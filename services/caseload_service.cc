#include "services/caseload_service.h"

#include "services/grpc_call.h"

namespace caseledger::services {

grpc::ServerUnaryReactor* CaseloadService::GetCase(grpc::CallbackServerContext* context,
                                                   const v1::GetCaseRequest* request,
                                                   v1::CaseView* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.GetCase(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

grpc::ServerUnaryReactor* CaseloadService::ListCaseload(grpc::CallbackServerContext* context,
                                                        const v1::ListCaseloadRequest* request,
                                                        v1::ListCaseloadResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ListCaseload(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

grpc::ServerUnaryReactor* CaseloadService::GetWorkload(grpc::CallbackServerContext* context,
                                                       const v1::GetWorkloadRequest* request,
                                                       v1::GetWorkloadResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.GetWorkload(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

grpc::ServerUnaryReactor* CaseloadService::ListDiary(grpc::CallbackServerContext* context,
                                                     const v1::ListDiaryRequest* request,
                                                     v1::ListDiaryResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ListDiary(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

grpc::ServerUnaryReactor* CaseloadService::ListAttention(grpc::CallbackServerContext* context,
                                                         const v1::ListAttentionRequest* request,
                                                         v1::ListAttentionResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ListAttention(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

}  // namespace caseledger::services
