#pragma once

#include "app/audit_reads.h"
#include "app/authenticator.h"
#include "caseledger/v1/audit.grpc.pb.h"
#include "services/arena_messages.h"
#include "services/shared_answers.h"

namespace caseledger::services {

// The Audit gRPC service, an adapter of app::AuditReads. A history page is sent as the
// application keeps it, shared with other calls rather than copied; a replay is folded into
// an answer on the call's own arena.
class AuditService final : public v1::Audit::CallbackService {
 public:
  AuditService(const app::Authenticator& authenticator, app::AuditReads& reads)
      : authenticator_(authenticator), reads_(reads) {
    SetMessageAllocatorFor_GetCaseHistory(&history_answers_);
    SetMessageAllocatorFor_ReplayCase(&replay_messages_);
  }

  grpc::ServerUnaryReactor* GetCaseHistory(grpc::CallbackServerContext* context,
                                           const v1::GetCaseHistoryRequest* request,
                                           v1::GetCaseHistoryResponse* response) override;
  grpc::ServerUnaryReactor* ReplayCase(grpc::CallbackServerContext* context,
                                       const v1::ReplayCaseRequest* request,
                                       v1::ReplayCaseResponse* response) override;
  grpc::ServerUnaryReactor* VerifyLog(grpc::CallbackServerContext* context,
                                      const v1::VerifyLogRequest* request,
                                      v1::VerifyLogResponse* response) override;
  grpc::ServerUnaryReactor* ListActorEvents(grpc::CallbackServerContext* context,
                                            const v1::ListActorEventsRequest* request,
                                            v1::ListActorEventsResponse* response) override;
  grpc::ServerUnaryReactor* ListCaseAccess(grpc::CallbackServerContext* context,
                                           const v1::ListCaseAccessRequest* request,
                                           v1::ListCaseAccessResponse* response) override;

 private:
  using HistoryAnswers = SharedAnswers<v1::GetCaseHistoryRequest, v1::GetCaseHistoryResponse>;

  const app::Authenticator& authenticator_;
  app::AuditReads& reads_;
  HistoryAnswers history_answers_;
  ArenaMessages<v1::ReplayCaseRequest, v1::ReplayCaseResponse> replay_messages_;
};

}  // namespace caseledger::services
