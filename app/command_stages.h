#pragma once

// Where a case command's time goes inside the server, stage by stage, for an operator to see
// (services/metrics: caseledger_command_stage_seconds) and for the benchmarks.

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace caseledger::app {

// In the order a command passes them. What is not in any stage is gRPC's and the client's:
// carrying and reading the call before its handler runs, and the reply after Finish.
enum class CommandStage {
  kAdmit,     // the handler's entry to the runner taking the command: authentication, request
              // to command
  kDecide,    // the idempotency check, loading, authorization, the decision and sealing, up to
              // the append handed to the store
  kAppend,    // the store: the hand-off to its writer, the group's write and fsync, the
              // hand-back
  kComplete,  // folding the appended events into the cached case and making the result
  kReply,     // finishing the call with the result (reactor Finish), which sends it
};
inline constexpr int kCommandStages = static_cast<int>(CommandStage::kReply) + 1;

inline absl::string_view CommandStageName(CommandStage stage) {
  switch (stage) {
    case CommandStage::kAdmit:
      return "admit";
    case CommandStage::kDecide:
      return "decide";
    case CommandStage::kAppend:
      return "append";
    case CommandStage::kComplete:
      return "complete";
    case CommandStage::kReply:
      return "reply";
  }
  return "unknown";
}

// Told each stage of every case command that reached the store, once each, on the thread
// that ran it. Must be thread-safe and quick.
class CommandStageObserver {
 public:
  virtual ~CommandStageObserver() = default;
  virtual void Observe(CommandStage stage, absl::Duration took) = 0;
};

}  // namespace caseledger::app
