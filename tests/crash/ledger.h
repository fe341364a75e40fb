#pragma once

// What the crash loop's clients sent and what each was answered: their own record, which the
// log, the views and the relayed stream are checked against after every kill.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/support/status.h"

namespace caseledger::crash {

enum class Outcome {
  kAcknowledged,  // answered OK: it must be in the log exactly once, for good
  kRefused,       // answered with an error of its own (ABORTED, FAILED_PRECONDITION, ...)
  kUnanswered,    // the server went away first: it may or may not have been applied
};

struct SentCommand {
  std::string method;   // "OpenCase", "RecordNote", "SetPolicy" or "EraseSubject"
  std::string request;  // the serialized request, to send again with the same id
  std::string command_id;
  std::string case_id;  // the case a case command is about
  std::string subject;  // the data subject an erasure is about
  Outcome outcome = Outcome::kUnanswered;
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string message;
  // An acknowledged command's answer: the log position of its last event, and the case's
  // revision (a policy's version) after it.
  uint64_t position = 0;
  uint64_t revision = 0;
  bool duplicate = false;
};

// Every command the clients sent, with its latest answer. Thread-safe.
class Ledger {
 public:
  void Record(SentCommand command) ABSL_LOCKS_EXCLUDED(mu_);
  // A copy of everything recorded, in the order recorded.
  std::vector<SentCommand> Commands() const ABSL_LOCKS_EXCLUDED(mu_);
  // Replaces the command recorded at `index` (after it was sent again).
  void Update(size_t index, SentCommand command) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  std::vector<SentCommand> commands_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::crash
