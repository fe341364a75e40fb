#include "app/authenticator.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/ids.h"
#include "domain/field_errors.h"

namespace caseledger::app {

bool IsKnownRole(absl::string_view role) {
  return role == kCaseworker || role == kInspector || role == kSupervisor ||
         role == kComplianceOfficer || role == kAdministrator;
}

absl::Status CheckOrganisation(absl::string_view org_id, absl::string_view source) {
  constexpr size_t kMaxOrgBytes = 128;
  if (org_id.size() > kMaxOrgBytes ||
      std::find_if_not(org_id.begin(), org_id.end(), IsIdChar) != org_id.end()) {
    return absl::UnauthenticatedError(absl::StrCat(source, " is not an organisation's id: at most ",
                                                   kMaxOrgBytes,
                                                   " letters, digits, '-', '_', '.' and ':'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Actor> DevelopmentAuthenticator::Authenticate(const CallHeaders& headers) const {
  Actor actor;
  actor.id = headers.Find("x-caseledger-actor").value_or("");
  actor.role = headers.Find("x-caseledger-role").value_or("");
  actor.team_id = headers.Find("x-caseledger-team").value_or("");
  if (std::string org = headers.Find("x-caseledger-org").value_or(""); !org.empty()) {
    if (absl::Status s = CheckOrganisation(org, "x-caseledger-org"); !s.ok()) return s;
    actor.org_id = std::move(org);
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
