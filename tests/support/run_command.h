#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "app/access_control.h"
#include "app/access_log.h"
#include "app/case_command_runner.h"
#include "caseledger/v1/case_commands.pb.h"
#include "eventstore/storage.h"
#include "privacy/subject_keys.h"
#include "tools/history_generator.h"

namespace caseledger::testing {

// A command runner over `storage` that lets everyone do everything: for tests and benchmarks
// of what commands do, not of who may do them.
class OpenRunner {
 public:
  explicit OpenRunner(eventstore::Storage storage)
      : keys_(*privacy::SubjectKeys::Open(storage.keys)),
        access_log_(storage.log),
        access_(allow_all_, access_log_),
        runner_(storage.log, *keys_, access_, SystemClock()) {}

  app::CaseCommandRunner& runner() { return runner_; }
  privacy::SubjectKeys& keys() { return *keys_; }

 private:
  std::unique_ptr<privacy::SubjectKeys> keys_;
  app::AllowAllAuthorizer allow_all_;
  app::AccessLog access_log_;
  app::AccessControl access_;
  app::CaseCommandRunner runner_;
};

// Runs `command` as `actor` and waits for its result.
absl::StatusOr<v1::CommandResult> RunAndWait(app::CaseCommandRunner& runner,
                                             app::CaseCommand command, app::Actor actor);

// Runs a generated command through the runner and waits for its result.
absl::StatusOr<v1::CommandResult> RunCommand(app::CaseCommandRunner& runner,
                                             const tools::GeneratedCommand& generated);

}  // namespace caseledger::testing
