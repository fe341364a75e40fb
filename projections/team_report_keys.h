#pragma once

// Key layouts of the team report view. Ids never hold a zero byte, which separates parts;
// months are "YYYY-MM", so a team's counts sort by month.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace caseledger::projections::report_keys {

inline constexpr absl::string_view kSeparator("\0", 1);

// Each case: its ReportCase.
inline std::string Case(absl::string_view case_id) { return absl::StrCat("c/", case_id); }
// The cases of a team with something still open (held, a contact due, an incident awaiting
// its response): their ReportCase.
inline std::string OpenPrefix(absl::string_view org_id, absl::string_view team_id) {
  return absl::StrCat("o/", org_id, kSeparator, team_id, kSeparator);
}
inline std::string Open(absl::string_view org_id, absl::string_view team_id,
                        absl::string_view case_id) {
  return absl::StrCat(OpenPrefix(org_id, team_id), case_id);
}
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

}  // namespace caseledger::projections::report_keys
