#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "app/actor.h"
#include "caseledger/v1/case_state.pb.h"

namespace caseledger::app {

// What a call concerns, for the authorizer.
struct Target {
  // The call concerns one case: `case_id`, as it stands (nullptr when it does not exist
  // yet).
  bool names_case = false;
  std::string case_id;
  const v1::CaseState* case_state = nullptr;
  // Whose work a list or trail asks for, and which team's.
  std::string worker_id;
  std::string team_id;
  // The organisation named by the call; empty: the caller's.
  std::string org_id;

  static Target Case(const std::string& case_id, const v1::CaseState* state) {
    Target target;
    target.names_case = true;
    target.case_id = case_id;
    target.case_state = state;
    return target;
  }
};

// Decides whether an actor may make a call ("CaseCommands.RecordNote") on a target: OK or
// PERMISSION_DENIED saying why. A decision only: AccessControl records the refusals.
// Thread-safe.
class Authorizer {
 public:
  virtual ~Authorizer() = default;
  virtual absl::Status Authorize(const Actor& actor, absl::string_view method,
                                 const Target& target) const = 0;
};

// For tests of other things than authorization.
class AllowAllAuthorizer final : public Authorizer {
 public:
  absl::Status Authorize(const Actor&, absl::string_view, const Target&) const override {
    return absl::OkStatus();
  }
};

}  // namespace caseledger::app
