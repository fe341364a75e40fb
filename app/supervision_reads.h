#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/access_control.h"
#include "app/case_command_runner.h"
#include "app/worker_command_runner.h"
#include "base/clock.h"
#include "caseledger/v1/supervision.pb.h"
#include "caseledger/v1/team_report.pb.h"
#include "projections/projection_engine.h"

namespace caseledger::app {

// What the Supervision API reads: a worker's record (folded from their stream), their file
// reviews, the files due for review under each worker's monitoring level, inboxes of
// escalations, and a team's report. A read of a worker's record is authorized on the worker and
// their team (WorkerCommandRunner::TargetOf). Lists wait, without holding a thread, until their
// view includes the request's min_position or `deadline` passes. For every call: the request
// and the response must live until `done` runs, once, on any thread. Thread-safe.
class SupervisionReads {
 public:
  using Done = std::function<void(absl::Status)>;
  // The inbox as the views stand when called.
  using InboxReader = std::function<absl::StatusOr<v1::ListInboxResponse>()>;

  SupervisionReads(const AccessControl& access, projections::ProjectionEngine& engine,
                   CaseCommandRunner& cases, WorkerCommandRunner& workers, const Clock& clock)
      : access_(access), engine_(engine), cases_(cases), workers_(workers), clock_(clock) {}

  void GetWorkerRecord(const Actor& actor, const v1::GetWorkerRecordRequest& request,
                       v1::WorkerRecord* response, Done done);
  void ListWorkerReviews(const Actor& actor, const v1::ListWorkerReviewsRequest& request,
                         absl::Time deadline, v1::ListWorkerReviewsResponse* response, Done done);
  void ListFilesDueForReview(const Actor& actor, const v1::ListFilesDueForReviewRequest& request,
                             absl::Time deadline, v1::ListFilesDueForReviewResponse* response,
                             Done done);
  void ListInbox(const Actor& actor, const v1::ListInboxRequest& request, absl::Time deadline,
                 v1::ListInboxResponse* response, Done done);
  void GetTeamReport(const Actor& actor, const v1::GetTeamReportRequest& request,
                     absl::Time deadline, v1::TeamReport* response, Done done);

  // Admits `actor` to follow the request's inbox; `done` gets a reader of it, for the caller
  // to read again as the caseload view moves on (engine().WhenReached).
  void FollowInbox(const Actor& actor, const v1::FollowInboxRequest& request,
                   std::function<void(absl::StatusOr<InboxReader>)> done);
  projections::ProjectionEngine& engine() { return engine_; }

 private:
  // Admits `actor` to `method` on `worker_id`'s record: an id (INVALID_ARGUMENT naming
  // `field` otherwise), then the role table on the worker and their team (a refusal is
  // recorded). `done` gets the record or the error.
  void AdmitToWorker(
      const Actor& actor, const char* method, const std::string& field,
      const std::string& worker_id,
      std::function<void(absl::StatusOr<std::shared_ptr<const Folded<v1::WorkerState>>>)> done);
  // The view keys of the inbox of `worker_id` as seen by `actor`: their own includes the role
  // they hold in their team.
  static std::vector<std::string> InboxOwners(const Actor& actor, const std::string& worker_id);

  const AccessControl& access_;
  projections::ProjectionEngine& engine_;
  CaseCommandRunner& cases_;
  WorkerCommandRunner& workers_;
  const Clock& clock_;
};

}  // namespace caseledger::app
