#include "projections/supervision_index.h"

#include "projections/view_keys.h"

namespace caseledger::projections {

std::map<std::string, v1::InboxItem> InboxOf(const v1::CaseSummary& s) {
  std::map<std::string, v1::InboxItem> entries;
  if (s.status() == v1::ARCHIVED || s.subject_erased()) return entries;
  for (const v1::OpenEscalation& e : s.open_escalations()) {
    std::string owner;
    if (!e.actor().empty()) {
      owner = view_keys::InboxOfPerson(e.actor());
    } else if (!s.team_id().empty()) {
      owner = view_keys::InboxOfRole(s.team_id(), e.role());
    } else {
      continue;  // a role in no team reaches nobody
    }
    v1::InboxItem& item =
        entries[view_keys::Inbox(owner, s.case_id(), e.escalation_id(), e.addressee())];
    item.set_case_id(s.case_id());
    item.set_org_id(s.org_id());
    item.set_team_id(s.team_id());
    item.set_worker_id(s.worker_id());
    *item.mutable_escalation() = e;
  }
  return entries;
}

std::optional<std::pair<std::string, v1::WorkerReview>> WorkerReviewOf(
    const v1::CaseState& state, const v1::FileReview& review) {
  if (review.worker_id().empty()) return std::nullopt;
  v1::WorkerReview entry;
  entry.set_case_id(state.case_id());
  entry.set_review_id(review.review_id());
  entry.set_worker_id(review.worker_id());
  entry.set_reviewer(review.reviewed().actor());
  *entry.mutable_reviewed_at() = review.reviewed().at();
  *entry.mutable_review() = review.review();
  *entry.mutable_actions() = review.actions();
  return std::make_pair(
      view_keys::WorkerReview(state.org_id(), review.worker_id(), review.reviewed().at(),
                              state.case_id(), review.review_id()),
      std::move(entry));
}

}  // namespace caseledger::projections
