#pragma once

#include <vector>

#include "absl/time/time.h"
#include "caseledger/v1/policy.pb.h"
#include "caseledger/v1/programme.pb.h"
#include "caseledger/v1/workplan.pb.h"
#include "caseledger/v1/workplans.pb.h"

namespace caseledger::projections {

// A work plan against what was done: each planned inspection is done once the inspector
// made a visit to its provider in the plan's period (`visits`: the inspector's visits in the
// period, planned or made, by time; each made visit counts once); made visits no inspection
// planned are unplanned work. Over-committed when the planned effort and the unplanned work
// exceed the capacity. Each objective's latest progress, overdue when past its date and not
// achieved at `now`.
v1::WorkPlanView WorkPlanViewOf(const v1::WorkPlanState& state,
                                const std::vector<v1::VisitMark>& visits, const v1::Policy& policy,
                                absl::Time now);

}  // namespace caseledger::projections
