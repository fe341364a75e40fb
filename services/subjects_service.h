#pragma once

#include "app/authenticator.h"
#include "app/subjects.h"
#include "caseledger/v1/subjects.grpc.pb.h"

namespace caseledger::services {

// The Subjects gRPC service, an adapter of app::Subjects.
class SubjectsService final : public v1::Subjects::CallbackService {
 public:
  SubjectsService(const app::Authenticator& authenticator, app::Subjects& subjects)
      : authenticator_(authenticator), subjects_(subjects) {}

  grpc::ServerUnaryReactor* EraseSubject(grpc::CallbackServerContext* context,
                                         const v1::EraseSubjectRequest* request,
                                         v1::EraseSubjectResponse* response) override;
  grpc::ServerUnaryReactor* ExportSubject(grpc::CallbackServerContext* context,
                                          const v1::ExportSubjectRequest* request,
                                          v1::ExportSubjectResponse* response) override;

 private:
  const app::Authenticator& authenticator_;
  app::Subjects& subjects_;
};

}  // namespace caseledger::services
