#include "services/operations_service.h"

#include "absl/strings/escaping.h"
#include "app/methods.h"
#include "base/log.h"
#include "services/grpc_call.h"

namespace caseledger::services {

grpc::ServerUnaryReactor* OperationsService::Backup(grpc::CallbackServerContext* context,
                                                    const v1::BackupRequest* request,
                                                    v1::BackupResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    backups_.Backup(actor, *request, response, std::move(done));
  });
}

grpc::ServerUnaryReactor* OperationsService::Promote(grpc::CallbackServerContext* context,
                                                     const v1::PromoteRequest* request,
                                                     v1::PromoteResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    const absl::Duration timeout =
        absl::Seconds(request->catch_up_seconds() == 0 ? 30 : request->catch_up_seconds());
    access_.Authorize(
        actor, app::methods::kPromote, app::Target(),
        [this, actor, timeout, response, done = std::move(done)](absl::Status admitted) {
          if (!admitted.ok()) return done(admitted);
          if (replication_ == nullptr) {
            return done(absl::FailedPreconditionError(
                "this server does not replicate through a broker: there is nothing to promote"));
          }
          promotions_.Post([this, actor, timeout, response, done] {
            absl::StatusOr<eventstore::LogHead> head = replication_->Promote(timeout);
            if (!head.ok()) {
              log::Warn("promotion refused",
                        {{"actor", actor.id}, {"error", head.status().ToString()}});
              return done(head.status());
            }
            response->set_head_position(head->position);
            response->set_head_hash(absl::BytesToHexString(head->hash));
            log::Info("promoted to primary by an operator",
                      {{"actor", actor.id}, {"head", head->position}});
            done(absl::OkStatus());
          });
        });
  });
}

}  // namespace caseledger::services
