#pragma once

// Key layouts of the team report view. Ids never hold a zero byte, which separates parts;
// months are "YYYY-MM", so a team's counts sort by month, and times are Time(), so its
// response times sort by when they run out.

#include <cstdint>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace caseledger::projections::report_keys {

inline constexpr absl::string_view kSeparator("\0", 1);

// Each case: its ReportCase.
inline std::string Case(absl::string_view case_id) { return absl::StrCat("c/", case_id); }

// Unix seconds in fixed width (hexadecimal, offset so that earlier always sorts first), so that
// keys holding them sort by time.
inline std::string Time(int64_t seconds) {
  return absl::StrFormat("%016x", static_cast<uint64_t>(seconds) ^ (uint64_t{1} << 63));
}
// False when `time` is not what Time writes.
inline bool ParseTime(absl::string_view time, int64_t* seconds) {
  uint64_t biased = 0;
  if (time.size() != 16 || !absl::SimpleHexAtoi(time, &biased)) return false;
  *seconds = static_cast<int64_t>(biased ^ (uint64_t{1} << 63));
  return true;
}

// What a team's cases still hold open, kept so that a report reads a few aggregates rather than
// every open case:
// - The cases the team's workers hold, by the month the holding began: "count sum", how many
//   and the sum of their held_since.
inline std::string HoldingsPrefix(absl::string_view org_id, absl::string_view team_id) {
  return absl::StrCat("h/", org_id, kSeparator, team_id, kSeparator);
}
inline std::string Holdings(absl::string_view org_id, absl::string_view team_id,
                            absl::string_view month, absl::string_view worker_id, int kind,
                            int complexity) {
  return absl::StrCat(HoldingsPrefix(org_id, team_id), month, kSeparator, worker_id, kSeparator,
                      kind, kSeparator, complexity);
}
inline std::string HoldingsValue(int64_t count, int64_t sum_held_since) {
  return absl::StrCat(count, " ", sum_held_since);
}
// False when `value` is not what HoldingsValue writes.
inline bool ParseHoldings(absl::string_view value, int64_t* count, int64_t* sum_held_since) {
  const size_t space = value.find(' ');
  return space != absl::string_view::npos && absl::SimpleAtoi(value.substr(0, space), count) &&
         absl::SimpleAtoi(value.substr(space + 1), sum_held_since);
}
// - Each held case by the time its holding began: the kHeld metric it counts for.
inline std::string HeldSincePrefix(absl::string_view org_id, absl::string_view team_id) {
  return absl::StrCat("s/", org_id, kSeparator, team_id, kSeparator);
}
inline std::string HeldSince(absl::string_view org_id, absl::string_view team_id,
                             int64_t held_since, absl::string_view case_id) {
  return absl::StrCat(HeldSincePrefix(org_id, team_id), Time(held_since), kSeparator, case_id);
}
// - Each response time still running (a contact, an incident's response; `incident_id` empty for
//   the contact) by when it runs out: the breach metric it counts for once it has.
inline std::string DuePrefix(absl::string_view org_id, absl::string_view team_id) {
  return absl::StrCat("d/", org_id, kSeparator, team_id, kSeparator);
}
inline std::string Due(absl::string_view org_id, absl::string_view team_id, int64_t due,
                       absl::string_view case_id, absl::string_view incident_id) {
  return absl::StrCat(DuePrefix(org_id, team_id), Time(due), kSeparator, case_id, kSeparator,
                      incident_id);
}
// - And each month's count of them (metric kDue) by the month they run out in.

// A count (decimal) of a team's month: `metric` is one of the metrics below.
inline std::string CountPrefix(absl::string_view org_id, absl::string_view team_id) {
  return absl::StrCat("n/", org_id, kSeparator, team_id, kSeparator);
}
inline std::string Count(absl::string_view org_id, absl::string_view team_id,
                         absl::string_view month, absl::string_view metric) {
  return absl::StrCat(CountPrefix(org_id, team_id), month, kSeparator, metric);
}
// A worker's monitoring levels: their LevelHistory.
inline std::string Levels(absl::string_view org_id, absl::string_view worker_id) {
  return absl::StrCat("l/", org_id, kSeparator, worker_id);
}
// An organisation's policy in force.
inline std::string Policy(absl::string_view org_id) { return absl::StrCat("p/", org_id); }

// The metrics, each a word, then its parts separated by zero bytes.
inline constexpr absl::string_view kOpened = "opened";      // \0category
inline constexpr absl::string_view kClosed = "closed";      // \0category
inline constexpr absl::string_view kIncident = "incident";  // \0kind\0severity
inline constexpr absl::string_view kAchieved = "achieved";
inline constexpr absl::string_view kNotAchieved = "not_achieved";
inline constexpr absl::string_view kReviews = "reviews";
inline constexpr absl::string_view kGrade = "grade";  // \0criterion\0grade
inline constexpr absl::string_view kContactBreach = "contact_breach";
inline constexpr absl::string_view kIncidentBreach = "incident_breach";  // \0kind
inline constexpr absl::string_view kHeld = "held";    // \0worker\0kind\0complexity: seconds
inline constexpr absl::string_view kNoted = "noted";  // \0worker: files with work recorded
// \0breach metric: the response times running out in the month not yet met or counted.
inline constexpr absl::string_view kDue = "due";

}  // namespace caseledger::projections::report_keys
