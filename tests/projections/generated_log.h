#pragma once

#include <memory>

#include "absl/time/clock.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "projections/projection_engine.h"
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
    engine_.reset();
    commands_.reset();
    store_.reset();
  }

  // Starts the projection engine with `projection`, in batches of `batch` events.
  void StartEngine(std::unique_ptr<Projection> projection, size_t batch = 97) {
    EngineOptions options;
    options.batch_events = batch;
    options.catch_up_batch_events = batch;
    engine_ = std::make_unique<ProjectionEngine>(*store_, store_->storage().views,
                                                 store_->storage().checkpoints, options);
    ASSERT_THAT(engine_->Add(std::move(projection)), ::caseledger::testing::IsOk());
  }

  // Whether the projection named `name` reached the log's head within a minute.
  bool CaughtUp(const std::string& name) {
    return engine_->WaitForPosition(name, store_->Head().position, absl::Now() + absl::Seconds(60));
  }

  // Runs `commands` commands of a generated history of `cases` cases over the last 120 days,
  // each to its result. A later call goes on with the same history (and its number of cases).
  void Generate(int commands, int cases) {
    if (generator_ == nullptr) {
      tools::HistoryOptions options;
      options.seed = 7;
      options.cases = cases;
      options.workers = 12;
      options.teams = 3;
      options.start = absl::Now() - absl::Hours(24 * 120);
      options.step = absl::Minutes(20);
      generator_ = std::make_unique<tools::HistoryGenerator>(options);
    }
    for (int i = 0; i < commands; ++i) {
      ASSERT_THAT(testing::RunCommand(commands_->runner(), generator_->Next()),
                  ::caseledger::testing::IsOk());
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<eventstore::RocksDbEventStore> store_;
  std::unique_ptr<testing::OpenRunner> commands_;
  std::unique_ptr<ProjectionEngine> engine_;
  std::unique_ptr<tools::HistoryGenerator> generator_;
};

}  // namespace caseledger::projections
