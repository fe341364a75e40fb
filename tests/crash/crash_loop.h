#pragma once

// The crash loop: caseledgerd under a mixed load from many clients, relaying to a real
// nats-server, killed with SIGKILL again and again (under load, mid-erasure, during startup
// recovery, during a projection rebuild), and after each kill and each restart checked against
// what its clients were told.

#include <cstdint>
#include <string>

#include "tests/crash/tally.h"

namespace caseledger::crash {

struct CrashLoopOptions {
  std::string caseledgerd;  // the binary
  int kills = 10;
  uint64_t seed = 1;
  int clients = 8;
  // How long the load runs before a kill aimed at nothing in particular, at most.
  int max_load_ms = 1500;
};

Tally RunCrashLoop(const CrashLoopOptions& options);

}  // namespace caseledger::crash
