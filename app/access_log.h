#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "app/actor.h"
#include "caseledger/v1/audit.pb.h"
#include "eventstore/event_store.h"

namespace caseledger::app {

// The record of who viewed a case's content and who was refused: AccessRecorded events on
// stream access-case-<case_id>, or access-org-<org_id> for a refusal that names no case of the
// caller's organisation (none, one that does not exist, or another organisation's), so each
// organisation is shown only its own callers. In the log, so they are hash-chained like every
// decision. Thread-safe.
class AccessLog {
 public:
  using Done = std::function<void(absl::Status)>;

  explicit AccessLog(eventstore::EventStore& store) : store_(store) {}

  static std::string StreamOf(absl::string_view case_id, absl::string_view org_id);

  // Records that `actor` was shown the content of case `case_id` by `method`; `done` runs
  // once the record is durable (or could not be written), on any thread. Callers answer
  // only then: no read goes unrecorded.
  void RecordView(const Actor& actor, absl::string_view method, const std::string& case_id,
                  Done done);

  // Records that `actor` was refused `method` on case `case_id` (empty: none named), with
  // `reason`, under the case if `case_is_theirs` (it exists, in the actor's organisation),
  // else under the actor's organisation; `done` runs once the record is durable or could not
  // be written.
  void RecordRefusal(const Actor& actor, absl::string_view method, const std::string& case_id,
                     bool case_is_theirs, absl::string_view reason, Done done);

  // A page of the case's access records of callers in `org_id`, oldest first (a page may hold
  // fewer than asked, even none, with next_revision set); `case_id` empty: the refusals in
  // `org_id` that named no case of `org_id`.
  absl::StatusOr<v1::ListCaseAccessResponse> List(const v1::ListCaseAccessRequest& request,
                                                  absl::string_view org_id) const;

  // Access records durably written since the start.
  uint64_t records_written() const { return records_written_.load(std::memory_order_relaxed); }

 private:
  eventstore::AppendRequest Append(const Actor& actor, absl::string_view method,
                                   const std::string& case_id, bool on_case, bool granted,
                                   absl::string_view reason) const;

  // `done`, after counting a record written.
  std::function<void(absl::StatusOr<eventstore::AppendResult>)> Counted(Done done);

  eventstore::EventStore& store_;
  std::atomic<uint64_t> records_written_{0};
};

}  // namespace caseledger::app
