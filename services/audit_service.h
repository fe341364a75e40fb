#pragma once

#include "caseledger/v1/audit.grpc.pb.h"
#include "eventstore/event_store.h"
#include "projections/projection_engine.h"
#include "services/auth.h"
#include "services/case_command_runner.h"

namespace caseledger::services {

// The Audit gRPC service: case histories, point-in-time replay, the per-actor trail and
// verification of the log's hash chain.
class AuditService final : public v1::Audit::CallbackService {
 public:
  AuditService(const Authenticator& authenticator, const Authorizer& authorizer,
               const eventstore::EventStore& store, projections::ProjectionEngine& engine,
               CaseCommandRunner& runner)
      : authenticator_(authenticator),
        authorizer_(authorizer),
        store_(store),
        engine_(engine),
        runner_(runner) {}

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

 private:
  // Admits the caller for `method` on the case `case_id` as it stands now.
  absl::Status AdmitForCase(grpc::CallbackServerContext& context, const char* method,
                            const std::string& case_id);

  const Authenticator& authenticator_;
  const Authorizer& authorizer_;
  const eventstore::EventStore& store_;
  projections::ProjectionEngine& engine_;
  CaseCommandRunner& runner_;
};

}  // namespace caseledger::services
