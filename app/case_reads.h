#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "app/access_control.h"
#include "app/access_log.h"
#include "app/case_command_runner.h"
#include "app/worker_command_runner.h"
#include "base/clock.h"
#include "caseledger/v1/caseload.pb.h"
#include "projections/projection_engine.h"
#include "projections/view.h"

namespace caseledger::app {

// What the Caseload API reads: one case's current state from its stream, and caseloads,
// workload, the diary and the attention list from the caseload view. Viewing a case is
// recorded in the access log before it is answered. A list waits, without holding a thread,
// until the view includes the request's min_position or `deadline` passes.
// For every call: the request and the response must live until `done` runs, once, on any
// thread. Thread-safe.
class CaseReads {
 public:
  using Done = std::function<void(absl::Status)>;

  // `workers`, when given, gives the monitoring levels that make a file review overdue in
  // a worker's or a team's attention list.
  CaseReads(const AccessControl& access, AccessLog& log, projections::ProjectionEngine& engine,
            CaseCommandRunner& runner, const Clock& clock, WorkerCommandRunner* workers = nullptr)
      : access_(access),
        log_(log),
        engine_(engine),
        runner_(runner),
        clock_(clock),
        workers_(workers) {}

  // Waits, until `deadline`, for the log to hold min_position (on a read replica it may not yet).
  void GetCase(const Actor& actor, const v1::GetCaseRequest& request, absl::Time deadline,
               v1::CaseView* response, Done done);
  void ListCaseload(const Actor& actor, const v1::ListCaseloadRequest& request, absl::Time deadline,
                    v1::ListCaseloadResponse* response, Done done);
  void GetWorkload(const Actor& actor, const v1::GetWorkloadRequest& request, absl::Time deadline,
                   v1::GetWorkloadResponse* response, Done done);
  void ListDiary(const Actor& actor, const v1::ListDiaryRequest& request, absl::Time deadline,
                 v1::ListDiaryResponse* response, Done done);
  void ListAttention(const Actor& actor, const v1::ListAttentionRequest& request,
                     absl::Time deadline, v1::ListAttentionResponse* response, Done done);

 private:
  // GetCase once the log holds its min_position.
  void Fold(const Actor& actor, const v1::GetCaseRequest& request, v1::CaseView* response,
            Done done);
  // Answers a list: admits `actor` to `method` on `worker_id`'s or `team_id`'s work, waits
  // until the view has reached `min_position`, then finishes with what `answer` says.
  using Answer = std::function<absl::Status(const projections::View&)>;
  void Query(const Actor& actor, const char* method, const std::string& worker_id,
             const std::string& team_id, uint64_t min_position, absl::Time deadline, Answer answer,
             Done done);

  // Each worker's capacity in the work plan whose period holds now, and their sum.
  absl::Status AddCapacity(const projections::View& programme, const std::string& org_id,
                           v1::GetWorkloadResponse& response) const;

  const AccessControl& access_;
  AccessLog& log_;
  projections::ProjectionEngine& engine_;
  CaseCommandRunner& runner_;
  const Clock& clock_;
  WorkerCommandRunner* const workers_;
};

}  // namespace caseledger::app
