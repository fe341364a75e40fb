#pragma once

#include "app/worker_command_runner.h"
#include "caseledger/v1/policy.pb.h"
#include "projections/review_schedule.h"

namespace caseledger::app {

// Each worker's monitoring level as their record has it, else `policy`'s default. Both must
// outlive the function returned.
projections::LevelOf LevelsOf(WorkerCommandRunner& workers, const v1::Policy& policy);

}  // namespace caseledger::app
