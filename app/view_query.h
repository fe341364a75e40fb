#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "app/access_control.h"
#include "projections/projection_engine.h"
#include "projections/view.h"

namespace caseledger::app {

// What a read of a view answers with, from the view as it serves.
using ViewAnswer = std::function<absl::Status(const projections::View&)>;

// Answers a read of the projection `view_name`: admits `actor` to `method` on `target` (a
// refusal is recorded), waits, without holding a thread, until the view has reached
// `min_position` (or `deadline` passes), then finishes `done` with what `answer` says.
void QueryView(const AccessControl& access, projections::ProjectionEngine& engine,
               const Actor& actor, const char* method, Target target, std::string view_name,
               uint64_t min_position, absl::Time deadline, ViewAnswer answer,
               std::function<void(absl::Status)> done);

// As QueryView, for a caller already admitted.
void ReadView(projections::ProjectionEngine& engine, std::string view_name, uint64_t min_position,
              absl::Time deadline, ViewAnswer answer, std::function<void(absl::Status)> done);

}  // namespace caseledger::app
