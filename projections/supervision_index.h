#pragma once

// What the caseload view indexes for supervision: each addressee's inbox of escalations not
// yet acknowledged, and each worker's file reviews.

#include <map>
#include <string>
#include <utility>

#include "caseledger/v1/case_state.pb.h"
#include "caseledger/v1/supervision.pb.h"
#include "caseledger/v1/views.pb.h"
#include "projections/projection.h"

namespace caseledger::projections {

// The inbox entries a summary puts in the view: one per addressee still to acknowledge, under
// the person it names or the role it names in the case's team. None for an archived case or
// an erased subject's, where nothing more can be recorded.
std::map<std::string, v1::InboxItem> InboxOf(const v1::CaseSummary& summary);

// A file review of `state` as the worker's review index keeps it, with its key; nullopt for
// a review of a case that had no worker.
std::optional<std::pair<std::string, v1::WorkerReview>> WorkerReviewOf(
    const v1::CaseState& state, const v1::FileReview& review);

// Writes to `view` what changed from `before` to `after` (two sets of entries by key).
template <typename Entry>
void WriteChangedEntries(const std::map<std::string, Entry>& before,
                         const std::map<std::string, Entry>& after, ViewBatch& view) {
  for (const auto& [key, entry] : before) {
    if (after.count(key) == 0) view.Delete(key);
  }
  for (const auto& [key, entry] : after) {
    auto it = before.find(key);
    if (it == before.end() || it->second.SerializeAsString() != entry.SerializeAsString()) {
      view.Put(key, entry.SerializeAsString());
    }
  }
}

}  // namespace caseledger::projections
