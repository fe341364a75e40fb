#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "app/access_control.h"
#include "app/stream_command_runner.h"
#include "base/clock.h"
#include "caseledger/v1/workplan.pb.h"
#include "caseledger/v1/workplans.pb.h"
#include "projections/projection_engine.h"

namespace caseledger::app {

using WorkPlanRunner = StreamCommandRunner<v1::WorkPlanState, v1::WorkPlanEvent>;

// Inspectors' work plans (stream workplan-<inspector>/<period>): agreeing a plan or its
// revision, progress against its objectives and its reviews; and the plan against what was
// done, read with the programme view's visits. Whose a plan is: its inspector's, in the team
// it names. For every call: the request and the response must live until `done` runs, once,
// on any thread. Thread-safe.
class WorkPlans {
 public:
  using Done = std::function<void(absl::Status)>;

  WorkPlans(eventstore::EventStore& store, const AccessControl& access,
            projections::ProjectionEngine& engine, const Clock& clock, PolicyLoader policies);

  void AgreeWorkPlan(const Actor& actor, const v1::AgreeWorkPlanRequest& request,
                     v1::WorkPlanResult* result, Done done);
  void RecordObjectiveProgress(const Actor& actor,
                               const v1::RecordObjectiveProgressRequest& request,
                               v1::WorkPlanResult* result, Done done);
  void ReviewWorkPlan(const Actor& actor, const v1::ReviewWorkPlanRequest& request,
                      v1::WorkPlanResult* result, Done done);
  void GetWorkPlan(const Actor& actor, const v1::GetWorkPlanRequest& request, absl::Time deadline,
                   v1::WorkPlanView* response, Done done);

 private:
  template <typename Request>
  void Run(const Actor& actor, Request request, const char* method, std::optional<Target> when_new,
           v1::WorkPlanResult* result, Done done);

  const AccessControl& access_;
  projections::ProjectionEngine& engine_;
  const Clock& clock_;
  const PolicyLoader policies_;
  WorkPlanRunner runner_;
};

}  // namespace caseledger::app
