#include "services/operations_service.h"

#include "services/grpc_call.h"

namespace caseledger::services {

grpc::ServerUnaryReactor* OperationsService::Backup(grpc::CallbackServerContext* context,
                                                    const v1::BackupRequest* request,
                                                    v1::BackupResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    backups_.Backup(actor, *request, response, std::move(done));
  });
}

}  // namespace caseledger::services
