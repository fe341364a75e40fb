#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "app/access_control.h"
#include "app/stream_cache.h"
#include "app/work_queue.h"
#include "base/clock.h"
#include "caseledger/v1/supervision.pb.h"
#include "caseledger/v1/worker_record.pb.h"
#include "domain/worker.h"
#include "eventstore/event_store.h"
#include "privacy/subject_keys.h"

namespace caseledger::app {

// One command on a worker's record, with the domain decision it asks for.
struct WorkerCommand {
  v1::WorkerCommandHeader header;
  // One of methods.h: what the authorizer is asked about.
  std::string method;
  // The request left its new record's id empty: the record takes the command_id as its id.
  bool assigns_id = false;
  std::function<absl::StatusOr<domain::WorkerEvents>(const v1::WorkerState&,
                                                     const domain::WorkerContext&)>
      decide;
};

// Carries out commands on workers' records (stream worker-<id>) as CaseCommandRunner does on
// cases: the idempotency check, loading the record, authorization on the worker and their
// team, the decision, sealing personal fields under the worker's key, and the append at the
// loaded revision, retried a few times on a concurrent change unless the command named its
// expected revision. Never waits on another thread: each command ends in its callback.
// Thread-safe; the store must outlive it.
class WorkerCommandRunner {
 public:
  using Done = std::function<void(absl::StatusOr<v1::WorkerCommandResult>)>;
  // Answers `done` with the team of `worker_id`'s open cases in `org_id` (empty when they
  // have none), as they stand once every command acknowledged before the call is seen: where
  // a worker belongs until their record says. `done` may run on another thread.
  using TeamOfCases = std::function<void(const std::string& org_id, const std::string& worker_id,
                                         std::function<void(absl::StatusOr<std::string>)> done)>;
  using TargetDone = std::function<void(absl::StatusOr<Target>)>;

  static constexpr int kMaxAttempts = 5;

  WorkerCommandRunner(eventstore::EventStore& store, privacy::SubjectKeys& keys,
                      const AccessControl& access, const Clock& clock, TeamOfCases team_of_cases);

  // Runs `command` for `actor`; `done` is called once, on any thread, without locks held.
  void Run(WorkerCommand command, Actor actor, Done done);

  // The worker's record folded to its last event, personal fields opened; revision 0 when it
  // has none yet.
  absl::StatusOr<std::shared_ptr<const Folded<v1::WorkerState>>> LoadWorker(
      const std::string& worker_id);

  // What a call about `worker_id`'s record (`state`) concerns, for the authorizer: the worker,
  // their organisation, and their team: as their record says, else the team of their open
  // cases, else (when they ask about themselves) the caller's own. Answers at once when the
  // record names the team; otherwise once the cases are known.
  void TargetOf(const Actor& actor, const std::string& worker_id, const v1::WorkerState& state,
                TargetDone done) const;

  // Drops the records kept opened (a subject is being erased).
  void ForgetKeptRecords() { workers_.Forget(); }

 private:
  struct Attempt;
  void Try(std::shared_ptr<Attempt> attempt);
  // Authorizes, decides and appends the attempt on the worker's record as `folded` has it.
  void DecideAndAppend(std::shared_ptr<Attempt> attempt,
                       std::shared_ptr<const Folded<v1::WorkerState>> folded, const Target& target);
  void AnswerRepeat(std::shared_ptr<Attempt> attempt, eventstore::AppendResult first);

  eventstore::EventStore& store_;
  privacy::SubjectKeys& keys_;
  const AccessControl& access_;
  const Clock& clock_;
  const TeamOfCases team_of_cases_;
  StreamCache<v1::WorkerState> workers_;
  WorkQueue retries_;
};

}  // namespace caseledger::app
