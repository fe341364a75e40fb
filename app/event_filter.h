#pragma once

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "caseledger/v1/event_record.pb.h"
#include "caseledger/v1/events.pb.h"
#include "eventstore/event_store.h"
#include "projections/event_organisations.h"

namespace caseledger::app {

// Which events a subscriber may have and asked for: only those of their organisation, and
// of those the ones of the types, the case, or the worker a case is assigned to at each event
// that they asked for. For the last it folds each case's assignments, from the case's stream,
// the first time it meets the case. Used by one subscription at a time (not thread-safe).
class EventFilter {
 public:
  // `store` and `organisations` must outlive the filter. Only events of `org_id` pass.
  EventFilter(const eventstore::EventStore& store, projections::EventOrganisations& organisations,
              std::string org_id, const v1::SubscribeRequest& request);

  // Whether `record`, the next event in log order, is wanted. An error when its organisation
  // or the case's earlier events can't be read: the subscriber must then stop, not miss what
  // it asked for.
  absl::StatusOr<bool> Wants(const v1::EventRecord& record);

 private:
  // The worker `record` leaves its case with, after `before`; an error for a corrupt payload.
  static absl::StatusOr<std::string> WorkerAfter(const v1::EventRecord& record,
                                                 const std::string& before);

  const eventstore::EventStore& store_;
  projections::EventOrganisations& organisations_;
  const std::string org_id_;
  const absl::flat_hash_set<std::string> types_;
  const std::string stream_;
  const std::string worker_;
  absl::flat_hash_map<std::string, std::string> workers_;
};

}  // namespace caseledger::app
