#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/access_control.h"
#include "app/access_log.h"
#include "app/audit_reads.h"
#include "app/authorizer.h"
#include "app/backups.h"
#include "app/case_command_runner.h"
#include "app/case_reads.h"
#include "app/policies.h"
#include "app/provider_commands.h"
#include "app/provider_reads.h"
#include "app/retention.h"
#include "app/roles.h"
#include "app/subjects.h"
#include "app/supervision_reads.h"
#include "app/work_plans.h"
#include "app/worker_command_runner.h"
#include "base/clock.h"
#include "eventstore/storage.h"
#include "privacy/subject_keys.h"
#include "projections/projection_engine.h"

namespace caseledger::app {

struct ApplicationOptions {
  // Where "now" comes from for commands and judgements.
  const Clock* clock = &SystemClock();
  projections::EngineOptions projections;
  // Cases the caseload projection keeps folded in memory (and records the programme projection
  // keeps): fewer cost a fold from the log when a case not kept changes, more cost memory (a
  // case's fold takes some kilobytes, growing with its notes).
  size_t cached_cases = 100000;
  // Revisions between the folds of each case that ReplayCase starts from: those the
  // replay-folds view keeps of every case (projections::ReplayFoldsProjection), and those kept
  // in memory of the cases replayed (projections::ReplaySnapshots). 0: none, every replay folds
  // from the case's first event.
  uint64_t replay_fold_every = 100;
  // How often the retention rule is applied; zero: never.
  absl::Duration retention_interval = absl::Hours(1);
  // Who may do what; nullptr: the role table (RoleAuthorizer).
  const Authorizer* authorizer = nullptr;
  // When set, told the stages of every case command that reaches the store. Must outlive the
  // application.
  CommandStageObserver* command_stages = nullptr;
  // Where the records of who read what are appended (a read replica's sends them to its
  // primary); nullptr: the storage's log. Reads of them are made through it too. Must outlive
  // the application.
  eventstore::EventStore* access_records = nullptr;
};

// The projections the reads are served from, fed by `log`: what an Application keeps up to
// date, and what a check rebuilds to compare with them.
// `cached_cases`: the cases each projection keeps folded in memory (ApplicationOptions).
std::vector<std::unique_ptr<projections::Projection>> Projections(const eventstore::EventStore& log,
                                                                  size_t cached_cases);

// caseledger's workflows over one Storage, whatever transport carries the calls: the access
// control every call passes, the case commands, the reads of cases, caseloads and audit
// trails, policies, providers and the inspection programme, inspectors' work plans, data
// subjects' rights and the retention rule, with the projections that feed the reads. Transports
// (services/) are adapters of these. Thread-safe.
class Application {
 public:
  // Opens the subject keys, starts the projections (and, with an interval, the retention
  // rule). The storage must outlive the application.
  static absl::StatusOr<std::unique_ptr<Application>> Start(eventstore::Storage storage,
                                                            const ApplicationOptions& options);
  // Stop()s.
  ~Application();

  // Stops the retention rule and the projections; the workflows under way finish.
  void Stop();

  eventstore::Storage& storage() { return storage_; }
  privacy::SubjectKeys& keys() { return *keys_; }
  const AccessControl& access() const { return access_; }
  const AccessLog& access_log() const { return access_log_; }
  projections::ProjectionEngine& projections() { return engine_; }
  CaseCommandRunner& commands() { return runner_; }
  WorkerCommandRunner& worker_commands() { return worker_runner_; }
  CaseReads& case_reads() { return case_reads_; }
  SupervisionReads& supervision_reads() { return supervision_reads_; }
  AuditReads& audit_reads() { return audit_reads_; }
  Policies& policies() { return policies_; }
  ProviderCommands& providers() { return providers_; }
  ProviderReads& provider_reads() { return provider_reads_; }
  WorkPlans& work_plans() { return work_plans_; }
  Subjects& subjects() { return subjects_; }
  Retention& retention() { return retention_; }
  BackupWorkflow& backups() { return backups_; }

 private:
  Application(eventstore::Storage storage, std::unique_ptr<privacy::SubjectKeys> keys,
              const ApplicationOptions& options);
  // The team of the worker's open cases in the caseload view once it has every event
  // committed at the call; empty when they hold none. See WorkerCommandRunner::TeamOfCases.
  void TeamOfCases(const std::string& org_id, const std::string& worker_id,
                   std::function<void(absl::StatusOr<std::string>)> done);

  eventstore::Storage storage_;
  std::unique_ptr<privacy::SubjectKeys> keys_;
  const RoleAuthorizer roles_;
  AccessLog access_log_;
  AccessControl access_;
  projections::ProjectionEngine engine_;
  CaseCommandRunner runner_;
  WorkerCommandRunner worker_runner_;
  CaseReads case_reads_;
  SupervisionReads supervision_reads_;
  AuditReads audit_reads_;
  Policies policies_;
  ProviderCommands providers_;
  ProviderReads provider_reads_;
  WorkPlans work_plans_;
  Subjects subjects_;
  Retention retention_;
  BackupWorkflow backups_;
};

}  // namespace caseledger::app
