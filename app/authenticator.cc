#include "app/authenticator.h"

#include "absl/strings/str_cat.h"
#include "domain/field_errors.h"

namespace caseledger::app {

bool IsKnownRole(absl::string_view role) {
  return role == kCaseworker || role == kInspector || role == kSupervisor ||
         role == kComplianceOfficer || role == kAdministrator;
}

absl::StatusOr<Actor> DevelopmentAuthenticator::Authenticate(const CallHeaders& headers) const {
  Actor actor;
  actor.id = headers.Find("x-caseledger-actor").value_or("");
  actor.role = headers.Find("x-caseledger-role").value_or("");
  actor.team_id = headers.Find("x-caseledger-team").value_or("");
  if (std::string org = headers.Find("x-caseledger-org").value_or(""); !org.empty()) {
    actor.org_id = org;
  }
  if (actor.id.empty() || actor.role.empty()) {
    return absl::UnauthenticatedError(
        "missing x-caseledger-actor or x-caseledger-role metadata: who is calling, in which role");
  }
  if (!IsKnownRole(actor.role)) {
    return absl::UnauthenticatedError(absl::StrCat(
        "unknown role ", domain::Quoted(actor.role),
        "; one of caseworker, inspector, supervisor, compliance_officer, administrator"));
  }
  return actor;
}

}  // namespace caseledger::app
