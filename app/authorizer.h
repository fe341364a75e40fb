#pragma once

#include <string>
#include <utility>

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
  // A record other than a case the call concerns, e.g. "provider p1": whose it is is
  // worker_id's and team_id's. Names it in a refusal.
  std::string record;

  static Target Case(const std::string& case_id, const v1::CaseState* state) {
    Target target;
    target.names_case = true;
    target.case_id = case_id;
    target.case_state = state;
    return target;
  }

  // A record other than a case, held by `worker_id` in `team_id` of `org_id`.
  static Target Record(std::string record, std::string worker_id, std::string team_id,
                       std::string org_id) {
    Target target;
    target.record = std::move(record);
    target.worker_id = std::move(worker_id);
    target.team_id = std::move(team_id);
    target.org_id = std::move(org_id);
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
