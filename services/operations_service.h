#pragma once

#include "app/authenticator.h"
#include "app/backups.h"
#include "caseledger/v1/operations.grpc.pb.h"

namespace caseledger::services {

// The Operations gRPC service, an adapter of app::BackupWorkflow.
class OperationsService final : public v1::Operations::CallbackService {
 public:
  OperationsService(const app::Authenticator& authenticator, app::BackupWorkflow& backups)
      : authenticator_(authenticator), backups_(backups) {}

  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* context,
                                   const v1::BackupRequest* request,
                                   v1::BackupResponse* response) override;

 private:
  const app::Authenticator& authenticator_;
  app::BackupWorkflow& backups_;
};

}  // namespace caseledger::services
