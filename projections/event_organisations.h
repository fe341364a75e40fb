#pragma once

// The organisation each event of the log belongs to. Some events name it: a case's opening, a
// provider's registration, a work plan's agreement, every event of a worker's record, every
// access record, and a policy by its stream (policy-<org>). Every other event belongs to the
// organisation its stream's opening names.

#include <algorithm>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "caseledger/v1/event_record.pb.h"
#include "eventstore/event_store.h"

namespace caseledger::projections {

// The organisation `record` names itself; nullopt when it names none (a later event of a
// case, a provider or a work plan). DATA_LOSS when a record that names one does not parse.
absl::StatusOr<std::optional<std::string>> OrganisationNamedBy(const v1::EventRecord& record);

// Which organisation each event belongs to: the one it names, else the one its stream's first
// event names; empty when neither names one (no event caseledger writes). What the openings
// of streams name is kept in memory for up to `capacity` streams, learnt from the openings
// met, so an event of a stream met before costs no read, and one of a stream opened before
// the process (or a reader) started costs one read of its stream's first event, once.
// Thread-safe.
class EventOrganisations {
 public:
  // `store` must outlive it.
  explicit EventOrganisations(const eventstore::EventStore& store, size_t capacity = 100000)
      : store_(store), generation_limit_(std::max<size_t>(capacity / 2, 1)) {}

  // The organisation `record` belongs to. DATA_LOSS when the record, or its stream's first
  // event, should name one and does not parse; the store's error when that event can't be
  // read.
  absl::StatusOr<std::string> Of(const v1::EventRecord& record);

 private:
  std::optional<std::string> Remembered(const std::string& stream_id);
  void Remember(const std::string& stream_id, const std::string& org_id);

  const eventstore::EventStore& store_;
  const size_t generation_limit_;
  absl::Mutex mu_;
  // Streams met lately, and before them: when `recent_` is full it becomes `older_`, so the
  // streams not met for a while are forgotten.
  absl::flat_hash_map<std::string, std::string> recent_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::string> older_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::projections
