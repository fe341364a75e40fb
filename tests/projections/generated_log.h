#pragma once

#include <memory>

#include "absl/time/clock.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "tests/support/run_command.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tools/history_generator.h"

namespace caseledger::projections {

// A log on RocksDB in a fresh folder, written through a command runner that lets everyone do
// everything: for tests of what the read side makes of a history generated through the domain.
class GeneratedLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    eventstore::StoreOptions options;
    options.path = dir_.Sub("data");
    options.durability = eventstore::Durability::kOs;
    store_ = *eventstore::RocksDbEventStore::Open(options);
    commands_ = std::make_unique<testing::OpenRunner>(store_->storage());
  }
  void TearDown() override {
    commands_.reset();
    store_.reset();
  }

  // Runs `commands` commands of a generated history of `cases` cases over the last 120 days,
  // each to its result.
  void Generate(int commands, int cases) {
    tools::HistoryOptions options;
    options.seed = 7;
    options.cases = cases;
    options.workers = 12;
    options.teams = 3;
    options.start = absl::Now() - absl::Hours(24 * 120);
    options.step = absl::Minutes(20);
    tools::HistoryGenerator generator(options);
    for (int i = 0; i < commands; ++i) {
      ASSERT_THAT(testing::RunCommand(commands_->runner(), generator.Next()),
                  ::caseledger::testing::IsOk());
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<eventstore::RocksDbEventStore> store_;
  std::unique_ptr<testing::OpenRunner> commands_;
};

}  // namespace caseledger::projections
