#pragma once

// Who may do what: the one table of roles and methods, and the authorizer that enforces it.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/access_log.h"
#include "services/auth.h"

namespace caseledger::services {

// How far a role reaches with a method.
enum class Reach {
  kNone,  // not at all
  kOwn,   // cases they opened or are assigned; lists and trails of their own work
  kTeam,  // as kOwn, and their team's cases and lists
  kOrg,   // everything in their organisation
};

struct Permission {
  const char* method;  // "CaseCommands.RecordNote"
  Reach caseworker;
  Reach inspector;
  Reach supervisor;
  Reach compliance_officer;
  Reach administrator;
};

// Every method of the API and each role's reach with it. A method not listed is refused.
absl::Span<const Permission> Permissions();

// The table as Markdown, as printed in the README.
std::string PermissionsMarkdown();

// Enforces Permissions(). Every case is within its organisation only. A refusal is
// PERMISSION_DENIED saying why, and is recorded in `access` before it is returned.
class RoleAuthorizer final : public Authorizer {
 public:
  explicit RoleAuthorizer(AccessLog& access) : access_(access) {}

  absl::Status Authorize(const Actor& actor, absl::string_view method,
                         const Target& target) const override;

  // The decision alone, without recording it.
  static absl::Status Decide(const Actor& actor, absl::string_view method, const Target& target);

 private:
  AccessLog& access_;
};

}  // namespace caseledger::services
