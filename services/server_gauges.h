#pragma once

#include <vector>

#include "app/application.h"
#include "prometheus/collectable.h"
#include "relay/replication_node.h"
#include "services/events_service.h"

namespace caseledger::services {

// The running server's gauges, read from what they describe at each scrape: the log's head,
// each projection's position, lag and rebuild, the relay's acknowledged position and lag,
// subscribers, access records and erasures, and the storage engine's own figures.
class ServerGauges final : public prometheus::Collectable {
 public:
  // `relay` may be null (no broker). Everything must outlive this.
  ServerGauges(app::Application& app, const relay::ReplicationNode* relay,
               const SubscriberCounts& subscribers)
      : app_(app), relay_(relay), subscribers_(subscribers) {}

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  app::Application& app_;
  const relay::ReplicationNode* relay_;
  const SubscriberCounts& subscribers_;
};

}  // namespace caseledger::services
