#include "projections/supervision_queries.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/escaping.h"
#include "base/proto_time.h"
#include "domain/field_errors.h"
#include "domain/supervision_policy.h"
#include "projections/pages.h"
#include "projections/view_keys.h"

namespace caseledger::projections {
namespace {

// Parses each value under `prefix` (from `from`, before `until`) as a `Message`.
template <typename Message, typename Visit>
absl::Status ScanParsed(const View& view, const std::string& from, const std::string& until,
                        Visit visit) {
  absl::Status parse_error;
  absl::Status scanned =
      view.Scan(from, until, [&](absl::string_view key, absl::string_view value) {
        Message message;
        if (!message.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse_error = absl::DataLossError(absl::StrCat("a ", Message::descriptor()->name(),
                                                         " in the caseload view is corrupt"));
          return false;
        }
        return visit(key, std::move(message));
      });
  return scanned.ok() ? parse_error : scanned;
}

void Tally(const v1::WorkerReview& review, absl::Time now,
           std::map<int, v1::CriterionTally>& grades, v1::ListWorkerReviewsResponse& response) {
  response.set_total(response.total() + 1);
  for (const v1::ChecklistGrade& grade : review.review().checklist()) {
    v1::CriterionTally& tally = grades[grade.criterion()];
    tally.set_criterion(grade.criterion());
    switch (grade.grade()) {
      case v1::MET:
        tally.set_met(tally.met() + 1);
        break;
      case v1::PARTLY_MET:
        tally.set_partly_met(tally.partly_met() + 1);
        break;
      case v1::NOT_MET:
        tally.set_not_met(tally.not_met() + 1);
        break;
      default:
        tally.set_not_applicable(tally.not_applicable() + 1);
        break;
    }
  }
  for (const v1::ReviewAction& action : review.actions()) {
    if (action.has_completed_at()) continue;
    response.set_open_actions(response.open_actions() + 1);
    if (FromProto(action.due_at()) < now) {
      response.set_overdue_actions(response.overdue_actions() + 1);
    }
  }
}

}  // namespace

absl::StatusOr<v1::ListInboxResponse> ListInbox(const View& view, absl::string_view org_id,
                                                const std::vector<std::string>& owners,
                                                const v1::Policy& policy, absl::Time now) {
  std::vector<v1::InboxItem> items;
  const uint32_t days = domain::EscalationAcknowledgementDays(policy);
  for (const std::string& owner : owners) {
    const std::string prefix = view_keys::InboxPrefix(owner);
    absl::Status s = ScanParsed<v1::InboxItem>(
        view, prefix, view_keys::PrefixEnd(prefix), [&](absl::string_view, v1::InboxItem item) {
          if (item.org_id() != org_id) return true;
          const absl::Time by =
              domain::WorkingDaysAfter(policy, FromProto(item.escalation().raised_at()), days);
          *item.mutable_acknowledge_by() = ToProto(by);
          item.set_overdue(by < now);
          items.push_back(std::move(item));
          return true;
        });
    if (!s.ok()) return s;
  }
  auto key = [](const v1::InboxItem& item) {
    return std::make_tuple(item.escalation().raised_at().seconds(), item.case_id(),
                           item.escalation().escalation_id(), item.escalation().addressee());
  };
  std::sort(items.begin(), items.end(),
            [&](const v1::InboxItem& a, const v1::InboxItem& b) { return key(a) < key(b); });
  v1::ListInboxResponse response;
  for (v1::InboxItem& item : items) *response.add_items() = std::move(item);
  return response;
}

absl::Status KeepInboxPage(const v1::ListInboxRequest& request, v1::ListInboxResponse& inbox) {
  auto key = [](const v1::InboxItem& item) -> PageKey {
    return {{item.escalation().raised_at().seconds()},
            {item.case_id(), item.escalation().escalation_id(), item.escalation().addressee()}};
  };
  return KeepPage(request, inbox, *inbox.mutable_items(), key, 1, 3);
}

absl::StatusOr<v1::ListWorkerReviewsResponse> ListWorkerReviews(
    const View& view, absl::string_view org_id, const v1::ListWorkerReviewsRequest& request,
    absl::Time now) {
  domain::FieldErrors errors;
  errors.Id("worker_id", request.worker_id(), true);
  std::string after;
  if (!request.page_token().empty() && !absl::WebSafeBase64Unescape(request.page_token(), &after)) {
    errors.Add("page_token", "is not a token this server gave");
  }
  if (request.has_from() && request.has_to() &&
      FromProto(request.to()) <= FromProto(request.from())) {
    errors.Add("to", "must be after from");
  }
  if (absl::Status s = errors.ToStatus(); !s.ok()) return s;
  const std::string prefix = view_keys::WorkerReviewPrefix(org_id, request.worker_id());
  const std::string from =
      request.has_from() ? view_keys::WorkerReviewFrom(org_id, request.worker_id(), request.from())
                         : prefix;
  const std::string until =
      request.has_to() ? view_keys::WorkerReviewFrom(org_id, request.worker_id(), request.to())
                       : view_keys::PrefixEnd(prefix);
  const uint32_t page_size = PageSize(request.page_size());
  v1::ListWorkerReviewsResponse response;
  std::map<int, v1::CriterionTally> grades;
  std::string last_key;
  absl::Status s = ScanParsed<v1::WorkerReview>(
      view, from, until, [&](absl::string_view key, v1::WorkerReview review) {
        Tally(review, now, grades, response);
        if (!after.empty() && key <= after) return true;
        if (static_cast<uint32_t>(response.reviews_size()) < page_size) {
          last_key = std::string(key);
          *response.add_reviews() = std::move(review);
        } else if (response.next_page_token().empty()) {
          response.set_next_page_token(absl::WebSafeBase64Escape(last_key));
        }
        return true;
      });
  if (!s.ok()) return s;
  for (auto& [criterion, tally] : grades) *response.add_grades() = std::move(tally);
  return response;
}

}  // namespace caseledger::projections
