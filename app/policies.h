#pragma once

#include <functional>

#include "absl/status/status.h"
#include "app/access_control.h"
#include "app/case_command_runner.h"
#include "base/clock.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "eventstore/event_store.h"

namespace caseledger::app {

// Sets and reads an organisation's versioned policy (stream policy-<org>). For every call:
// the request and the response must live until `done` runs, once, on any thread.
// Thread-safe.
class Policies {
 public:
  using Done = std::function<void(absl::Status)>;

  Policies(const AccessControl& access, eventstore::EventStore& store, CaseCommandRunner& runner,
           const Clock& clock)
      : access_(access), store_(store), runner_(runner), clock_(clock) {}

  // A new version of the policy, decided against the one in force; a command_id used
  // before answers with the first result.
  void SetPolicy(const Actor& actor, const v1::SetPolicyRequest& request,
                 v1::SetPolicyResponse* response, Done done);
  // The policy in force (the built-in default until the organisation sets one).
  void GetPolicy(const Actor& actor, const v1::GetPolicyRequest& request,
                 v1::PolicyVersion* response, Done done);

 private:
  void Set(const Actor& actor, v1::SetPolicyRequest setting, v1::SetPolicyResponse* response,
           Done done);

  const AccessControl& access_;
  eventstore::EventStore& store_;
  CaseCommandRunner& runner_;
  const Clock& clock_;
};

}  // namespace caseledger::app
