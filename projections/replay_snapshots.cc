#include "projections/replay_snapshots.h"

#include <utility>

namespace caseledger::projections {

std::shared_ptr<const ReplaySnapshots::Snapshot> ReplaySnapshots::Nearest(
    const std::string& case_id, uint64_t last, absl::Time as_of) {
  const uint64_t erasures = keys_.Erasures();
  absl::MutexLock lock(&mu_);
  if (erasures != erasures_) return nullptr;
  auto it = cases_.find(case_id);
  if (it == cases_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second.in_order);
  const auto& by_revision = it->second.by_revision;
  // The latest record time only grows with the revision: walk down from `last`.
  for (auto at = by_revision.upper_bound(last); at != by_revision.begin();) {
    --at;
    if (at->second->latest_recorded <= as_of) return at->second;
  }
  return nullptr;
}

void ReplaySnapshots::Keep(const std::string& case_id, Snapshot snapshot, uint64_t erasures) {
  const size_t bytes = snapshot.state.size();
  const uint64_t revision = snapshot.revision;
  absl::MutexLock lock(&mu_);
  if (erasures != keys_.Erasures() || erasures < erasures_) return;
  if (erasures > erasures_) {
    DropAll();
    erasures_ = erasures;
  }
  auto [it, added] = cases_.try_emplace(case_id);
  Case& kept = it->second;
  if (added) {
    order_.push_front(case_id);
    kept.in_order = order_.begin();
  } else {
    order_.splice(order_.begin(), order_, kept.in_order);
  }
  auto [at, fresh] = kept.by_revision.try_emplace(revision, nullptr);
  if (!fresh) return;
  at->second = std::make_shared<const Snapshot>(std::move(snapshot));
  kept.bytes += bytes;
  bytes_ += bytes;
  while (bytes_ > capacity_bytes_ && !order_.empty()) Drop(order_.back());
}

void ReplaySnapshots::Drop(const std::string& case_id) {
  auto it = cases_.find(case_id);
  bytes_ -= it->second.bytes;
  order_.erase(it->second.in_order);
  cases_.erase(it);
}

void ReplaySnapshots::DropAll() {
  cases_.clear();
  order_.clear();
  bytes_ = 0;
}

void ReplaySnapshots::Clear() {
  absl::MutexLock lock(&mu_);
  DropAll();
}

size_t ReplaySnapshots::Kept() const {
  absl::MutexLock lock(&mu_);
  size_t kept = 0;
  for (const auto& [id, c] : cases_) kept += c.by_revision.size();
  return kept;
}

}  // namespace caseledger::projections
