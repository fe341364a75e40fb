#include "tests/crash/daemon.h"

#include <signal.h>

#include "tests/crash/replay_check.h"

namespace caseledger::crash {

Daemon::Daemon(const std::string& caseledgerd, const std::string& data, const std::string& nats_url)
    : process_(std::make_unique<testing::ChildProcess>(std::vector<std::string>{
          caseledgerd, "--data-dir", data, "--durability", "fsync", "--listen", "127.0.0.1:0",
          "--metrics-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--nats-url", nats_url,
          "--cached-cases", std::to_string(kCachedCases), "--replay-fold-every",
          std::to_string(kReplayFoldEvery)})) {}

std::string Daemon::WaitUntilListening(std::string& why) {
  std::optional<std::string> address = testing::WaitForListening(*process_, absl::Seconds(60));
  if (!address.has_value()) why = process_->Stderr();
  return address.value_or("");
}

void Daemon::Kill() {
  process_->Signal(SIGKILL);
  process_->Wait(absl::Seconds(60));
}

bool Daemon::Listened() {
  // Its output ends with its death: this waits only for the last of it to be read.
  return testing::WaitForListening(*process_, absl::Seconds(10)).has_value();
}

bool Daemon::Terminate() {
  process_->Signal(SIGTERM);
  return process_->Wait(absl::Seconds(60)) == 0;
}

}  // namespace caseledger::crash
