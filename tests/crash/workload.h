#pragma once

// The crash loop's load: clients on threads of their own sending a mix of commands to one
// caseledgerd until it goes away: cases opened, notes on their own cases, notes on a few
// cases they all contend for (with the revision they expect), policy changes and erasures.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "caseledger/v1/policy.pb.h"
#include "tests/crash/ledger.h"

namespace caseledger::crash {

// The cases every client writes to, each with the last revision a client was told.
struct SharedCases {
  static constexpr int kCount = 4;
  static std::string Id(int index) { return "shared-" + std::to_string(index); }
  std::array<std::atomic<uint64_t>, kCount> revisions{};
};

struct WorkloadOptions {
  int clients = 8;
  uint64_t seed = 1;
  // Makes this round's command and case ids unique across the whole loop.
  std::string round;
  // The policy the policy changes start from.
  v1::Policy policy;
};

class Workload {
 public:
  Workload(std::string address, Ledger& ledger, SharedCases& shared, WorkloadOptions options);
  // Stop()s.
  ~Workload();

  // Starts the clients; each stops at its first unanswered call, or at Stop().
  void Start();
  // Tells the clients to stop and waits for them.
  void Stop();

  // Erasures sent so far, and commands acknowledged: what a kill may wait for.
  int erasures_sent() const { return erasures_sent_.load(); }
  int acknowledged() const { return acknowledged_.load(); }

 private:
  void Run(int client);

  const std::string address_;
  Ledger& ledger_;
  SharedCases& shared_;
  const WorkloadOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<int> erasures_sent_{0};
  std::atomic<int> acknowledged_{0};
  std::vector<std::thread> clients_;
};

}  // namespace caseledger::crash
