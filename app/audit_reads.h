#pragma once

#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/access_control.h"
#include "app/access_log.h"
#include "app/case_command_runner.h"
#include "caseledger/v1/audit.pb.h"
#include "eventstore/event_store.h"
#include "privacy/subject_keys.h"
#include "projections/history_pages.h"
#include "projections/projection_engine.h"
#include "projections/replay_snapshots.h"

namespace caseledger::app {

// What the Audit API reads: case histories, point-in-time replay, the per-actor trail,
// verification of the log's hash chain, and who viewed each case. Histories and replays are
// recorded in the access log before they are answered. For every call: the request and the
// response must live until `done` runs, once, on any thread. Thread-safe.
class AuditReads {
 public:
  using Done = std::function<void(absl::Status)>;
  using History = std::shared_ptr<const v1::GetCaseHistoryResponse>;

  AuditReads(const AccessControl& access, AccessLog& log, const eventstore::EventStore& store,
             const privacy::SubjectKeys& keys, projections::ProjectionEngine& engine,
             CaseCommandRunner& runner, uint64_t replay_fold_every)
      : access_(access),
        log_(log),
        store_(store),
        keys_(keys),
        engine_(engine),
        runner_(runner),
        pages_(store, keys),
        snapshots_(keys, replay_fold_every) {}

  // Drops the history pages and the replays' folds kept opened (a subject is being erased).
  void ForgetKept() {
    pages_.Clear();
    snapshots_.Clear();
  }

  // A page of the case's history, shared with other callers of the same page (read-only).
  void GetCaseHistory(const Actor& actor, const v1::GetCaseHistoryRequest& request,
                      std::function<void(absl::StatusOr<History>)> done);
  void ReplayCase(const Actor& actor, const v1::ReplayCaseRequest& request,
                  v1::ReplayCaseResponse* response, Done done);
  void VerifyLog(const Actor& actor, const v1::VerifyLogRequest& request,
                 v1::VerifyLogResponse* response, Done done);
  // The events the request's actor caused in the caller's organisation: none for an actor
  // of another.
  void ListActorEvents(const Actor& actor, const v1::ListActorEventsRequest& request,
                       absl::Time deadline, v1::ListActorEventsResponse* response, Done done);
  void ListCaseAccess(const Actor& actor, const v1::ListCaseAccessRequest& request,
                      v1::ListCaseAccessResponse* response, Done done);

 private:
  const AccessControl& access_;
  AccessLog& log_;
  const eventstore::EventStore& store_;
  const privacy::SubjectKeys& keys_;
  projections::ProjectionEngine& engine_;
  CaseCommandRunner& runner_;
  // A case file read again is answered from the pages kept, shared rather than copied.
  projections::HistoryPages pages_;
  // A case replayed again is folded from the nearest fold kept.
  projections::ReplaySnapshots snapshots_;
};

}  // namespace caseledger::app
