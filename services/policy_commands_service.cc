#include "services/policy_commands_service.h"

#include "services/grpc_call.h"

namespace caseledger::services {

grpc::ServerUnaryReactor* PolicyCommandsService::SetPolicy(grpc::CallbackServerContext* context,
                                                           const v1::SetPolicyRequest* request,
                                                           v1::SetPolicyResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    policies_.SetPolicy(actor, *request, response, std::move(done));
  });
}

grpc::ServerUnaryReactor* PolicyCommandsService::GetPolicy(grpc::CallbackServerContext* context,
                                                           const v1::GetPolicyRequest* request,
                                                           v1::PolicyVersion* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    policies_.GetPolicy(actor, *request, response, std::move(done));
  });
}

}  // namespace caseledger::services
