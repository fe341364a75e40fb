#pragma once

#include "absl/status/statusor.h"
#include "caseledger/v1/case_commands.pb.h"
#include "services/case_command_runner.h"
#include "tools/history_generator.h"

namespace caseledger::testing {

// Runs a generated command through the runner and waits for its result.
absl::StatusOr<v1::CommandResult> RunCommand(services::CaseCommandRunner& runner,
                                             const tools::GeneratedCommand& generated);

}  // namespace caseledger::testing
