#pragma once

// Who may do what: the one table of roles and methods, and the authorizer that enforces it.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "app/authorizer.h"

namespace caseledger::app {

// How far a role reaches with a method.
enum class Reach {
  kNone,  // not at all
  kOwn,   // cases they opened or are assigned; lists and trails of their own work
  kTeam,  // as kOwn, and their team's cases and lists
  kOrg,   // everything in their organisation
};

struct Permission {
  const char* method;  // one of methods.h
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

// Where the table and the API disagree, a line each: a method of a caseledger.v1 service (as
// its generated descriptors say) with no row, a row that names no method, a method with two
// rows. Empty when every method has exactly one row.
std::vector<std::string> RoleTableProblems();

// Enforces Permissions(). Every case is within its organisation only. A refusal is
// PERMISSION_DENIED saying why; a method the table does not name is INTERNAL (a mistake in
// caseledger, not the caller's).
class RoleAuthorizer final : public Authorizer {
 public:
  absl::Status Authorize(const Actor& actor, absl::string_view method,
                         const Target& target) const override;
};

}  // namespace caseledger::app
