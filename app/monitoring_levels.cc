#include "app/monitoring_levels.h"

#include "domain/supervision_policy.h"

namespace caseledger::app {

projections::LevelOf LevelsOf(WorkerCommandRunner& workers, const v1::Policy& policy) {
  return [&workers,
          &policy](const std::string& worker_id) -> absl::StatusOr<projections::LevelInForce> {
    auto record = workers.LoadWorker(worker_id);
    if (!record.ok()) return record.status();
    projections::LevelInForce level;
    if ((*record)->state.has_monitoring_level()) {
      level.level = (*record)->state.monitoring_level();
    } else {
      level.level = domain::DefaultMonitoringLevel(policy);
      level.is_default = true;
    }
    return level;
  };
}

}  // namespace caseledger::app
