#include "app/monitoring_levels.h"

#include <utility>

#include "domain/supervision_policy.h"

namespace caseledger::app {

projections::LevelOf LevelsOf(WorkerCommandRunner& workers, std::string org_id,
                              const v1::Policy& policy) {
  return [&workers, org_id = std::move(org_id),
          &policy](const std::string& worker_id) -> absl::StatusOr<projections::LevelInForce> {
    auto record = workers.LoadWorker(worker_id);
    if (!record.ok()) return record.status();
    const v1::WorkerState& state = (*record)->state;
    projections::LevelInForce level;
    if (state.has_monitoring_level() && (state.org_id().empty() || state.org_id() == org_id)) {
      level.level = state.monitoring_level();
    } else {
      level.level = domain::DefaultMonitoringLevel(policy);
      level.is_default = true;
    }
    return level;
  };
}

}  // namespace caseledger::app
