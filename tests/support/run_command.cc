#include "tests/support/run_command.h"

#include "absl/synchronization/notification.h"
#include "domain/case.h"

namespace caseledger::testing {

absl::StatusOr<v1::CommandResult> RunCommand(services::CaseCommandRunner& runner,
                                             const tools::GeneratedCommand& generated) {
  services::CaseCommand command;
  command.header = tools::HeaderOf(generated.request);
  command.method = "test";
  command.decide = [request = generated.request](const v1::CaseState& state,
                                                 const domain::CommandContext& context) {
    return std::visit([&](const auto& r) { return domain::Decide(state, r, context); }, request);
  };
  services::Actor actor;
  actor.id = generated.actor;
  actor.role = generated.role;
  return runner.RunAndWait(std::move(command), std::move(actor));
}

}  // namespace caseledger::testing
