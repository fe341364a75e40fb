#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "app/access_control.h"
#include "app/case_command_runner.h"

namespace caseledger::app {

// Admits `actor` to `method` on one case, as every read of a case is admitted: checks that
// `case_id` is an id (INVALID_ARGUMENT naming case_id), only then loads the case, and asks
// access control about the case as it stands (a refusal is recorded). `done` gets the case
// (revision 0 when it does not exist) or the error, once.
void AdmitToCase(const AccessControl& access, CaseCommandRunner& runner, const Actor& actor,
                 absl::string_view method, const std::string& case_id,
                 std::function<void(absl::StatusOr<std::shared_ptr<const FoldedCase>>)> done);

}  // namespace caseledger::app
