#pragma once

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "caseledger/v1/case_state.pb.h"
#include "grpcpp/support/string_ref.h"

namespace caseledger::services {

// The roles of casework.
inline constexpr char kCaseworker[] = "caseworker";
inline constexpr char kInspector[] = "inspector";
inline constexpr char kSupervisor[] = "supervisor";
inline constexpr char kComplianceOfficer[] = "compliance_officer";
inline constexpr char kAdministrator[] = "administrator";

bool IsKnownRole(absl::string_view role);

// Who is calling, as the authenticator established it.
struct Actor {
  std::string id;
  std::string role;
  std::string team_id;
  std::string org_id = "default";
};

using CallMetadata = std::multimap<grpc::string_ref, grpc::string_ref>;

// Establishes the actor of a call from its metadata. UNAUTHENTICATED when it can't.
// Implementations are thread-safe.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual absl::StatusOr<Actor> Authenticate(const CallMetadata& metadata) const = 0;
};

// For development on loopback: trusts the x-caseledger-actor and x-caseledger-role
// metadata (and optional x-caseledger-team, x-caseledger-org). No proof of identity.
class DevelopmentAuthenticator final : public Authenticator {
 public:
  absl::StatusOr<Actor> Authenticate(const CallMetadata& metadata) const override;
};

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

// Decides whether an actor may make a call. Every RPC passes through one Authorizer,
// so roles are enforced in one place. Thread-safe.
class Authorizer {
 public:
  virtual ~Authorizer() = default;
  // OK or PERMISSION_DENIED.
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

}  // namespace caseledger::services
