#include "projections/diary.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "base/proto_time.h"
#include "domain/field_errors.h"
#include "domain/inspection_policy.h"
#include "eventstore/keys.h"
#include "projections/attention.h"
#include "projections/hour_counts.h"
#include "projections/pages.h"
#include "projections/summary.h"
#include "projections/view_keys.h"

namespace caseledger::projections {
namespace {

// The first version of the caseload view that keeps each team's and worker's diary apart.
constexpr uint32_t kTeamsKeptSinceVersion = 10;

std::string PrefixOf(absl::string_view org_id, absl::string_view team_id,
                     absl::string_view worker_id, bool action_plans) {
  return action_plans ? view_keys::ActionPlanPrefix(org_id, team_id, worker_id)
                      : view_keys::DiaryPrefix(org_id, team_id, worker_id);
}

// Soonest first, then case id and deadline id.
PageKey DiaryKey(const v1::DiaryEntry& entry) {
  const google::protobuf::Timestamp& due = entry.deadline().due_at();
  return {{due.seconds(), due.nanos()}, {entry.case_id(), entry.deadline().deadline_id()}};
}

// Entries due in [from, until), in seconds.
struct Span {
  int64_t from, until;
};

// What a request reads: spans of the diary, and of the action plans whose follow-ups it adds
// (those already passed).
struct Window {
  std::vector<Span> deadlines, action_plans;
};

Window WindowOf(const v1::ListDiaryRequest& request, int64_t now) {
  Window window;
  const int64_t from = request.from().seconds(), to = request.to().seconds();
  // Missed deadlines due before the window: everything in the diary is still open, so it was
  // missed if it is past.
  if (request.include_missed()) window.deadlines.push_back({kEver, std::min(from, now)});
  window.deadlines.push_back({from, to});
  for (const Span& span : window.deadlines) {
    if (span.from < std::min(span.until, now)) {
      window.action_plans.push_back({span.from, std::min(span.until, now)});
    }
  }
  return window;
}

// A stored entry as the diary shows it at `now`; nullopt to leave it out.
using Judge = std::function<std::optional<v1::DiaryEntry>(v1::DiaryEntry)>;

struct Reading {
  const View& view;
  std::string prefix;
  // How much later than its stored entry a shown entry falls due.
  absl::Duration shift;
  Judge judge;
};

// Reads into `out` the entries of `spans`, as judged: every one when `limit` is 0; else the
// first `limit` after `after` in the diary's order and any due in the same second as the last
// (within a second, keys sort by case before time).
absl::Status Read(const Reading& reading, const std::vector<Span>& spans,
                  const std::optional<PageKey>& after, size_t limit,
                  std::vector<v1::DiaryEntry>& out) {
  size_t taken = 0;
  int64_t last_second = 0;
  bool full = false;
  absl::Status status;
  const int64_t shift = absl::ToInt64Seconds(reading.shift);
  for (const Span& span : spans) {
    int64_t from = span.from;
    // A token's time is any number: kept from running past the earliest.
    if (after.has_value() && after->numbers[0] > kEver + shift) {
      from = std::max(from, after->numbers[0] - shift);
    }
    if (from >= span.until) continue;
    status = reading.view.Scan(
        from == kEver ? reading.prefix : view_keys::TimedFrom(reading.prefix, from),
        view_keys::TimedFrom(reading.prefix, span.until),
        [&](absl::string_view, absl::string_view value) {
          v1::DiaryEntry stored;
          if (!stored.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
            status = absl::DataLossError("a diary entry in the caseload view is corrupt");
            return false;
          }
          std::optional<v1::DiaryEntry> entry = reading.judge(std::move(stored));
          if (!entry.has_value() || (after.has_value() && !(*after < DiaryKey(*entry)))) {
            return true;
          }
          const int64_t second = entry->deadline().due_at().seconds();
          if (limit > 0 && taken >= limit && second != last_second) {
            full = true;
            return false;
          }
          last_second = second;
          ++taken;
          out.push_back(*std::move(entry));
          return true;
        });
    if (!status.ok() || full) return status;
  }
  return status;
}

absl::StatusOr<uint64_t> Count(const View& view, const std::string& prefix,
                               const std::vector<Span>& spans) {
  uint64_t count = 0;
  for (const Span& span : spans) {
    absl::StatusOr<uint64_t> n = CountBetween(view, prefix, span.from, span.until);
    if (!n.ok()) return n.status();
    count += *n;
  }
  return count;
}

}  // namespace

std::map<std::string, v1::DiaryEntry> DiaryOf(const v1::CaseSummary& s, bool action_plans) {
  std::map<std::string, v1::DiaryEntry> entries;
  if (!IsOpen(s.status())) return entries;
  std::vector<std::string> prefixes = {PrefixOf(s.org_id(), "", "", action_plans)};
  if (!s.team_id().empty()) prefixes.push_back(PrefixOf(s.org_id(), s.team_id(), "", action_plans));
  if (!s.worker_id().empty()) {
    prefixes.push_back(PrefixOf(s.org_id(), "", s.worker_id(), action_plans));
  }
  for (const v1::OpenDeadline& d : s.open_deadlines()) {
    if (action_plans && d.kind() != v1::ACTION_PLAN_DUE) continue;
    v1::DiaryEntry entry;
    entry.set_case_id(s.case_id());
    entry.set_org_id(s.org_id());
    *entry.mutable_deadline() = d;
    entry.set_worker_id(s.worker_id());
    entry.set_team_id(s.team_id());
    for (const std::string& prefix : prefixes) {
      entries[view_keys::DiaryEntry(prefix, d.due_at(), s.case_id(), d.deadline_id())] = entry;
    }
  }
  return entries;
}

std::string DiaryHourCountOf(absl::string_view key, const v1::DiaryEntry& entry) {
  // The key is its diary's prefix, the due second, the case id, a separator and the deadline id.
  const size_t prefix_bytes = key.size() - view_keys::kTimedBytes - entry.case_id().size() - 1 -
                              entry.deadline().deadline_id().size();
  return view_keys::HourCount(key.substr(0, prefix_bytes),
                              HourOf(entry.deadline().due_at().seconds()));
}

absl::StatusOr<v1::ListDiaryResponse> ListDiary(const View& view, absl::string_view org_id,
                                                const v1::ListDiaryRequest& request,
                                                const v1::Policy& policy, absl::Time now) {
  domain::FieldErrors errors;
  errors.Time("from", request.from(), true, request.has_from());
  errors.Time("to", request.to(), true, request.has_to());
  if (absl::Status s = errors.ToStatus(); !s.ok()) return s;
  if (FromProto(request.to()) <= FromProto(request.from())) {
    return domain::InvalidField("to", "must be after from");
  }
  absl::StatusOr<std::optional<PageKey>> after = ParsePageToken(request.page_token(), 2, 2);
  if (!after.ok()) return after.status();
  now = absl::FromUnixSeconds(absl::ToUnixSeconds(now));
  const Window window = WindowOf(request, absl::ToUnixSeconds(now));
  // The diary read: the worker's or team's asked for, where the view keeps it apart; else the
  // organisation's. Read in order (and counted) when it is just the one asked for; else read
  // whole, and filtered.
  const bool apart = view.version() >= kTeamsKeptSinceVersion;
  const std::string team_id = apart ? request.team_id() : "";
  const std::string worker_id = apart ? request.worker_id() : "";
  const bool in_order = apart ? request.worker_id().empty() || request.team_id().empty()
                              : request.worker_id().empty() && request.team_id().empty();
  auto asked_for = [&](const v1::DiaryEntry& entry) {
    return (request.worker_id().empty() || entry.worker_id() == request.worker_id()) &&
           (request.team_id().empty() || entry.team_id() == request.team_id());
  };
  const Reading deadlines{view, PrefixOf(org_id, team_id, worker_id, false), absl::ZeroDuration(),
                          [&](v1::DiaryEntry entry) -> std::optional<v1::DiaryEntry> {
                            if (!asked_for(entry)) return std::nullopt;
                            entry.set_missed(FromProto(entry.deadline().due_at()) < now);
                            return entry;
                          }};
  const Reading follow_ups{view, PrefixOf(org_id, team_id, worker_id, true),
                           absl::Hours(24) * domain::FollowUpInspectionDays(policy),
                           [&](v1::DiaryEntry entry) -> std::optional<v1::DiaryEntry> {
                             std::optional<v1::OpenDeadline> follow_up =
                                 FollowUpOf(entry.deadline(), policy, now);
                             if (!asked_for(entry) || !follow_up.has_value()) return std::nullopt;
                             *entry.mutable_deadline() = *std::move(follow_up);
                             entry.set_missed(FromProto(entry.deadline().due_at()) < now);
                             return entry;
                           }};
  const uint32_t page_size = PageSize(request.page_size());
  // In order: enough of each part to fill the page and tell whether another follows. Else all
  // of it, to count.
  const size_t limit = in_order ? page_size + 1 : 0;
  const std::optional<PageKey> from = in_order ? *after : std::nullopt;
  std::vector<v1::DiaryEntry> entries;
  if (absl::Status s = Read(deadlines, window.deadlines, from, limit, entries); !s.ok()) return s;
  if (absl::Status s = Read(follow_ups, window.action_plans, from, limit, entries); !s.ok()) {
    return s;
  }
  v1::ListDiaryResponse response;
  if (in_order) {
    absl::StatusOr<uint64_t> due = Count(view, deadlines.prefix, window.deadlines);
    if (!due.ok()) return due.status();
    absl::StatusOr<uint64_t> followed = Count(view, follow_ups.prefix, window.action_plans);
    if (!followed.ok()) return followed.status();
    response.set_total(static_cast<uint32_t>(*due + *followed));
  } else {
    response.set_total(static_cast<uint32_t>(entries.size()));
  }
  response.set_next_page_token(
      TakePage(entries, DiaryKey, *after, page_size, *response.mutable_entries()));
  return response;
}

}  // namespace caseledger::projections
