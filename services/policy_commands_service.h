#pragma once

#include "base/clock.h"
#include "caseledger/v1/policy_commands.grpc.pb.h"
#include "eventstore/event_store.h"
#include "services/auth.h"
#include "services/case_command_runner.h"

namespace caseledger::services {

// The PolicyCommands gRPC service: sets and reads an organisation's versioned policy.
class PolicyCommandsService final : public v1::PolicyCommands::CallbackService {
 public:
  PolicyCommandsService(const Authenticator& authenticator, const Authorizer& authorizer,
                        eventstore::EventStore& store, CaseCommandRunner& runner,
                        const Clock& clock)
      : authenticator_(authenticator),
        authorizer_(authorizer),
        store_(store),
        runner_(runner),
        clock_(clock) {}

  grpc::ServerUnaryReactor* SetPolicy(grpc::CallbackServerContext* context,
                                      const v1::SetPolicyRequest* request,
                                      v1::SetPolicyResponse* response) override;
  grpc::ServerUnaryReactor* GetPolicy(grpc::CallbackServerContext* context,
                                      const v1::GetPolicyRequest* request,
                                      v1::PolicyVersion* response) override;

 private:
  const Authenticator& authenticator_;
  const Authorizer& authorizer_;
  eventstore::EventStore& store_;
  CaseCommandRunner& runner_;
  const Clock& clock_;
};

}  // namespace caseledger::services
