#pragma once

#include <atomic>
#include <cstdint>

#include "app/access_control.h"
#include "app/authenticator.h"
#include "caseledger/v1/events.grpc.pb.h"
#include "eventstore/event_store.h"
#include "projections/event_organisations.h"
#include "relay/replication_node.h"

namespace caseledger::services {

// Events.Subscribe's clients: how many are following the log now, and how many have been cut
// off for reading too slowly since the start.
struct SubscriberCounts {
  std::atomic<int64_t> live{0};
  std::atomic<uint64_t> cut_off{0};
};

// The Events gRPC service: live subscriptions to the log, and the relay's lag.
class EventsService final : public v1::Events::CallbackService {
 public:
  // `relay` may be null (no broker). `organisations` tells subscribers' events apart by
  // organisation: each subscriber is sent only its own's. `buffer_limit`: events queued for a
  // subscriber; `stall`: how long a subscriber may leave a full queue unread before it is cut
  // off. All must outlive the service.
  EventsService(const app::Authenticator& authenticator, const app::AccessControl& access,
                const eventstore::EventStore& store, projections::EventOrganisations& organisations,
                const relay::ReplicationNode* relay, size_t buffer_limit, absl::Duration stall)
      : authenticator_(authenticator),
        access_(access),
        store_(store),
        organisations_(organisations),
        relay_(relay),
        buffer_limit_(buffer_limit),
        stall_(stall) {}

  grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* context, const v1::SubscribeRequest* request) override;
  grpc::ServerUnaryReactor* RelayStatus(grpc::CallbackServerContext* context,
                                        const v1::RelayStatusRequest* request,
                                        v1::RelayStatusResponse* response) override;

  const SubscriberCounts& subscribers() const { return subscribers_; }

 private:
  // What RelayStatus answers.
  void Report(v1::RelayStatusResponse& response) const;

  const app::Authenticator& authenticator_;
  const app::AccessControl& access_;
  const eventstore::EventStore& store_;
  projections::EventOrganisations& organisations_;
  const relay::ReplicationNode* relay_;
  const size_t buffer_limit_;
  const absl::Duration stall_;
  SubscriberCounts subscribers_;
};

}  // namespace caseledger::services
