#include "services/auth.h"

#include "absl/strings/str_cat.h"

namespace caseledger::services {
namespace {

std::string Value(const CallMetadata& metadata, const char* key) {
  auto it = metadata.find(key);
  return it == metadata.end() ? "" : std::string(it->second.data(), it->second.size());
}

}  // namespace

bool IsKnownRole(absl::string_view role) {
  return role == kCaseworker || role == kInspector || role == kSupervisor ||
         role == kComplianceOfficer || role == kAdministrator;
}

absl::StatusOr<Actor> DevelopmentAuthenticator::Authenticate(const CallMetadata& metadata) const {
  Actor actor;
  actor.id = Value(metadata, "x-caseledger-actor");
  actor.role = Value(metadata, "x-caseledger-role");
  actor.team_id = Value(metadata, "x-caseledger-team");
  if (std::string org = Value(metadata, "x-caseledger-org"); !org.empty()) actor.org_id = org;
  if (actor.id.empty() || actor.role.empty()) {
    return absl::UnauthenticatedError(
        "missing x-caseledger-actor or x-caseledger-role metadata: who is calling, in which role");
  }
  if (!IsKnownRole(actor.role)) {
    return absl::UnauthenticatedError(absl::StrCat(
        "unknown role '", actor.role,
        "'; one of caseworker, inspector, supervisor, compliance_officer, administrator"));
  }
  return actor;
}

}  // namespace caseledger::services
