#pragma once

#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "app/case_command_runner.h"
#include "app/subjects.h"
#include "base/clock.h"
#include "caseledger/v1/views.pb.h"
#include "privacy/subject_keys.h"
#include "projections/projection_engine.h"

namespace caseledger::app {

struct RetentionReport {
  std::vector<std::string> archived_cases;
  std::vector<std::string> erased_subjects;
};

// Applies each organisation's retention rule (Policy.retention) as events: a closed case
// is archived archive_closed_after_days after it closed, and a data subject is erased once
// every one of their cases has been archived for erase_archived_after_days. The rule acts
// as actor "retention", role "policy"; no caller's role applies to it. Thread-safe.
class Retention {
 public:
  static constexpr char kActor[] = "retention";
  static constexpr char kRole[] = "policy";

  Retention(CaseCommandRunner& runner, Subjects& subjects, privacy::SubjectKeys& keys,
            projections::ProjectionEngine& engine, const Clock& clock)
      : runner_(runner), subjects_(subjects), keys_(keys), engine_(engine), clock_(clock) {}
  ~Retention() { Stop(); }

  // One pass over every case in the caseload view. Waits for each step: for a thread of its
  // own, never one that answers calls or commits the log.
  absl::StatusOr<RetentionReport> Apply();

  // Applies the rule every `interval` on a thread of its own, until Stop.
  void Start(absl::Duration interval);
  void Stop();

 private:
  absl::Status Archive(const v1::CaseSummary& summary, const v1::Retention& rule);

  CaseCommandRunner& runner_;
  Subjects& subjects_;
  privacy::SubjectKeys& keys_;
  projections::ProjectionEngine& engine_;
  const Clock& clock_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace caseledger::app
