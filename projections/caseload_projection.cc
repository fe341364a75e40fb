#include "projections/caseload_projection.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "caseledger/v1/caseload.pb.h"
#include "domain/case.h"
#include "domain/policy.h"
#include "eventstore/keys.h"
#include "projections/attention_index.h"
#include "projections/diary.h"
#include "projections/hour_counts.h"
#include "projections/summary.h"
#include "projections/supervision_index.h"
#include "projections/view_keys.h"

namespace caseledger::projections {
namespace {

constexpr absl::string_view kCaseStreamPrefix = "case-";
constexpr absl::string_view kPolicyStreamPrefix = "policy-";

// The file review an event records, if it records one.
std::string ReviewTouched(const v1::CaseEvent& event) {
  return event.has_file_review_recorded() ? event.file_review_recorded().review_id() : "";
}

// The review that asked for `action_id`.
std::string ReviewOfAction(const v1::CaseState& state, const std::string& action_id) {
  for (const v1::FileReview& review : state.file_reviews()) {
    for (const v1::ReviewAction& action : review.actions()) {
      if (action.action_id() == action_id) return review.review_id();
    }
  }
  return "";
}

absl::StatusOr<v1::CaseEvent> ParseCaseEvent(const v1::EventRecord& record) {
  v1::CaseEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(
        absl::StrCat("the event at position ", record.position(), " is not a case event"));
  }
  return event;
}

// Folds into `state` the `count` events of `stream_id` from revision `from` on.
absl::Status FoldEvents(const eventstore::EventStore& store, const std::string& stream_id,
                        uint64_t from, uint64_t count, v1::CaseState& state) {
  if (count == 0) return absl::OkStatus();
  absl::Status folded;
  auto visited = store.VisitStream(stream_id, from, count, [&](v1::EventRecord& record) {
    absl::StatusOr<v1::CaseEvent> event = ParseCaseEvent(record);
    if (!event.ok()) {
      folded = event.status();
      return false;
    }
    domain::Evolve(state, *std::move(event));
    return true;
  });
  if (!visited.ok()) return visited.status();
  return folded;
}

}  // namespace

absl::StatusOr<CaseloadProjection::Cached*> CaseloadProjection::Load(const v1::EventRecord& record,
                                                                     const ViewBatch& view) {
  const std::string case_id = record.stream_id().substr(kCaseStreamPrefix.size());
  if (auto it = cases_.find(case_id); it != cases_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second.recent);
    return &it->second;
  }
  Cached cached;
  // Fold what came before this event: from the fold stored when the case last left memory,
  // if any, then the events after it; and take what the view holds for the case.
  if (record.stream_revision() > 1) {
    auto stored_fold = view.GetCommitted(view_keys::CaseFold(case_id));
    if (!stored_fold.ok()) return stored_fold.status();
    cached.fold_stored = stored_fold->has_value();
    if (cached.fold_stored && !cached.state.ParseFromString(**stored_fold)) {
      return absl::DataLossError(absl::StrCat("the stored fold of case ", case_id, " is corrupt"));
    }
    if (cached.state.revision() >= record.stream_revision()) {
      return absl::DataLossError(absl::StrCat(
          "the stored fold of case ", case_id, " is at revision ", cached.state.revision(),
          ", not before its event at ", record.stream_revision()));
    }
    const uint64_t from = cached.state.revision() + 1;
    if (absl::Status s = FoldEvents(store_, record.stream_id(), from,
                                    record.stream_revision() - from, cached.state);
        !s.ok()) {
      return s;
    }
    if (cached.state.revision() + 1 != record.stream_revision()) {
      return absl::DataLossError(absl::StrCat("case ", case_id, " folds to revision ",
                                              cached.state.revision(), " before its event at ",
                                              record.stream_revision()));
    }
    auto stored = view.GetCommitted(view_keys::Case(case_id));
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) {
      cached.written.emplace();
      if (!cached.written->ParseFromString(**stored)) {
        return absl::DataLossError(absl::StrCat("the summary of case ", case_id, " is corrupt"));
      }
    }
  }
  recent_.push_front(case_id);
  cached.recent = recent_.begin();
  return &cases_.emplace(case_id, std::move(cached)).first->second;
}

absl::StatusOr<const v1::PolicyVersion*> CaseloadProjection::JudgedPolicy(const std::string& org_id,
                                                                          const ViewBatch& view) {
  if (auto it = judged_policies_.find(org_id); it != judged_policies_.end()) return &it->second;
  auto stored = view.GetCommitted(view_keys::AttentionPolicy(org_id));
  if (!stored.ok()) return stored.status();
  v1::PolicyVersion version = domain::DefaultPolicyVersion(org_id);
  if (stored->has_value() && !version.ParseFromString(**stored)) {
    return absl::DataLossError(
        absl::StrCat("the policy of ", org_id, " in the caseload view is corrupt"));
  }
  return &judged_policies_.emplace(org_id, std::move(version)).first->second;
}

absl::StatusOr<const v1::PolicyVersion*> CaseloadProjection::PolicyNow(const std::string& org_id,
                                                                       const ViewBatch& view) {
  if (auto it = policies_set_.find(org_id); it != policies_set_.end()) return &it->second;
  return JudgedPolicy(org_id, view);
}

absl::Status CaseloadProjection::ApplyPolicy(const v1::EventRecord& record,
                                             const std::string& org_id, const ViewBatch& view) {
  v1::PolicyEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(
        absl::StrCat("the event at position ", record.position(), " is not a policy event"));
  }
  auto now = PolicyNow(org_id, view);
  if (!now.ok()) return now.status();
  v1::PolicyVersion next = **now;
  domain::EvolvePolicy(next, event);
  policies_set_[org_id] = std::move(next);
  return absl::OkStatus();
}

absl::Status CaseloadProjection::Apply(const v1::EventRecord& record, ViewBatch& view) {
  if (!applied_.has_value()) {
    auto stored = view.GetCommitted(kAppliedKey);
    if (!stored.ok()) return stored.status();
    applied_ = stored->has_value() ? eventstore::keys::DecodePosition(**stored) : 0;
  }
  ++*applied_;
  if (!absl::StartsWith(record.stream_id(), kCaseStreamPrefix)) {
    // The trail holds positions only; the record itself says the rest.
    absl::StatusOr<std::string> org_id = organisations_.Of(record);
    if (!org_id.ok()) return org_id.status();
    view.Put(view_keys::ActorEvent(*org_id, record.metadata().actor(), record.position()), "");
    if (absl::StartsWith(record.stream_id(), kPolicyStreamPrefix)) {
      return ApplyPolicy(record, *org_id, view);
    }
    return absl::OkStatus();
  }
  auto event = ParseCaseEvent(record);
  if (!event.ok()) return event.status();
  auto cached = Load(record, view);
  if (!cached.ok()) return cached.status();
  v1::CaseState& state = (*cached)->state;
  const std::string review_id = ReviewTouched(*event);
  const std::string action_id =
      event->has_review_action_completed() ? event->review_action_completed().action_id() : "";
  domain::Evolve(state, *std::move(event));
  // A case's organisation is the one its opening names, which its fold holds.
  view.Put(view_keys::ActorEvent(state.org_id(), record.metadata().actor(), record.position()), "");
  if (!review_id.empty() || !action_id.empty()) {
    dirty_reviews_.emplace_back(record.stream_id().substr(kCaseStreamPrefix.size()),
                                review_id.empty() ? ReviewOfAction(state, action_id) : review_id);
  }
  if (!(*cached)->dirty) {
    (*cached)->dirty = true;
    dirty_.push_back(record.stream_id().substr(kCaseStreamPrefix.size()));
  }
  return absl::OkStatus();
}

namespace {

// The caseload order entries a summary puts the case under while open, by key, each with the
// key of its prefix's count: its organisation's, and its team's and worker's when it has them.
std::map<std::string, std::string> PlacementOf(const v1::CaseSummary& s) {
  std::map<std::string, std::string> entries;
  if (!IsOpen(s.status())) return entries;
  const CaseloadPlace place = PlaceOf(s);
  auto add = [&](absl::string_view team_id, absl::string_view worker_id) {
    const std::string prefix = view_keys::CaseloadPrefix(s.org_id(), team_id, worker_id);
    entries.emplace(
        view_keys::CaseloadEntry(prefix, place.rank, place.deadline_seconds, s.case_id()),
        view_keys::CaseloadCount(prefix));
  };
  add("", "");
  if (!s.team_id().empty()) add(s.team_id(), "");
  if (!s.worker_id().empty()) add("", s.worker_id());
  return entries;
}

}  // namespace

// Writes the summary, and changes only the index and diary entries that moved: most
// events change nothing but the summary.
absl::Status CaseloadProjection::WriteSummary(const Cached& cached, const v1::CaseSummary& summary,
                                              ViewBatch& view) {
  static const v1::CaseSummary* const none = new v1::CaseSummary();
  const v1::CaseSummary& old = cached.written.has_value() ? *cached.written : *none;
  view.Put(view_keys::Case(summary.case_id()), summary.SerializeAsString());

  WriteCountedEntries(PlacementOf(old), PlacementOf(summary), view);
  for (const bool action_plans : {false, true}) {
    const auto before = DiaryOf(old, action_plans), after = DiaryOf(summary, action_plans);
    for (const auto& [key, entry] : before) {
      if (after.count(key) == 0) --counts_moved_[DiaryHourCountOf(key, entry)];
    }
    for (const auto& [key, entry] : after) {
      if (before.count(key) == 0) ++counts_moved_[DiaryHourCountOf(key, entry)];
    }
    WriteChangedEntries(before, after, view);
  }
  WriteChangedEntries(InboxOf(old), InboxOf(summary), view);
  absl::StatusOr<const v1::PolicyVersion*> before = JudgedPolicy(summary.org_id(), view);
  if (!before.ok()) return before.status();
  absl::StatusOr<const v1::PolicyVersion*> after = PolicyNow(summary.org_id(), view);
  if (!after.ok()) return after.status();
  WriteCountedEntries(AttentionEntriesOf(old, (*before)->policy()),
                      AttentionEntriesOf(summary, (*after)->policy()), view);
  return absl::OkStatus();
}

void CaseloadProjection::WriteCountedEntries(const std::map<std::string, std::string>& before,
                                             const std::map<std::string, std::string>& after,
                                             ViewBatch& view) {
  for (const auto& [key, count] : before) {
    if (after.count(key) != 0) continue;
    view.Delete(key);
    --counts_moved_[count];
  }
  for (const auto& [key, count] : after) {
    if (before.count(key) != 0) continue;
    view.Put(key, "");
    ++counts_moved_[count];
  }
}

absl::Status CaseloadProjection::JudgeAgain(ViewBatch& view) {
  for (auto& [org_id, policy] : policies_set_) {
    absl::StatusOr<const v1::PolicyVersion*> judged = JudgedPolicy(org_id, view);
    if (!judged.ok()) return judged.status();
    // Each open case of the organisation, as the view held it, unless this batch wrote it.
    const std::string prefix = view_keys::CaseloadPrefix(org_id, "", "");
    std::vector<std::string> keys;
    absl::Status scanned =
        view.ScanCommitted(prefix, [&](absl::string_view key, absl::string_view) {
          const std::string case_id(key.substr(prefix.size() + view_keys::kCaseloadPlaceBytes));
          auto it = cases_.find(case_id);
          if (it == cases_.end() || !it->second.dirty) keys.push_back(view_keys::Case(case_id));
          return true;
        });
    if (!scanned.ok()) return scanned;
    for (const std::string& key : keys) {
      auto stored = view.GetCommitted(key);
      if (!stored.ok()) return stored.status();
      v1::CaseSummary summary;
      if (!stored->has_value() || !summary.ParseFromString(**stored)) {
        return absl::DataLossError(
            absl::StrCat("the caseload view's summary ", key, " is missing or corrupt"));
      }
      WriteCountedEntries(AttentionEntriesOf(summary, (*judged)->policy()),
                          AttentionEntriesOf(summary, policy.policy()), view);
    }
    view.Put(view_keys::AttentionPolicy(org_id), policy.SerializeAsString());
    judged_policies_[org_id] = std::move(policy);
  }
  policies_set_.clear();
  return absl::OkStatus();
}

absl::Status CaseloadProjection::Flush(ViewBatch& view) {
  if (applied_.has_value()) view.Put(kAppliedKey, eventstore::keys::Position(*applied_));
  for (const std::string& id : dirty_) {
    Cached& cached = cases_.at(id);
    v1::CaseSummary summary = Summarize(cached.state);
    if (absl::Status s = WriteSummary(cached, summary, view); !s.ok()) return s;
    cached.written = std::move(summary);
    // A closed case's fold goes; it is not kept for cases that are not open.
    if (cached.fold_stored && !IsOpen(cached.state.status())) {
      view.Delete(view_keys::CaseFold(id));
      cached.fold_stored = false;
    }
  }
  // Then the cases this batch did not change, while those it did are still marked.
  if (absl::Status s = JudgeAgain(view); !s.ok()) return s;
  for (const std::string& id : dirty_) cases_.at(id).dirty = false;
  dirty_.clear();
  if (absl::Status s = WriteCounts(view); !s.ok()) return s;
  WriteReviews(view);
  // The cases that leave memory keep their fold in the view while open, to be read back.
  while (cases_.size() > capacity_) {
    auto it = cases_.find(recent_.back());
    if (IsOpen(it->second.state.status())) {
      view.Put(view_keys::CaseFold(it->first), it->second.state.SerializeAsString());
    }
    cases_.erase(it);
    recent_.pop_back();
  }
  return absl::OkStatus();
}

absl::Status CaseloadProjection::WriteCounts(ViewBatch& view) {
  // An hour's count moves its day's by as much.
  std::vector<std::pair<std::string, int64_t>> days;
  for (const auto& [key, moved] : counts_moved_) {
    if (std::optional<std::string> day = DayCountOf(key)) days.emplace_back(*day, moved);
  }
  for (auto& [day, moved] : days) counts_moved_[std::move(day)] += moved;
  for (const auto& [key, moved] : counts_moved_) {
    if (moved == 0) continue;
    auto stored = view.GetCommitted(key);
    if (!stored.ok()) return stored.status();
    const uint64_t count = stored->has_value() ? eventstore::keys::DecodePosition(**stored) : 0;
    // A count back to none goes, so the view is the same however its events were batched.
    if (static_cast<int64_t>(count) + moved == 0) {
      view.Delete(key);
    } else {
      view.Put(key, eventstore::keys::Position(static_cast<uint64_t>(count + moved)));
    }
  }
  counts_moved_.clear();
  return absl::OkStatus();
}

void CaseloadProjection::WriteReviews(ViewBatch& view) {
  for (const auto& [case_id, review_id] : dirty_reviews_) {
    const v1::CaseState& state = cases_.at(case_id).state;
    for (const v1::FileReview& review : state.file_reviews()) {
      if (review.review_id() != review_id) continue;
      if (auto entry = WorkerReviewOf(state, review)) {
        view.Put(entry->first, entry->second.SerializeAsString());
      }
    }
  }
  dirty_reviews_.clear();
}

void CaseloadProjection::Discard() {
  judged_policies_.clear();
  policies_set_.clear();
  dirty_reviews_.clear();
  counts_moved_.clear();
  applied_.reset();
  cases_.clear();
  recent_.clear();
  dirty_.clear();
}

}  // namespace caseledger::projections
