#pragma once

#include "app/authenticator.h"
#include "app/case_reads.h"
#include "caseledger/v1/caseload.grpc.pb.h"

namespace caseledger::services {

// The Caseload gRPC service, an adapter of app::CaseReads.
class CaseloadService final : public v1::Caseload::CallbackService {
 public:
  CaseloadService(const app::Authenticator& authenticator, app::CaseReads& reads)
      : authenticator_(authenticator), reads_(reads) {}

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
  const app::Authenticator& authenticator_;
  app::CaseReads& reads_;
};

}  // namespace caseledger::services
