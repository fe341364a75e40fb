#pragma once

// Key layouts of the caseload view. Ids never hold a zero byte, which separates parts.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"

namespace caseledger::projections::view_keys {

// Just past every key that begins with `prefix` (whose last byte is the zero separator).
std::string PrefixEnd(std::string prefix);

// A time as a key part that sorts in time order (times before 1970 before those after).
std::string TimeKey(const google::protobuf::Timestamp& t);

// Every case: its summary.
std::string Case(absl::string_view case_id);
inline constexpr absl::string_view kCasePrefix = "c/";
// An open case's fold (a CaseState), stored when the case left the projection's memory, so
// folding it again reads one row and the events after it rather than its whole stream.
std::string CaseFold(absl::string_view case_id);
inline constexpr absl::string_view kCaseFoldPrefix = "f/";
// Open cases in the caseload's order, for an organisation and for each team and worker in it:
// keys only (the summary is under Case()), each sorting as ListCaseload orders the cases: by
// rank (0 red, 1 amber, 2 green, 3 unassessed), then the next deadline (none last), then the
// case id. The prefix is a worker's when `worker_id` is given, else a team's when `team_id`
// is, else the whole organisation's.
std::string CaseloadPrefix(absl::string_view org_id, absl::string_view team_id,
                           absl::string_view worker_id);
// `deadline_seconds`: the next deadline's, INT64_MAX for none.
std::string CaseloadEntry(absl::string_view prefix, int rank, int64_t deadline_seconds,
                          absl::string_view case_id);
// The bytes of an entry between its prefix and its case id.
inline constexpr size_t kCaseloadPlaceBytes = 9;
// How many entries are under a caseload order prefix (a Position()-encoded count).
std::string CaseloadCount(absl::string_view prefix);
// Entries in time order under a prefix: a key from TimedFrom(prefix, seconds) on, where
// `seconds` (since the epoch) is the entry's time to the second. Each such prefix keeps a count
// of its entries per hour: HourCount(prefix, hour) for `hour` (seconds / 3600, rounded down),
// a Position()-encoded count; HourCounts(prefix) begins them all. From the caseload view's
// version 9, a count per day too: DayCount(prefix, day) for `day` (hour / 24, rounded down),
// begun by DayCounts(prefix).
std::string TimedFrom(absl::string_view prefix, int64_t seconds);
// The seconds whose 8 bytes TimedFrom put after the prefix.
int64_t TimedSeconds(absl::string_view eight_bytes);
inline constexpr size_t kTimedBytes = 8;
std::string HourCount(absl::string_view prefix, int64_t hour);
std::string HourCounts(absl::string_view prefix);
std::string DayCount(absl::string_view prefix, int64_t day);
std::string DayCounts(absl::string_view prefix);
// An organisation's open deadlines by due time (the diary), and apart the action plans'
// among them (whose follow-up inspections the diary adds once they pass). Time-ordered
// entries: each key ends with its due time (to the second), case id and deadline id.
// From version 10, each team's and each worker's diary too, apart: given `team_id` or
// `worker_id` (the worker's when both are), the prefix of that team's or worker's.
std::string DiaryPrefix(absl::string_view org_id, absl::string_view team_id,
                        absl::string_view worker_id);
std::string ActionPlanPrefix(absl::string_view org_id, absl::string_view team_id,
                             absl::string_view worker_id);
std::string DiaryEntry(absl::string_view prefix, const google::protobuf::Timestamp& due_at,
                       absl::string_view case_id, absl::string_view deadline_id);
// The attention list's order for an organisation (AttentionStanding): a prefix for each rank
// (as the caseload's), for the cases that need attention whatever the time apart from those
// that will once their time passes (`timed`). Time-ordered entries: each key ends with the
// second of the case's standing and its case id; no value. Beside the first, a count of
// their entries (CaseloadCount(prefix)).
std::string AttentionPrefix(absl::string_view org_id, bool timed, int rank);
std::string AttentionEntry(absl::string_view prefix, int64_t since_seconds,
                           absl::string_view case_id);
// The organisation's policy the attention entries were judged by.
std::string AttentionPolicy(absl::string_view org_id);
// Escalations awaiting acknowledgement by whom they reach: a person (InboxOfPerson) or a
// role in a team (InboxOfRole); the key ends with the case, escalation and addressee.
std::string InboxOfPerson(absl::string_view actor);
std::string InboxOfRole(absl::string_view team_id, absl::string_view role);
std::string InboxPrefix(absl::string_view owner);
std::string Inbox(absl::string_view owner, absl::string_view case_id,
                  absl::string_view escalation_id, absl::string_view addressee);
// File reviews of each worker's files in an organisation, by the time of the review.
std::string WorkerReviewPrefix(absl::string_view org_id, absl::string_view worker_id);
std::string WorkerReviewFrom(absl::string_view org_id, absl::string_view worker_id,
                             const google::protobuf::Timestamp& at);
std::string WorkerReview(absl::string_view org_id, absl::string_view worker_id,
                         const google::protobuf::Timestamp& at, absl::string_view case_id,
                         absl::string_view review_id);
// Every event by the organisation it belongs to and its actor, in log order: the key ends
// with the position; no value.
std::string ActorEvent(absl::string_view org_id, absl::string_view actor, uint64_t position);
std::string ActorPrefix(absl::string_view org_id, absl::string_view actor);

}  // namespace caseledger::projections::view_keys
