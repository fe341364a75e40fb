#pragma once

// An organisation in memory for tests of the supervision views: the store, case and worker
// commands that anyone may make, a clock the test moves, and the caseload and team report
// projections kept up to date with the log.

#include <memory>
#include <string>

#include "absl/synchronization/notification.h"
#include "app/access_control.h"
#include "app/access_log.h"
#include "app/case_command_runner.h"
#include "app/case_commands.h"
#include "app/worker_command_runner.h"
#include "app/worker_commands.h"
#include "base/clock.h"
#include "eventstore/memory_store.h"
#include "privacy/subject_keys.h"
#include "projections/caseload_projection.h"
#include "projections/projection_engine.h"
#include "projections/team_report_projection.h"

namespace caseledger::testing {

class SupervisionWorld {
 public:
  explicit SupervisionWorld(absl::Time start)
      : clock_(start),
        store_(clock_),
        keys_(*privacy::SubjectKeys::Open(store_.storage().keys)),
        access_log_(store_),
        access_(allow_all_, access_log_),
        cases_(store_, *keys_, access_, clock_),
        workers_(store_, *keys_, access_, clock_,
                 [](const std::string&, const std::string&,
                    std::function<void(absl::StatusOr<std::string>)> done) { done("north"); }),
        engine_(store_, store_.storage().views, store_.storage().checkpoints, EngineOptions()) {
    (void)engine_.Add(std::make_unique<projections::CaseloadProjection>(store_));
    (void)engine_.Add(std::make_unique<projections::TeamReportProjection>());
  }

  ManualClock& clock() { return clock_; }
  eventstore::MemoryStore& store() { return store_; }

  // Runs a case command as `actor` in `role` now, and waits for it.
  template <typename Request>
  absl::StatusOr<v1::CommandResult> Case(const Request& request, const std::string& actor,
                                         const std::string& role = "caseworker") {
    return Wait<v1::CommandResult>([&](auto done) {
      cases_.Run(app::ToCommand(request), ActorOf(actor, role), std::move(done));
    });
  }

  // Runs a command on a worker's record as `actor` in `role` now, and waits for it.
  template <typename Request>
  absl::StatusOr<v1::WorkerCommandResult> Worker(const Request& request, const std::string& actor,
                                                 const std::string& role = "supervisor") {
    return Wait<v1::WorkerCommandResult>([&](auto done) {
      workers_.Run(app::ToCommand(request), ActorOf(actor, role), std::move(done));
    });
  }

  app::WorkerCommandRunner& workers() { return workers_; }

  // The view `name` once it has applied every event in the log.
  std::shared_ptr<const projections::View> View(const std::string& name) {
    engine_.WaitForPosition(name, store_.Head().position, absl::Now() + absl::Seconds(30));
    return engine_.Serving(name);
  }

 private:
  static projections::EngineOptions EngineOptions() {
    projections::EngineOptions options;
    return options;
  }

  static app::Actor ActorOf(const std::string& id, const std::string& role) {
    app::Actor actor;
    actor.id = id;
    actor.role = role;
    actor.team_id = "north";
    return actor;
  }

  template <typename Result, typename Start>
  static absl::StatusOr<Result> Wait(Start start) {
    absl::Notification done;
    absl::StatusOr<Result> result;
    start([&](absl::StatusOr<Result> r) {
      result = std::move(r);
      done.Notify();
    });
    done.WaitForNotification();
    return result;
  }

  ManualClock clock_;
  eventstore::MemoryStore store_;
  std::unique_ptr<privacy::SubjectKeys> keys_;
  app::AllowAllAuthorizer allow_all_;
  app::AccessLog access_log_;
  app::AccessControl access_;
  app::CaseCommandRunner cases_;
  app::WorkerCommandRunner workers_;
  projections::ProjectionEngine engine_;
};

}  // namespace caseledger::testing
