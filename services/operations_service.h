#pragma once

#include "app/access_control.h"
#include "app/authenticator.h"
#include "app/backups.h"
#include "app/work_queue.h"
#include "caseledger/v1/operations.grpc.pb.h"
#include "relay/replication_node.h"

namespace caseledger::services {

// The Operations gRPC service: an adapter of app::BackupWorkflow, and promotion of a read
// replica (relay::ReplicationNode).
class OperationsService final : public v1::Operations::CallbackService {
 public:
  // `replication` null: the server does not replicate through a broker.
  OperationsService(const app::Authenticator& authenticator, const app::AccessControl& access,
                    app::BackupWorkflow& backups, relay::ReplicationNode* replication)
      : authenticator_(authenticator),
        access_(access),
        backups_(backups),
        replication_(replication) {}

  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* context,
                                   const v1::BackupRequest* request,
                                   v1::BackupResponse* response) override;
  grpc::ServerUnaryReactor* Promote(grpc::CallbackServerContext* context,
                                    const v1::PromoteRequest* request,
                                    v1::PromoteResponse* response) override;

 private:
  const app::Authenticator& authenticator_;
  const app::AccessControl& access_;
  app::BackupWorkflow& backups_;
  relay::ReplicationNode* const replication_;
  // A promotion waits for the copy to catch up: on a thread of its own, not a handler's.
  app::WorkQueue promotions_;
};

}  // namespace caseledger::services
