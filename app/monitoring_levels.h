#pragma once

#include <string>

#include "app/worker_command_runner.h"
#include "caseledger/v1/policy.pb.h"
#include "projections/review_schedule.h"

namespace caseledger::app {

// Each worker's monitoring level as their record in `org_id` has it, else `policy`'s default
// (a record of another organisation's worker of the same id is not theirs). `workers` and
// `policy` must outlive the function returned.
projections::LevelOf LevelsOf(WorkerCommandRunner& workers, std::string org_id,
                              const v1::Policy& policy);

}  // namespace caseledger::app
