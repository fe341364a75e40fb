#include "projections/caseload_queries.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/proto_time.h"
#include "domain/field_errors.h"
#include "domain/policy.h"
#include "domain/working_days.h"
#include "eventstore/keys.h"
#include "projections/actor_event.h"
#include "projections/attention.h"
#include "projections/attention_index.h"
#include "projections/pages.h"
#include "projections/summary.h"
#include "projections/view_keys.h"

namespace caseledger::projections {

absl::Status ScanSummaries(const View& view, absl::string_view org_id, const std::string& worker_id,
                           const std::string& team_id, bool all_statuses,
                           const std::function<void(v1::CaseSummary&)>& visit) {
  auto wanted = [&](const v1::CaseSummary& s) {
    return s.org_id() == org_id && (worker_id.empty() || s.worker_id() == worker_id) &&
           (team_id.empty() || s.team_id() == team_id) && (all_statuses || IsOpen(s.status()));
  };
  absl::Status parse_error;
  auto parse = [&](absl::string_view value, v1::CaseSummary& summary) {
    if (summary.ParseFromArray(value.data(), static_cast<int>(value.size()))) return true;
    parse_error = absl::DataLossError("a case summary in the caseload view is corrupt");
    return false;
  };
  if (all_statuses || (worker_id.empty() && team_id.empty())) {
    absl::Status scanned = view.ScanPrefix(std::string(view_keys::kCasePrefix),
                                           [&](absl::string_view, absl::string_view value) {
                                             v1::CaseSummary summary;
                                             if (!parse(value, summary)) return false;
                                             if (wanted(summary)) visit(summary);
                                             return true;
                                           });
    return scanned.ok() ? parse_error : scanned;
  }
  // The worker's (or team's) open cases in the caseload's order, then their summaries.
  const std::string prefix = view_keys::CaseloadPrefix(org_id, team_id, worker_id);
  std::vector<std::string> keys;
  absl::Status scanned = view.ScanPrefix(prefix, [&](absl::string_view key, absl::string_view) {
    keys.push_back(view_keys::Case(key.substr(prefix.size() + view_keys::kCaseloadPlaceBytes)));
    return true;
  });
  if (!scanned.ok()) return scanned;
  auto values = view.MultiGet(keys);
  if (!values.ok()) return values.status();
  for (const std::optional<std::string>& value : *values) {
    if (!value.has_value()) continue;
    v1::CaseSummary summary;
    if (!parse(*value, summary)) return parse_error;
    if (wanted(summary)) visit(summary);
  }
  return absl::OkStatus();
}

namespace {

// The caseload order (PlaceOf): RAG descending, next deadline ascending (none last), case id.
PageKey CaseloadKey(const v1::CaseloadItem& item) {
  const CaseloadPlace place = PlaceOf(item.summary());
  return {{place.rank, place.deadline_seconds}, {item.summary().case_id()}};
}

v1::CaseloadItem ItemOf(v1::CaseSummary summary, const v1::Policy& policy, absl::Time now) {
  v1::CaseloadItem item;
  if (summary.open_deadlines_size() > 0) *item.mutable_next_deadline() = summary.open_deadlines(0);
  item.set_overdue(IsOverdue(summary, now));
  const domain::WorkingCalendar calendar(policy.calendar());
  const absl::Time last_contact =
      FromProto(summary.has_last_contact_at() ? summary.last_contact_at() : summary.opened_at());
  item.set_working_days_since_contact(calendar.WorkingDaysBetween(last_contact, now));
  if (std::optional<absl::Time> due = ContactDueBy(summary, policy); due.has_value()) {
    *item.mutable_contact_due_by() = ToProto(*due);
    item.set_response_time_breached(*due < now);
  }
  item.set_weight_points(domain::CaseWeightFor(policy, summary.kind(), summary.complexity()));
  *item.mutable_open_review_actions() = summary.open_review_actions();
  *item.mutable_summary() = std::move(summary);
  return item;
}

// Whether the caseload order index alone answers `request`: the open cases of an
// organisation, a team or a worker, with no other filter.
bool InOrderIndex(const v1::ListCaseloadRequest& request) {
  return request.statuses().empty() && request.rags().empty() && request.compliance().empty() &&
         !request.overdue_only() && (request.worker_id().empty() || request.team_id().empty());
}

// A page of ListCaseload from the caseload order index: the page's entries and their
// summaries are read, and the count kept beside the index is the total.
absl::StatusOr<v1::ListCaseloadResponse> PageInOrder(const View& view, absl::string_view org_id,
                                                     const v1::ListCaseloadRequest& request,
                                                     const std::optional<PageKey>& after,
                                                     const v1::Policy& policy, absl::Time now) {
  const std::string prefix =
      view_keys::CaseloadPrefix(org_id, request.team_id(), request.worker_id());
  const size_t place_end = prefix.size() + view_keys::kCaseloadPlaceBytes;
  // Entries up to this one were on earlier pages.
  std::string seen;
  if (after.has_value()) {
    const int rank = static_cast<int>(std::clamp<int64_t>(after->numbers[0], 0, 255));
    seen = view_keys::CaseloadEntry(prefix, rank, after->numbers[1], after->texts[0]);
  }
  auto count = view.Get(view_keys::CaseloadCount(prefix));
  if (!count.ok()) return count.status();
  const uint32_t page_size = PageSize(request.page_size());
  std::vector<std::string> page;
  std::string last;
  bool more = false;
  absl::Status scanned = view.Scan(seen.empty() ? prefix : seen, view_keys::PrefixEnd(prefix),
                                   [&](absl::string_view key, absl::string_view) {
                                     if (key.size() < place_end || key == seen) return true;
                                     if (page.size() == page_size) {
                                       more = true;
                                       return false;
                                     }
                                     page.push_back(view_keys::Case(key.substr(place_end)));
                                     last = std::string(key);
                                     return true;
                                   });
  if (!scanned.ok()) return scanned;
  auto values = view.MultiGet(page);
  if (!values.ok()) return values.status();
  v1::ListCaseloadResponse response;
  response.set_total(
      count->has_value() ? static_cast<uint32_t>(eventstore::keys::DecodePosition(**count)) : 0);
  for (const std::optional<std::string>& value : *values) {
    if (!value.has_value()) continue;
    v1::CaseSummary summary;
    if (!summary.ParseFromArray(value->data(), static_cast<int>(value->size()))) {
      return absl::DataLossError("a case summary in the caseload view is corrupt");
    }
    *response.add_items() = ItemOf(std::move(summary), policy, now);
  }
  if (more) {
    const uint64_t deadline =
        eventstore::keys::DecodePosition(absl::string_view(last).substr(prefix.size() + 1, 8));
    response.set_next_page_token(
        PageTokenOf({{static_cast<uint8_t>(last[prefix.size()]),
                      static_cast<int64_t>(deadline ^ (uint64_t{1} << 63))},
                     {last.substr(place_end)}}));
  }
  return response;
}

}  // namespace

absl::StatusOr<v1::ListCaseloadResponse> ListCaseload(const View& view, absl::string_view org_id,
                                                      const v1::ListCaseloadRequest& request,
                                                      const v1::Policy& policy, absl::Time now) {
  absl::StatusOr<std::optional<PageKey>> after = ParsePageToken(request.page_token(), 2, 1);
  if (!after.ok()) return after.status();
  domain::FieldErrors errors;
  for (int i = 0; i < request.compliance_size(); ++i) {
    errors.Enum(absl::StrCat("compliance[", i, "]"), request.compliance(i));
  }
  if (!errors.ok()) return errors.ToStatus();
  if (InOrderIndex(request)) return PageInOrder(view, org_id, request, *after, policy, now);
  absl::flat_hash_set<int> statuses(request.statuses().begin(), request.statuses().end());
  absl::flat_hash_set<int> rags(request.rags().begin(), request.rags().end());
  absl::flat_hash_set<int> compliance(request.compliance().begin(), request.compliance().end());
  const bool all_statuses = statuses.contains(v1::CLOSED) || statuses.contains(v1::ARCHIVED);
  if (statuses.empty()) statuses = {v1::LIVE, v1::DORMANT};

  std::vector<v1::CaseloadItem> items;
  absl::Status scanned =
      ScanSummaries(view, org_id, request.worker_id(), request.team_id(), all_statuses,
                    [&](v1::CaseSummary& summary) {
                      if (!statuses.contains(summary.status())) return;
                      if (!rags.empty() && !rags.contains(summary.rag())) return;
                      if (!compliance.empty() && !compliance.contains(summary.compliance())) {
                        return;
                      }
                      v1::CaseloadItem item = ItemOf(std::move(summary), policy, now);
                      if (request.overdue_only() && !item.overdue()) return;
                      items.push_back(std::move(item));
                    });
  if (!scanned.ok()) return scanned;

  v1::ListCaseloadResponse response;
  response.set_total(static_cast<uint32_t>(items.size()));
  response.set_next_page_token(TakePage(items, CaseloadKey, *after, PageSize(request.page_size()),
                                        *response.mutable_items()));
  return response;
}

absl::StatusOr<v1::GetWorkloadResponse> GetWorkload(const View& view, absl::string_view org_id,
                                                    const v1::GetWorkloadRequest& request,
                                                    const v1::PolicyVersion& policy) {
  const double safe = policy.policy().safe_caseload_points();
  std::map<std::string, v1::WorkerLoad> workers;
  // The distinct providers of each worker's inspection cases, and of all of them.
  std::map<std::string, absl::flat_hash_set<std::string>> providers;
  absl::flat_hash_set<std::string> all_providers;
  v1::GetWorkloadResponse response;
  response.set_policy_version(policy.version());
  v1::WorkerLoad* total = response.mutable_total();
  total->set_team_id(request.team_id());
  total->set_worker_id(request.worker_id());
  auto count = [](v1::WorkerLoad& load, const v1::CaseSummary& s, double points) {
    load.set_weighted_points(load.weighted_points() + points);
    if (s.compliance() == v1::COMPLIANT) load.set_compliant(load.compliant() + 1);
    if (s.compliance() == v1::NON_COMPLIANT) load.set_non_compliant(load.non_compliant() + 1);
    load.set_untoward_incidents(load.untoward_incidents() + s.open_incidents());
    load.set_effort_days_booked(load.effort_days_booked() + s.effort_days_booked());
    (s.status() == v1::LIVE ? load.set_live(load.live() + 1)
                            : load.set_dormant(load.dormant() + 1));
    switch (s.rag()) {
      case v1::RED:
        load.set_red(load.red() + 1);
        break;
      case v1::AMBER:
        load.set_amber(load.amber() + 1);
        break;
      case v1::GREEN:
        load.set_green(load.green() + 1);
        break;
      default:
        load.set_unassessed(load.unassessed() + 1);
        break;
    }
  };
  absl::Status scanned = ScanSummaries(
      view, org_id, request.worker_id(), request.team_id(), false, [&](v1::CaseSummary& s) {
        const double points = domain::CaseWeightFor(policy.policy(), s.kind(), s.complexity());
        count(*total, s, points);
        if (!s.provider_ref().empty()) {
          all_providers.insert(s.provider_ref());
          if (!s.worker_id().empty()) providers[s.worker_id()].insert(s.provider_ref());
        }
        if (s.worker_id().empty()) {
          response.set_unallocated(response.unallocated() + 1);
          return;
        }
        v1::WorkerLoad& load = workers[s.worker_id()];
        load.set_worker_id(s.worker_id());
        load.set_team_id(s.team_id());
        count(load, s, points);
      });
  if (!scanned.ok()) return scanned;
  total->set_providers(static_cast<uint32_t>(all_providers.size()));
  for (auto& [id, load] : workers) {
    load.set_providers(static_cast<uint32_t>(providers[id].size()));
    load.set_safe_points(safe);
    load.set_over_limit(load.weighted_points() > safe);
    *response.add_workers() = std::move(load);
  }
  std::sort(response.mutable_workers()->begin(), response.mutable_workers()->end(),
            [](const v1::WorkerLoad& a, const v1::WorkerLoad& b) {
              return a.weighted_points() != b.weighted_points()
                         ? a.weighted_points() > b.weighted_points()
                         : a.worker_id() < b.worker_id();
            });
  total->set_safe_points(safe * response.workers_size());
  total->set_over_limit(total->weighted_points() > total->safe_points());
  return response;
}

absl::StatusOr<v1::ListAttentionResponse> ListAttention(const View& view, absl::string_view org_id,
                                                        const v1::ListAttentionRequest& request,
                                                        const v1::Policy& policy, absl::Time now,
                                                        const CaseReasons* more) {
  absl::StatusOr<std::optional<PageKey>> after = ParsePageToken(request.page_token(), 2, 1);
  if (!after.ok()) return after.status();
  now = absl::FromUnixSeconds(absl::ToUnixSeconds(now));
  if (request.worker_id().empty() && request.team_id().empty() && more == nullptr) {
    auto page =
        ListAttentionInOrder(view, org_id, *after, PageSize(request.page_size()), policy, now);
    if (!page.ok()) return page.status();
    if (page->has_value()) return **std::move(page);
  }
  std::vector<v1::AttentionItem> items;
  // Red first, then the longest-standing, then case id.
  absl::flat_hash_map<std::string, int64_t> standing_of;
  absl::Status scanned = ScanSummaries(
      view, org_id, request.worker_id(), request.team_id(), false, [&](v1::CaseSummary& summary) {
        std::vector<v1::AttentionReason> reasons = AttentionReasons(summary, policy, now);
        absl::Time since = absl::InfiniteFuture();
        if (!reasons.empty()) {
          if (std::optional<AttentionStanding> standing = StandingOf(summary, policy)) {
            since = standing->since;
          }
        }
        if (more != nullptr) {
          if (auto it = more->find(summary.case_id()); it != more->end()) {
            for (const v1::AttentionReason& r : it->second) {
              since = std::min(since, FromProto(r.since()));
              reasons.push_back(r);
            }
          }
        }
        if (reasons.empty()) return;
        standing_of[summary.case_id()] = absl::ToUnixSeconds(since);
        v1::AttentionItem item;
        *item.mutable_summary() = std::move(summary);
        for (auto& r : reasons) *item.add_reasons() = std::move(r);
        items.push_back(std::move(item));
      });
  if (!scanned.ok()) return scanned;
  auto key_of = [&](const v1::AttentionItem& item) {
    return PageKey{{PlaceOf(item.summary()).rank, standing_of.at(item.summary().case_id())},
                   {item.summary().case_id()}};
  };
  v1::ListAttentionResponse response;
  response.set_total(static_cast<uint32_t>(items.size()));
  response.set_next_page_token(
      TakePage(items, key_of, *after, PageSize(request.page_size()), *response.mutable_items()));
  return response;
}

absl::StatusOr<v1::ListActorEventsResponse> ListActorEvents(
    const View& view, const eventstore::EventStore& store, absl::string_view org_id,
    const v1::ListActorEventsRequest& request) {
  if (request.actor().empty()) return domain::InvalidField("actor", "is required");
  // Nothing comes after the last position there can be (and one past it would wrap to 0).
  if (request.after_position() == std::numeric_limits<uint64_t>::max()) {
    return v1::ListActorEventsResponse();
  }
  const uint32_t page_size = PageSize(request.page_size());
  std::vector<uint64_t> positions;
  bool more = false;
  std::string until = view_keys::ActorPrefix(org_id, request.actor());
  until.back() = '\1';  // just past the prefix, whose last byte is the zero separator
  absl::Status s = view.Scan(
      view_keys::ActorEvent(org_id, request.actor(), request.after_position() + 1), until,
      [&](absl::string_view key, absl::string_view) {
        const uint64_t position = eventstore::keys::DecodePosition(key.substr(key.size() - 8));
        if (positions.size() == page_size) {
          more = true;
          return false;
        }
        positions.push_back(position);
        return true;
      });
  if (!s.ok()) return s;
  v1::ListActorEventsResponse response;
  for (uint64_t position : positions) {
    auto records = store.ReadAll(position, 1);
    if (!records.ok()) return records.status();
    if (records->empty()) return absl::DataLossError("the audit trail names a missing event");
    *response.add_events() = ToActorEvent(records->front());
  }
  if (more) response.set_next_after_position(positions.back());
  return response;
}

}  // namespace caseledger::projections
