#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "caseledger/v1/case_state.pb.h"
#include "caseledger/v1/event_record.pb.h"
#include "eventstore/checkpoints.h"
#include "eventstore/view_store.h"

namespace caseledger::projections {

// The cases as a reader in another process folds them from the relayed stream (caseledger
// consume): each case folded with domain::Evolve as its events arrive, kept in a view of its
// own together with the position of the last event folded. Events arrive in log order, so a
// case's next event is at its revision + 1: one at or below is a redelivery and is skipped,
// one above means events were missed and is refused. Not thread-safe.
class CaseFolds {
 public:
  static constexpr char kView[] = "consumer/cases";

  // The folds in `views`, which must outlive them.
  static absl::StatusOr<std::unique_ptr<CaseFolds>> Open(eventstore::ViewStore& views,
                                                         eventstore::Checkpoints& checkpoints);

  // Folds `record` into its case and stores the fold with the record's position. True when
  // folded; false for an event folded before or not a case's. DATA_LOSS for a payload that
  // does not parse, FAILED_PRECONDITION for an event after a gap, or the store's error:
  // then nothing was stored, and the record must not be acknowledged.
  absl::StatusOr<bool> Apply(const v1::EventRecord& record);

  // Puts every fold stored so far on disk: before acknowledging them to the stream.
  absl::Status Sync() { return views_.Sync(); }

  // The log position of the last event folded; 0 before any.
  absl::StatusOr<uint64_t> Position() const;

  // Every case folded, in id order.
  absl::StatusOr<std::vector<v1::CaseState>> All() const;

 private:
  CaseFolds(eventstore::ViewStore& views, eventstore::Checkpoints& checkpoints,
            std::shared_ptr<const eventstore::Table> table)
      : views_(views), checkpoints_(checkpoints), table_(std::move(table)) {}

  eventstore::ViewStore& views_;
  eventstore::Checkpoints& checkpoints_;
  std::shared_ptr<const eventstore::Table> table_;
};

}  // namespace caseledger::projections
