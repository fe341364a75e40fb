#pragma once

#include "caseledger/v1/audit.grpc.pb.h"
#include "eventstore/event_store.h"
#include "projections/history_pages.h"
#include "projections/projection_engine.h"
#include "privacy/subject_keys.h"
#include "services/access_log.h"
#include "services/auth.h"
#include "services/case_command_runner.h"
#include "services/shared_answers.h"

namespace caseledger::services {

// The Audit gRPC service: case histories, point-in-time replay, the per-actor trail and
// verification of the log's hash chain, and who viewed each case. Histories and replays
// are recorded in the access log before they are answered.
class AuditService final : public v1::Audit::CallbackService {
 public:
  AuditService(const Authenticator& authenticator, const Authorizer& authorizer,
               AccessLog& access, const eventstore::EventStore& store,
               const privacy::SubjectKeys& keys, projections::ProjectionEngine& engine,
               CaseCommandRunner& runner)
      : authenticator_(authenticator),
        authorizer_(authorizer),
        access_(access),
        store_(store),
        keys_(keys),
        engine_(engine),
        runner_(runner),
        pages_(store, keys) {
    SetMessageAllocatorFor_GetCaseHistory(&history_answers_);
  }

  // Drops the history pages kept opened (a subject is being erased).
  void ForgetKeptPages() { pages_.Clear(); }

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
  // Admits the caller for `method` on the case `case_id` as it stands now.
  absl::StatusOr<Actor> AdmitForCase(grpc::CallbackServerContext& context, const char* method,
                                     const std::string& case_id);
  // Finishes `reactor` with `status`; an answer that shows the case's content only once
  // the view is recorded.
  void FinishShowing(grpc::ServerUnaryReactor* reactor, const absl::StatusOr<Actor>& actor,
                     const char* method, const std::string& case_id, absl::Status status);

  const Authenticator& authenticator_;
  const Authorizer& authorizer_;
  AccessLog& access_;
  const eventstore::EventStore& store_;
  const privacy::SubjectKeys& keys_;
  projections::ProjectionEngine& engine_;
  CaseCommandRunner& runner_;
  // A case file read again is answered from the pages kept, shared rather than copied.
  projections::HistoryPages pages_;
  SharedAnswers<v1::GetCaseHistoryRequest, v1::GetCaseHistoryResponse> history_answers_;
};

}  // namespace caseledger::services
