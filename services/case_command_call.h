#pragma once

// What a gRPC method of a case command does: authenticates the caller, then hands the request
// to the runner as the command app::ToCommand makes of it.

#include "absl/time/clock.h"
#include "app/authenticator.h"
#include "app/case_command_runner.h"
#include "app/case_commands.h"
#include "app/inspection_commands.h"
#include "base/status_macros.h"
#include "services/grpc_call.h"

namespace caseledger::services {

template <typename Request>
grpc::ServerUnaryReactor* AnswerCaseCommand(grpc::CallbackServerContext* context,
                                            const app::Authenticator& authenticator,
                                            app::CaseCommandRunner& runner, const Request& request,
                                            v1::CommandResult* result) {
  const absl::Time received = absl::Now();
  return Answer(context, authenticator, [&](const app::Actor& actor, auto done) {
    app::CaseCommand command = app::ToCommand(request);
    command.received = received;
    runner.Run(std::move(command), actor,
               [result, done = std::move(done)](absl::StatusOr<v1::CommandResult> outcome) {
                 done(MoveValueTo(std::move(outcome), *result));
               });
  });
}

}  // namespace caseledger::services
