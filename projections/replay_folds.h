#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "eventstore/event_store.h"
#include "privacy/subject_keys.h"
#include "projections/projection.h"
#include "projections/replay_snapshots.h"
#include "projections/view.h"

namespace caseledger::projections {

// Whether the replay-folds view keeps a case's fold at `revision`: at every multiple of `every`
// up to 8 * `every`, and beyond, at every multiple of `every` times the largest power of two
// up to revision / (8 * `every`). A long case's folds are then at most an eighth of its revisions
// apart, and hold in all at most 12.5 times the case, where a fold every `every` revisions
// would hold revision / (2 * `every`) times it (the square of the case); and making them costs
// each event a bounded share of a fold, not one that grows with the case.
bool KeepsFoldAt(uint64_t revision, uint64_t every);

// The prefix of the replay-folds view's keys under which a case's folds are stored, one for each
// revision kept (v1::KeptReplayFold).
std::string KeptFoldsPrefix(absl::string_view case_id);

// The replay-folds view: each case's fold (v1::KeptReplayFold) at the revisions KeepsFoldAt
// names, so that ReplayCase folds a long case from the nearest fold at or before
// the revision asked for, not from its first event, the first time it is asked too. Derived
// from the log like every view (rebuilt from it, never written as events). A fold holds the
// case's personal fields opened, so it is sealed under the case's data subject's key: once the
// subject is erased no fold of theirs opens, and a replay folds from the log, where the fields
// read "[erased]". A fold at a revision before any of the subject's data was sealed (the
// subject has no key) holds none, and is stored plain. A fold is made from the one before
// it and the events between, read from the log.
class ReplayFoldsProjection final : public Projection {
 public:
  static constexpr char kName[] = "replay-folds";
  static constexpr uint32_t kVersion = 2;

  // `store` and `keys` must outlive the projection.
  ReplayFoldsProjection(const eventstore::EventStore& store, const privacy::SubjectKeys& keys,
                        uint64_t every)
      : store_(store), keys_(keys), every_(every) {}

  std::string name() const override { return kName; }
  uint32_t version() const override { return kVersion; }
  absl::Status Apply(const v1::EventRecord& record, ViewBatch& view) override;
  absl::Status Flush(ViewBatch& view) override;
  void Discard() override { made_.clear(); }
  // A replay folds from the log what the view does not hold yet (a view first built over a
  // long log, after an upgrade).
  bool required_by_reads() const override { return false; }

 private:
  // The nearest fold of the case before `revision`: one this batch made, else one the view
  // holds. Null when there is none; NOT_FOUND when the subject was erased.
  absl::StatusOr<std::shared_ptr<const ReplaySnapshots::Snapshot>> Before(
      const std::string& case_id, uint64_t revision, const ViewBatch& view) const;

  const eventstore::EventStore& store_;
  const privacy::SubjectKeys& keys_;
  const uint64_t every_;
  // The last fold this batch made of each case, opened, until the batch is committed.
  absl::flat_hash_map<std::string, std::shared_ptr<const ReplaySnapshots::Snapshot>> made_;
};

// The fold the replay-folds `view` holds of `case_id` at the highest revision up to `last`
// whose events were all recorded by `as_of`, opened. Null when there is none, or when the
// case's subject was erased.
absl::StatusOr<std::shared_ptr<const ReplaySnapshots::Snapshot>> KeptFold(
    const View& view, const privacy::SubjectKeys& keys, const std::string& case_id, uint64_t last,
    absl::Time as_of);

}  // namespace caseledger::projections
