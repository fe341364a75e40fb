#include "tests/support/run_command.h"

#include "absl/synchronization/notification.h"
#include "app/case_commands.h"

namespace caseledger::testing {

absl::StatusOr<v1::CommandResult> RunAndWait(app::CaseCommandRunner& runner,
                                             app::CaseCommand command, app::Actor actor) {
  absl::Notification done;
  absl::StatusOr<v1::CommandResult> result;
  runner.Run(std::move(command), std::move(actor), [&](absl::StatusOr<v1::CommandResult> r) {
    result = std::move(r);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

absl::StatusOr<v1::CommandResult> RunCommand(app::CaseCommandRunner& runner,
                                             const tools::GeneratedCommand& generated) {
  app::Actor actor;
  actor.id = generated.actor;
  actor.role = generated.role;
  app::CaseCommand command =
      std::visit([](const auto& request) { return app::ToCommand(request); }, generated.request);
  return RunAndWait(runner, std::move(command), std::move(actor));
}

}  // namespace caseledger::testing
