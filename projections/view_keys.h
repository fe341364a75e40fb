#pragma once

// Key layouts of the caseload view. Ids never hold a zero byte, which separates parts.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"

namespace caseledger::projections::view_keys {

// A time as a key part that sorts in time order (times before 1970 before those after).
std::string TimeKey(const google::protobuf::Timestamp& t);

// Every case: its summary.
std::string Case(absl::string_view case_id);
inline constexpr absl::string_view kCasePrefix = "c/";
// Open cases by worker and by team: keys only; the summary is under Case().
std::string WorkerCase(absl::string_view worker_id, absl::string_view case_id);
std::string WorkerPrefix(absl::string_view worker_id);
std::string TeamCase(absl::string_view team_id, absl::string_view case_id);
std::string TeamPrefix(absl::string_view team_id);
// Open deadlines by due time.
std::string Diary(const google::protobuf::Timestamp& due_at, absl::string_view case_id,
                  absl::string_view deadline_id);
std::string DiaryFrom(const google::protobuf::Timestamp& due_at);
inline constexpr absl::string_view kDiaryPrefix = "d/";
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
