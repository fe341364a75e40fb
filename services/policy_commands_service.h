#pragma once

#include "app/authenticator.h"
#include "app/policies.h"
#include "caseledger/v1/policy_commands.grpc.pb.h"

namespace caseledger::services {

// The PolicyCommands gRPC service, an adapter of app::Policies.
class PolicyCommandsService final : public v1::PolicyCommands::CallbackService {
 public:
  PolicyCommandsService(const app::Authenticator& authenticator, app::Policies& policies)
      : authenticator_(authenticator), policies_(policies) {}

  grpc::ServerUnaryReactor* SetPolicy(grpc::CallbackServerContext* context,
                                      const v1::SetPolicyRequest* request,
                                      v1::SetPolicyResponse* response) override;
  grpc::ServerUnaryReactor* GetPolicy(grpc::CallbackServerContext* context,
                                      const v1::GetPolicyRequest* request,
                                      v1::PolicyVersion* response) override;

 private:
  const app::Authenticator& authenticator_;
  app::Policies& policies_;
};

}  // namespace caseledger::services
