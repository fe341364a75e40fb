// caseledgerd killed with SIGKILL ten times under a mixed load, relaying to a real nats-server:
// after each kill and each restart, nothing acknowledged is lost or applied twice, the hash
// chain holds, every view equals its rebuild (caseledgerd keeps few cases in memory, so the
// caseload view is written from folds it stored, the rebuild from the events alone), the stream
// holds every event once in order, no erased subject's personal field can be read, and each
// shared or erased case replayed (from the folds caseledgerd keeps of the cases it replays)
// equals the fold of its history.
// scripts/crash-test runs it longer: CASELEDGER_CRASH_KILLS and CASELEDGER_CRASH_SEED choose how
// many kills and which.

#include <cstdlib>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/crash/crash_loop.h"
#include "tests/crash/replay_check.h"

namespace caseledger::crash {
namespace {

int FromEnvironment(const char* name, int otherwise) {
  const char* value = std::getenv(name);
  int number = 0;
  return value != nullptr && absl::SimpleAtoi(value, &number) && number > 0 ? number : otherwise;
}

TEST(CrashLoop, TenKillsUnderLoadLoseNothingAcknowledged) {
  CrashLoopOptions options;
  options.caseledgerd = CASELEDGERD_PATH;
  options.kills = FromEnvironment("CASELEDGER_CRASH_KILLS", 10);
  options.seed = FromEnvironment("CASELEDGER_CRASH_SEED", 1);
  const Tally tally = RunCrashLoop(options);
  std::cout << "crash loop, seed " << options.seed << ": " << tally.Summary() << std::endl;

  EXPECT_TRUE(tally.problems.empty()) << absl::StrJoin(tally.problems, "\n");
  EXPECT_EQ(tally.kills, options.kills);
  EXPECT_GT(tally.kills_in_startup, 0);
  EXPECT_GT(tally.acknowledged, 100u) << "the load ran";
  EXPECT_GT(tally.unanswered, 0u) << "some kills landed mid-command";
  EXPECT_EQ(tally.relayed, tally.events) << "the stream read back in full";
  EXPECT_GT(tally.stored_folds, 0u) << "caseledgerd's caseload view kept cases out of memory";
  EXPECT_EQ(tally.lost, 0u);
  EXPECT_EQ(tally.duplicated, 0u);
  EXPECT_EQ(tally.wrong_answers, 0u);
  EXPECT_EQ(tally.chain_breaks, 0u);
  EXPECT_EQ(tally.projection_mismatches, 0u);
  EXPECT_EQ(tally.relay_gaps, 0u);
  EXPECT_EQ(tally.relay_reorders, 0u);
  EXPECT_EQ(tally.erased_readable, 0u);
  EXPECT_GT(tally.replays, 0u);
  EXPECT_GE(tally.longest_replay, 4 * kReplayFoldEvery) << "replays started from kept folds";
  EXPECT_EQ(tally.replay_mismatches, 0u);
}

}  // namespace
}  // namespace caseledger::crash
