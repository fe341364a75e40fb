// The crash loop's checks find what they look for: an acknowledged command missing from the
// log, an answer the log disagrees with, a refused command applied, an erased subject's key
// still stored, and a view that differs from its rebuild.

#include "absl/strings/str_cat.h"
#include "app/application.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "projections/projection_engine.h"
#include "tests/crash/log_check.h"
#include "tests/crash/views.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"
#include "tools/history_generator.h"

namespace caseledger::crash {
namespace {

class CrashChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    eventstore::StoreOptions options;
    options.path = dir_.Sub("data");
    options.durability = eventstore::Durability::kOs;
    store_ = *eventstore::RocksDbEventStore::Open(options);
  }

  // Appends one event to case `case_id` under `command_id`; its position.
  uint64_t Append(const std::string& command_id, const std::string& case_id) {
    eventstore::AppendRequest request;
    request.stream_id = "case-" + case_id;
    request.command_id = command_id;
    eventstore::ProposedEvent event;
    event.type = "NoteRecorded";
    event.payload = "note";
    request.events.push_back(event);
    auto appended = store_->Append(std::move(request));
    EXPECT_TRUE(appended.ok()) << appended.status();
    return appended.ok() ? appended->last_position : 0;
  }

  static SentCommand Note(const std::string& command_id, Outcome outcome, uint64_t position) {
    SentCommand command;
    command.method = "RecordNote";
    command.command_id = command_id;
    command.outcome = outcome;
    command.position = position;
    return command;
  }

  testing::TempDir dir_;
  std::unique_ptr<eventstore::RocksDbEventStore> store_;
};

TEST_F(CrashChecksTest, AMatchingLogCountsNothing) {
  const uint64_t first = Append("a", "1");
  const uint64_t second = Append("b", "1");
  Tally tally;
  Applied applied = CheckLog(*store_,
                             {Note("a", Outcome::kAcknowledged, first),
                              Note("b", Outcome::kUnanswered, 0), Note("c", Outcome::kRefused, 0)},
                             tally);
  EXPECT_TRUE(tally.Clean()) << tally.Summary();
  EXPECT_EQ(tally.events, 2u);
  EXPECT_EQ(applied.at("b"), second) << "an unanswered command found applied";
  EXPECT_FALSE(applied.contains("c"));
}

TEST_F(CrashChecksTest, LostWrongAndRefusedYetAppliedCommandsAreCounted) {
  const uint64_t first = Append("a", "1");
  Append("refused", "1");
  Tally tally;
  CheckLog(*store_,
           {Note("a", Outcome::kAcknowledged, first + 1), Note("gone", Outcome::kAcknowledged, 9),
            Note("refused", Outcome::kRefused, 0)},
           tally);
  EXPECT_EQ(tally.lost, 1u);
  EXPECT_EQ(tally.wrong_answers, 2u);
  EXPECT_EQ(tally.problems.size(), 3u);
  EXPECT_FALSE(tally.Clean());
}

TEST_F(CrashChecksTest, AnErasedSubjectsKeyStillStoredIsCounted) {
  eventstore::TableChanges key;
  key.Put("k/default/subject-9", std::string(32, 'k'));
  ASSERT_TRUE(store_->storage().keys.Write(key).ok());
  SentCommand erase;
  erase.method = "EraseSubject";
  erase.subject = "subject-9";
  erase.case_id = "9";
  erase.outcome = Outcome::kAcknowledged;
  Tally tally;
  CheckLog(*store_, {erase}, tally);
  EXPECT_EQ(tally.erased_readable, 1u);
  EXPECT_EQ(tally.lost, 1u) << "and no SubjectErased on its case";
}

TEST_F(CrashChecksTest, AViewUnlikeItsRebuildIsCounted) {
  // A history of casework, as the history generator makes it.
  testing::OpenRunner commands(store_->storage());
  tools::HistoryOptions options;
  options.seed = 3;
  options.cases = 20;
  options.start = absl::Now() - absl::Hours(24 * 30);
  tools::HistoryGenerator generator(options);
  for (int i = 0; i < 300; ++i) {
    auto result = testing::RunCommand(commands.runner(), generator.Next());
    ASSERT_TRUE(result.ok()) << result.status();
  }
  Tally clean;
  CheckViews(*store_, dir_.Sub("copy-1"), clean);
  EXPECT_TRUE(clean.Clean()) << clean.Summary() << clean.problems.front();

  // The views kept in the store itself, caught up; then a row the log never made slipped
  // into the caseload view.
  const eventstore::Storage storage = store_->storage();
  {
    projections::ProjectionEngine engine(*store_, storage.views, storage.checkpoints, {});
    for (auto& projection : app::Projections(*store_, app::ApplicationOptions().cached_cases)) {
      ASSERT_TRUE(engine.Add(std::move(projection)).ok());
    }
    for (const std::string& name : ProjectionNames()) {
      ASSERT_TRUE(
          engine.WaitForPosition(name, store_->Head().position, absl::Now() + absl::Seconds(60)));
    }
  }
  const std::string name = ProjectionNames().front();
  auto version = storage.checkpoints.Read(projections::ServingKey(name));
  ASSERT_TRUE(version.ok() && version->has_value());
  const std::string view = projections::ViewName(name, static_cast<uint32_t>(**version));
  ASSERT_TRUE(storage.views.OpenView(view).ok());
  eventstore::TableChanges changes;
  changes.Put("zz-not-from-the-log", "x");
  auto at =
      storage.checkpoints.Read(projections::CheckpointKey(name, static_cast<uint32_t>(**version)));
  ASSERT_TRUE(at.ok());
  ASSERT_TRUE(storage.views
                  .Commit(view, changes,
                          projections::CheckpointKey(name, static_cast<uint32_t>(**version)),
                          at->value_or(0))
                  .ok());
  Tally tally;
  CheckViews(*store_, dir_.Sub("copy-2"), tally);
  EXPECT_EQ(tally.projection_mismatches, 1u);
  ASSERT_FALSE(tally.problems.empty());
  EXPECT_NE(tally.problems.front().find("zz-not-from-the-log"), std::string::npos)
      << tally.problems.front();
}

}  // namespace
}  // namespace caseledger::crash
