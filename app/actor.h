#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace caseledger::app {

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

}  // namespace caseledger::app
