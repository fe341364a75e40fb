#pragma once

// caseledgerd as the crash loop runs it: syncing every acknowledged append, relaying to a real
// nats-server, on loopback ports of its own choosing, with few cases kept in memory.

#include <cstddef>
#include <memory>
#include <string>

#include "tests/support/child_process.h"

namespace caseledger::crash {

// The cases each projection keeps folded in memory (--cached-cases): so few that the caseload
// view stores the fold of most open cases and reads it back after every restart.
inline constexpr size_t kCachedCases = 8;

class Daemon {
 public:
  Daemon(const std::string& caseledgerd, const std::string& data, const std::string& nats_url);

  // Waits until it listens; its address, or empty (and its stderr in `why`) after a minute.
  std::string WaitUntilListening(std::string& why);
  // SIGKILL, and waits for it to be gone.
  void Kill();
  // After Kill: whether it had begun to listen.
  bool Listened();
  // SIGTERM; whether it then exits 0.
  bool Terminate();

 private:
  std::unique_ptr<testing::ChildProcess> process_;
};

}  // namespace caseledger::crash
