#pragma once

#include <list>
#include <map>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "caseledger/v1/case_state.pb.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "caseledger/v1/views.pb.h"
#include "eventstore/event_store.h"
#include "projections/event_organisations.h"
#include "projections/projection.h"

namespace caseledger::projections {

// The caseload view: a summary of every case, open cases in the caseload's order by
// organisation, team and worker, the open deadlines by due time of each organisation, team and
// worker (the diary, with its action plans apart and counts per hour and per day), every event by
// actor (the audit trail), escalations awaiting acknowledgement by whom they reach (inboxes), file
// reviews by worker, and the attention list's order, judged by each organisation's policy (an
// organisation's whole order judged again when its policy changes); the audit trail and the file
// reviews under the organisation they belong to. Cases are folded with domain::Evolve in memory, up
// to `capacity` of them; an open case that leaves memory keeps its fold in the view
// (view_keys::CaseFold), and a case not in memory is folded again from that fold, or its stream's
// start, up to the event at hand. The view also counts the events it applied (key kAppliedKey),
// which equals the log position it has reached when each was applied once.
class CaseloadProjection final : public Projection {
 public:
  static constexpr char kName[] = "caseload";
  static constexpr uint32_t kVersion = 10;
  static constexpr char kAppliedKey[] = "m/applied";

  // `store` must outlive the projection. `capacity`: cases kept folded in memory.
  explicit CaseloadProjection(const eventstore::EventStore& store, size_t capacity = 100000)
      : store_(store), capacity_(capacity), organisations_(store, capacity) {}

  std::string name() const override { return kName; }
  uint32_t version() const override { return kVersion; }
  absl::Status Apply(const v1::EventRecord& record, ViewBatch& view) override;
  absl::Status Flush(ViewBatch& view) override;
  void Discard() override;

 private:
  struct Cached {
    v1::CaseState state;
    std::optional<v1::CaseSummary> written;  // what the view holds for the case
    bool dirty = false;
    bool fold_stored = false;  // the view holds a fold of the case (view_keys::CaseFold)
    std::list<std::string>::iterator recent;
  };
  absl::StatusOr<Cached*> Load(const v1::EventRecord& record, const ViewBatch& view);
  absl::Status WriteSummary(const Cached& cached, const v1::CaseSummary& summary, ViewBatch& view);
  // Writes each count this batch moved: of a caseload order prefix, or of a diary's hour.
  absl::Status WriteCounts(ViewBatch& view);
  // The organisation's policy the view's attention order was judged by: the last set that the
  // view holds, else the built-in default.
  absl::StatusOr<const v1::PolicyVersion*> JudgedPolicy(const std::string& org_id,
                                                        const ViewBatch& view);
  // The policy the organisation's attention entries are judged by at the end of this batch.
  absl::StatusOr<const v1::PolicyVersion*> PolicyNow(const std::string& org_id,
                                                     const ViewBatch& view);
  absl::Status ApplyPolicy(const v1::EventRecord& record, const std::string& org_id,
                           const ViewBatch& view);
  // Moves keys-only entries from `before` to `after` (each by key, with the key of the count
  // it adds one to): deletes those gone, puts those new, and moves their counts.
  void WriteCountedEntries(const std::map<std::string, std::string>& before,
                           const std::map<std::string, std::string>& after, ViewBatch& view);
  // Judges again, by the policies this batch set, the attention entries of the open cases
  // this batch did not change (those it changed were judged as they were written).
  absl::Status JudgeAgain(ViewBatch& view);
  // Writes the worker review index entries of the reviews this batch recorded or changed.
  void WriteReviews(ViewBatch& view);

  const eventstore::EventStore& store_;
  const size_t capacity_;
  EventOrganisations organisations_;
  // Events applied since position 1, kept in the view: a check that none was applied twice.
  std::optional<uint64_t> applied_;
  absl::flat_hash_map<std::string, Cached> cases_;
  std::list<std::string> recent_;  // most recently used first
  std::vector<std::string> dirty_;
  // How this batch moved each count, by the count's key.
  std::map<std::string, int64_t> counts_moved_;
  // Each organisation's policy as the view holds it, and as this batch set it.
  absl::flat_hash_map<std::string, v1::PolicyVersion> judged_policies_;
  std::map<std::string, v1::PolicyVersion> policies_set_;
  // (case id, review id) of the file reviews this batch recorded or changed.
  std::vector<std::pair<std::string, std::string>> dirty_reviews_;
};

}  // namespace caseledger::projections
