#include "projections/view_keys.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "eventstore/keys.h"

namespace caseledger::projections::view_keys {
namespace {

constexpr absl::string_view kSeparator("\0", 1);

// A signed number of seconds (or hours) that sorts as its bytes do.
void PutSortable(std::string& key, int64_t n) {
  eventstore::keys::PutBigEndian64(key, static_cast<uint64_t>(n) ^ (uint64_t{1} << 63));
}

}  // namespace

std::string PrefixEnd(std::string prefix) {
  prefix.back() = '\1';
  return prefix;
}

std::string TimeKey(const google::protobuf::Timestamp& t) {
  std::string key;
  PutSortable(key, t.seconds());
  return key;
}

std::string Case(absl::string_view case_id) { return absl::StrCat(kCasePrefix, case_id); }

std::string CaseFold(absl::string_view case_id) { return absl::StrCat(kCaseFoldPrefix, case_id); }

std::string CaseloadPrefix(absl::string_view org_id, absl::string_view team_id,
                           absl::string_view worker_id) {
  if (!worker_id.empty()) return absl::StrCat("q/", org_id, kSeparator, "w", worker_id, kSeparator);
  if (!team_id.empty()) return absl::StrCat("q/", org_id, kSeparator, "t", team_id, kSeparator);
  return absl::StrCat("q/", org_id, kSeparator, "a", kSeparator);
}

std::string CaseloadEntry(absl::string_view prefix, int rank, int64_t deadline_seconds,
                          absl::string_view case_id) {
  std::string key(prefix);
  key.push_back(static_cast<char>(static_cast<uint8_t>(std::clamp(rank, 0, 255))));
  PutSortable(key, deadline_seconds);
  key.append(case_id.data(), case_id.size());
  return key;
}

std::string CaseloadCount(absl::string_view prefix) { return absl::StrCat("n/", prefix); }

std::string AttentionPrefix(absl::string_view org_id, bool timed, int rank) {
  std::string prefix = absl::StrCat("e/", org_id, kSeparator, timed ? "t" : "a");
  prefix.push_back(static_cast<char>(static_cast<uint8_t>(std::clamp(rank, 0, 255))));
  return prefix;
}
std::string AttentionEntry(absl::string_view prefix, int64_t since_seconds,
                           absl::string_view case_id) {
  return absl::StrCat(TimedFrom(prefix, since_seconds), case_id);
}
std::string AttentionPolicy(absl::string_view org_id) { return absl::StrCat("m/policy/", org_id); }

namespace {

// An organisation's diary (`kind` "d") or action plans ("p"), or a team's or worker's under
// their own prefix, which no organisation's range holds.
std::string DiaryPrefixOf(absl::string_view kind, absl::string_view org_id,
                          absl::string_view team_id, absl::string_view worker_id) {
  if (!worker_id.empty()) {
    return absl::StrCat("g/", org_id, kSeparator, kind, "W", worker_id, kSeparator);
  }
  if (!team_id.empty()) {
    return absl::StrCat("g/", org_id, kSeparator, kind, "T", team_id, kSeparator);
  }
  return absl::StrCat(kind, "/", org_id, kSeparator);
}

}  // namespace

std::string DiaryPrefix(absl::string_view org_id, absl::string_view team_id,
                        absl::string_view worker_id) {
  return DiaryPrefixOf("d", org_id, team_id, worker_id);
}
std::string ActionPlanPrefix(absl::string_view org_id, absl::string_view team_id,
                             absl::string_view worker_id) {
  return DiaryPrefixOf("p", org_id, team_id, worker_id);
}
std::string TimedFrom(absl::string_view prefix, int64_t seconds) {
  std::string key(prefix);
  PutSortable(key, seconds);
  return key;
}
std::string DiaryEntry(absl::string_view prefix, const google::protobuf::Timestamp& due_at,
                       absl::string_view case_id, absl::string_view deadline_id) {
  return absl::StrCat(TimedFrom(prefix, due_at.seconds()), case_id, kSeparator, deadline_id);
}
int64_t TimedSeconds(absl::string_view eight_bytes) {
  return static_cast<int64_t>(eventstore::keys::DecodePosition(eight_bytes) ^ (uint64_t{1} << 63));
}
std::string HourCounts(absl::string_view prefix) { return absl::StrCat("h/", prefix); }
std::string HourCount(absl::string_view prefix, int64_t hour) {
  return TimedFrom(HourCounts(prefix), hour);
}
std::string DayCounts(absl::string_view prefix) { return absl::StrCat("y/", prefix); }
std::string DayCount(absl::string_view prefix, int64_t day) {
  return TimedFrom(DayCounts(prefix), day);
}

std::string InboxOfPerson(absl::string_view actor) { return absl::StrCat("p:", actor); }
std::string InboxOfRole(absl::string_view team_id, absl::string_view role) {
  return absl::StrCat("r:", team_id, "/", role);
}
std::string InboxPrefix(absl::string_view owner) { return absl::StrCat("i/", owner, kSeparator); }
std::string Inbox(absl::string_view owner, absl::string_view case_id,
                  absl::string_view escalation_id, absl::string_view addressee) {
  return absl::StrCat(InboxPrefix(owner), case_id, kSeparator, escalation_id, kSeparator,
                      addressee);
}

std::string WorkerReviewPrefix(absl::string_view org_id, absl::string_view worker_id) {
  return absl::StrCat("r/", org_id, kSeparator, worker_id, kSeparator);
}
std::string WorkerReviewFrom(absl::string_view org_id, absl::string_view worker_id,
                             const google::protobuf::Timestamp& at) {
  return absl::StrCat(WorkerReviewPrefix(org_id, worker_id), TimeKey(at));
}
std::string WorkerReview(absl::string_view org_id, absl::string_view worker_id,
                         const google::protobuf::Timestamp& at, absl::string_view case_id,
                         absl::string_view review_id) {
  return absl::StrCat(WorkerReviewFrom(org_id, worker_id, at), case_id, kSeparator, review_id);
}

std::string ActorPrefix(absl::string_view org_id, absl::string_view actor) {
  return absl::StrCat("a/", org_id, kSeparator, actor, kSeparator);
}
std::string ActorEvent(absl::string_view org_id, absl::string_view actor, uint64_t position) {
  return absl::StrCat(ActorPrefix(org_id, actor), eventstore::keys::Position(position));
}

}  // namespace caseledger::projections::view_keys
