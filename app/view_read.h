#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "projections/projection_engine.h"
#include "projections/view.h"

namespace caseledger::app {

// Answers a read of the view `name` once it includes `min_position`, without holding a
// thread: `done` gets what `answer` says of the view then, or DEADLINE_EXCEEDED at
// `deadline`, OUT_OF_RANGE for a position past the log's head, UNAVAILABLE when the view is
// not running.
void ReadView(projections::ProjectionEngine& engine, const std::string& name, uint64_t min_position,
              absl::Time deadline, std::function<absl::Status(const projections::View&)> answer,
              std::function<void(absl::Status)> done);

}  // namespace caseledger::app
