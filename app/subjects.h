#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "app/access_control.h"
#include "app/access_log.h"
#include "app/case_command_runner.h"
#include "app/work_queue.h"
#include "caseledger/v1/subjects.pb.h"
#include "eventstore/event_store.h"
#include "privacy/subject_keys.h"

namespace caseledger::app {

// A data subject's rights: the export of everything held about them, and erasure. Both are
// slow (many cases; an erasure flushes and compacts the keys) and run one at a time on a
// thread of their own, so no caller's thread waits for them. For every call: the request and
// the response must live until `done` runs, once, on any thread. Thread-safe.
class Subjects {
 public:
  using Done = std::function<void(absl::Status)>;
  using Erased = std::function<void(absl::StatusOr<std::vector<std::string>>)>;

  Subjects(const AccessControl& access, AccessLog& log, const eventstore::EventStore& store,
           privacy::SubjectKeys& keys, CaseCommandRunner& runner)
      : access_(access), log_(log), store_(store), keys_(keys), runner_(runner) {}
  // Waits for the erasures and exports under way to finish.
  ~Subjects();

  void EraseSubject(const Actor& actor, const v1::EraseSubjectRequest& request,
                    v1::EraseSubjectResponse* response, Done done);
  // Everything held about the subject as JSON: each case, its history and who viewed it.
  // Each case's view is recorded in the access log.
  void ExportSubject(const Actor& actor, const v1::ExportSubjectRequest& request,
                     v1::ExportSubjectResponse* response, Done done);

  // Erases data subject `subject_id` of organisation `org_id`: records SubjectErased, with
  // `reason`, on each of their cases as `actor`, then destroys their key. Safe to repeat
  // after a failure: cases already done are skipped. `done` gets the cases. `by_policy`: the
  // retention rule acts, and no role applies.
  void Erase(Actor actor, std::string org_id, std::string subject_id, std::string reason,
             bool by_policy, Erased done);

  // Subjects erased (their key destroyed) since the start.
  uint64_t erasures_done() const { return erasures_done_.load(std::memory_order_relaxed); }

 private:
  struct Erasure;
  struct Export;
  // Records SubjectErased on the erasure's next case not yet erased, then goes on.
  void EraseNextCase(std::shared_ptr<Erasure> erasure);
  void EraseKey(std::shared_ptr<Erasure> erasure);
  void ExportNextCase(std::shared_ptr<Export> job);
  // `done`, counted as under way until it has run.
  template <typename Callback>
  Callback Counted(Callback done);

  const AccessControl& access_;
  AccessLog& log_;
  const eventstore::EventStore& store_;
  privacy::SubjectKeys& keys_;
  CaseCommandRunner& runner_;
  absl::Mutex mu_;
  int under_way_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<uint64_t> erasures_done_{0};
  // Last, so it stops (finishing what is queued) before the rest goes.
  WorkQueue work_;
};

}  // namespace caseledger::app
