#pragma once

#include <functional>

#include "base/clock.h"
#include "caseledger/v1/caseload.grpc.pb.h"
#include "projections/projection_engine.h"
#include "services/access_log.h"
#include "services/auth.h"
#include "services/case_command_runner.h"

namespace caseledger::services {

// The Caseload gRPC service: caseloads, workload, the diary and the attention list from
// the caseload view, and one case's current state from its stream. Viewing a case is
// recorded in the access log before it is answered.
class CaseloadService final : public v1::Caseload::CallbackService {
 public:
  CaseloadService(const Authenticator& authenticator, const Authorizer& authorizer,
                  AccessLog& access, projections::ProjectionEngine& engine,
                  CaseCommandRunner& runner, const Clock& clock)
      : authenticator_(authenticator),
        authorizer_(authorizer),
        access_(access),
        engine_(engine),
        runner_(runner),
        clock_(clock) {}

  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request,
                                    v1::CaseView* response) override;
  grpc::ServerUnaryReactor* ListCaseload(grpc::CallbackServerContext* context,
                                         const v1::ListCaseloadRequest* request,
                                         v1::ListCaseloadResponse* response) override;
  grpc::ServerUnaryReactor* GetWorkload(grpc::CallbackServerContext* context,
                                        const v1::GetWorkloadRequest* request,
                                        v1::GetWorkloadResponse* response) override;
  grpc::ServerUnaryReactor* ListDiary(grpc::CallbackServerContext* context,
                                      const v1::ListDiaryRequest* request,
                                      v1::ListDiaryResponse* response) override;
  grpc::ServerUnaryReactor* ListAttention(grpc::CallbackServerContext* context,
                                          const v1::ListAttentionRequest* request,
                                          v1::ListAttentionResponse* response) override;

 private:
  // GetCase: an error, or OK once it has arranged for `reactor` to finish when the view of
  // the case is recorded.
  absl::Status ShowCase(grpc::CallbackServerContext& context, grpc::ServerUnaryReactor* reactor,
                        const v1::GetCaseRequest& request, v1::CaseView& response);
  // Admits the caller, waits until the caseload view includes `min_position`, then
  // finishes with what `answer` says, given the caller and the serving view.
  using Answer = std::function<absl::Status(const Actor&, const projections::View&)>;
  // Admits the caller to a list of `worker_id`'s or `team_id`'s work, then answers once the
  // view has reached min_position.
  grpc::ServerUnaryReactor* Query(grpc::CallbackServerContext* context, const char* method,
                                  const std::string& worker_id, const std::string& team_id,
                                  uint64_t min_position, Answer answer);

  const Authenticator& authenticator_;
  const Authorizer& authorizer_;
  AccessLog& access_;
  projections::ProjectionEngine& engine_;
  CaseCommandRunner& runner_;
  const Clock& clock_;
};

}  // namespace caseledger::services
