#pragma once

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "caseledger/v1/event_record.pb.h"
#include "caseledger/v1/events.pb.h"
#include "eventstore/event_store.h"

namespace caseledger::app {

// Which events a subscriber asked for: by type, by case, by the worker a case is assigned to
// at each event. For the last it folds each case's assignments, from the case's stream, the
// first time it meets the case. Used by one subscription at a time (not thread-safe).
class EventFilter {
 public:
  // `store` must outlive the filter.
  EventFilter(const eventstore::EventStore& store, const v1::SubscribeRequest& request);

  // Whether every event is wanted, so none need be read to choose.
  bool WantsAll() const { return types_.empty() && stream_.empty() && worker_.empty(); }

  // Whether `record`, the next event in log order, is wanted. An error when the case's
  // earlier events can't be read: the subscriber must then stop, not miss what it asked for.
  absl::StatusOr<bool> Wants(const v1::EventRecord& record);

 private:
  // The worker `record` leaves its case with, after `before`; an error for a corrupt payload.
  static absl::StatusOr<std::string> WorkerAfter(const v1::EventRecord& record,
                                                 const std::string& before);

  const eventstore::EventStore& store_;
  const absl::flat_hash_set<std::string> types_;
  const std::string stream_;
  const std::string worker_;
  absl::flat_hash_map<std::string, std::string> workers_;
};

}  // namespace caseledger::app
