#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/barrier.h"
#include "tests/eventstore/store_fixture.h"
#include "tests/support/data_files.h"

namespace caseledger::eventstore {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::HasSubstr;

using AppendTest = StoreTest;

TEST_F(AppendTest, AssignsRevisionsAndPositionsFromOne) {
  auto first = store_->Append(Request("case-1", ExpectedRevision::NoStream(), 2));
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->first_revision, 1u);
  EXPECT_EQ(first->last_revision, 2u);
  EXPECT_EQ(first->first_position, 1u);
  EXPECT_EQ(first->last_position, 2u);
  auto second = store_->Append(Request("case-2", ExpectedRevision::Any(), 1));
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->last_revision, 1u);
  EXPECT_EQ(second->first_position, 3u);
  EXPECT_EQ(store_->Head().position, 3u);
}

TEST_F(AppendTest, ExpectedRevisionKinds) {
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::StreamExists(), 1)),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("its revision is 0")));
  ASSERT_THAT(store_->Append(Request("s", ExpectedRevision::NoStream(), 1)), IsOk());
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::NoStream(), 1)),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("its revision is 1")));
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::Exact(3), 1)),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("expected revision 3")));
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::Exact(1), 1)), IsOk());
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::StreamExists(), 1)), IsOk());
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::Any(), 1)), IsOk());
  EXPECT_EQ(*store_->StreamRevision("s"), 4u);
}

TEST_F(AppendTest, TwoConcurrentAppendsAtTheSameRevisionExactlyOneWins) {
  ASSERT_THAT(store_->Append(Request("case-1", ExpectedRevision::NoStream(), 1)), IsOk());
  for (int round = 0; round < 50; ++round) {
    const uint64_t revision = *store_->StreamRevision("case-1");
    absl::Barrier start(2);
    absl::StatusOr<AppendResult> results[2];
    std::thread racers[2];
    for (int i = 0; i < 2; ++i) {
      racers[i] = std::thread([&, i] {
        start.Block();
        results[i] = store_->Append(Request("case-1", ExpectedRevision::Exact(revision), 1));
      });
    }
    for (auto& t : racers) t.join();
    const int wins = results[0].ok() + results[1].ok();
    ASSERT_EQ(wins, 1) << results[0].status() << " / " << results[1].status();
    const auto& loser = results[0].ok() ? results[1] : results[0];
    EXPECT_THAT(loser, StatusIs(absl::StatusCode::kAborted,
                                HasSubstr(absl::StrCat("its revision is ", revision + 1))));
  }
  EXPECT_EQ(*store_->StreamRevision("case-1"), 51u);
}

TEST_F(AppendTest, RetriedCommandReturnsFirstResultAndWritesNothingAlsoAfterReopen) {
  auto first = store_->Append(Request("case-1", ExpectedRevision::NoStream(), 2, "cmd-1"));
  ASSERT_THAT(first, IsOk());
  EXPECT_FALSE(first->duplicate);
  // The retry carries the same expectation, which no longer holds: the first result wins.
  auto retry = store_->Append(Request("case-1", ExpectedRevision::NoStream(), 2, "cmd-1"));
  ASSERT_THAT(retry, IsOk());
  EXPECT_TRUE(retry->duplicate);
  EXPECT_EQ(retry->first_position, first->first_position);
  EXPECT_EQ(retry->last_position, first->last_position);
  EXPECT_EQ(retry->last_revision, first->last_revision);
  EXPECT_EQ(store_->Head().position, 2u);

  Reopen();
  auto after_restart = store_->Append(Request("case-1", ExpectedRevision::Any(), 2, "cmd-1"));
  ASSERT_THAT(after_restart, IsOk());
  EXPECT_TRUE(after_restart->duplicate);
  EXPECT_EQ(after_restart->first_position, 1u);
  EXPECT_EQ(after_restart->last_position, 2u);
  EXPECT_EQ(store_->Head().position, 2u);
  EXPECT_EQ(store_->ReadAll(1, 100)->size(), 2u);
  auto looked_up = store_->LookupCommand("cmd-1");
  ASSERT_THAT(looked_up, IsOk());
  ASSERT_TRUE(looked_up->has_value());
  EXPECT_EQ((*looked_up)->last_position(), 2u);
}

TEST_F(AppendTest, ConcurrentRetriesOfOneCommandWriteOnce) {
  constexpr int kThreads = 8;
  absl::Barrier start(kThreads);
  std::vector<absl::StatusOr<AppendResult>> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.Block();
      results[i] = store_->Append(Request("case-1", ExpectedRevision::Any(), 1, "cmd-same"));
    });
  }
  for (auto& t : threads) t.join();
  int originals = 0;
  for (const auto& r : results) {
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(r->first_position, 1u);
    originals += r->duplicate ? 0 : 1;
  }
  EXPECT_EQ(originals, 1);
  EXPECT_EQ(store_->Head().position, 1u);
}

TEST_F(AppendTest, CommandIdReusedOnAnotherStreamIsRefused) {
  ASSERT_THAT(store_->Append(Request("case-1", ExpectedRevision::Any(), 1, "cmd-1")), IsOk());
  EXPECT_THAT(store_->Append(Request("case-2", ExpectedRevision::Any(), 1, "cmd-1")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("case-1")));
  EXPECT_EQ(store_->Head().position, 1u);
}

TEST_F(AppendTest, PositionsAreGaplessUnderEightConcurrentWriters) {
  constexpr int kWriters = 8;
  constexpr int kAppendsEach = 250;
  std::vector<std::vector<uint64_t>> seen(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kAppendsEach; ++i) {
        auto r = store_->Append(
            Request(absl::StrCat("case-", w, "-", i % 7), ExpectedRevision::Any(), 1 + i % 3));
        ASSERT_TRUE(r.ok()) << r.status();
        for (uint64_t p = r->first_position; p <= r->last_position; ++p) seen[w].push_back(p);
      }
    });
  }
  for (auto& t : writers) t.join();
  std::set<uint64_t> all;
  size_t total = 0;
  for (const auto& positions : seen) {
    total += positions.size();
    all.insert(positions.begin(), positions.end());
  }
  ASSERT_EQ(all.size(), total) << "a position was handed out twice";
  EXPECT_EQ(*all.begin(), 1u);
  EXPECT_EQ(*all.rbegin(), total) << "positions have a gap";
  EXPECT_EQ(store_->Head().position, total);

  auto log = store_->ReadAll(1, total + 10);
  ASSERT_THAT(log, IsOk());
  ASSERT_EQ(log->size(), total);
  absl::flat_hash_map<std::string, uint64_t> revisions;
  for (size_t i = 0; i < log->size(); ++i) {
    EXPECT_EQ((*log)[i].position(), i + 1);
    EXPECT_EQ((*log)[i].stream_revision(), ++revisions[(*log)[i].stream_id()])
        << "stream revisions have a gap in " << (*log)[i].stream_id();
  }
  EXPECT_TRUE(store_->VerifyLog(0, 0)->ok);
}

TEST_F(AppendTest, EverythingSurvivesCloseAndReopen) {
  options_.durability = Durability::kFsync;
  Reopen();
  for (int i = 0; i < 20; ++i) {
    ASSERT_THAT(store_->Append(Request(absl::StrCat("case-", i % 4), ExpectedRevision::Any(), 1,
                                       absl::StrCat("cmd-", i))),
                IsOk());
  }
  const LogHead before = store_->Head();
  auto log_before = store_->ReadAll(1, 100);
  ASSERT_THAT(log_before, IsOk());

  Reopen();
  const LogHead after = store_->Head();
  EXPECT_EQ(after.position, before.position);
  EXPECT_EQ(after.hash, before.hash);
  auto log_after = store_->ReadAll(1, 100);
  ASSERT_THAT(log_after, IsOk());
  ASSERT_EQ(log_after->size(), log_before->size());
  for (size_t i = 0; i < log_after->size(); ++i) {
    EXPECT_EQ((*log_after)[i].SerializeAsString(), (*log_before)[i].SerializeAsString());
  }
  EXPECT_EQ(*store_->StreamRevision("case-3"), 5u);
  // The chain continues across the restart.
  ASSERT_THAT(store_->Append(Request("case-9", ExpectedRevision::NoStream(), 1)), IsOk());
  EXPECT_TRUE(store_->VerifyLog(0, 0)->ok);
}

TEST_F(AppendTest, WithFsyncTheWriteAheadLogIsSizedAheadOfWhatItHolds) {
  options_.durability = Durability::kFsync;
  Reopen();
  ASSERT_THAT(store_->Append(Request("case-1", ExpectedRevision::NoStream(), 1)), IsOk());
  // One small event is written; the file is already the size RocksDB preallocates.
  EXPECT_GE(testing::LargestWalFile(dir_.Sub("data")), uintmax_t{1} << 20);
  store_.reset();
  EXPECT_LT(testing::LargestWalFile(dir_.Sub("data")), uintmax_t{64} << 10) << "trimmed on close";
}

TEST_F(AppendTest, WithoutFsyncTheWriteAheadLogIsNotPresized) {
  ASSERT_EQ(options_.durability, Durability::kOs);
  ASSERT_THAT(store_->Append(Request("case-1", ExpectedRevision::NoStream(), 1)), IsOk());
  EXPECT_LT(testing::LargestWalFile(dir_.Sub("data")), uintmax_t{64} << 10);
}

TEST_F(AppendTest, AStreamsRevisionIsRightAsItIsWrittenRefusedAndReopened) {
  EXPECT_EQ(*store_->StreamRevision("s"), 0u) << "never written";
  ASSERT_THAT(store_->Append(Request("s", ExpectedRevision::NoStream(), 3)), IsOk());
  EXPECT_EQ(*store_->StreamRevision("s"), 3u) << "an empty stream asked about is not stuck at 0";
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::Exact(1), 1)),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(*store_->StreamRevision("s"), 3u) << "a refused append changes nothing";
  ASSERT_THAT(store_->Append(Request("s", ExpectedRevision::Exact(3), 2)), IsOk());
  EXPECT_EQ(*store_->StreamRevision("s"), 5u);
  Reopen();
  EXPECT_EQ(*store_->StreamRevision("s"), 5u) << "read from the disk after a reopen";
}

TEST_F(AppendTest, RecordsCarryMetadataAndChainedHashes) {
  AppendRequest request = Request("case-1", ExpectedRevision::NoStream(), 2, "cmd-7");
  request.events[0].event_id = "event-a";
  request.events[0].metadata.set_actor_role("caseworker");
  request.events[0].metadata.set_correlation_id("corr-1");
  request.events[0].metadata.set_causation_id("cause-1");
  request.events[0].metadata.mutable_occurred_at()->set_seconds(1700000000);
  ASSERT_THAT(store_->Append(std::move(request)), IsOk());
  auto log = store_->ReadAll(1, 10);
  ASSERT_THAT(log, IsOk());
  ASSERT_EQ(log->size(), 2u);
  const v1::EventRecord& a = (*log)[0];
  const v1::EventRecord& b = (*log)[1];
  EXPECT_EQ(a.event_id(), "event-a");
  EXPECT_EQ(b.event_id().size(), 36u) << "a generated UUID";
  EXPECT_EQ(a.stream_id(), "case-1");
  EXPECT_EQ(a.type(), "Noted0");
  EXPECT_EQ(a.metadata().actor(), "worker-1");
  EXPECT_EQ(a.metadata().actor_role(), "caseworker");
  EXPECT_EQ(a.metadata().command_id(), "cmd-7");
  EXPECT_EQ(a.metadata().correlation_id(), "corr-1");
  EXPECT_EQ(a.metadata().causation_id(), "cause-1");
  EXPECT_EQ(a.metadata().occurred_at().seconds(), 1700000000);
  EXPECT_GT(a.metadata().recorded_at().seconds(), 1700000000);
  EXPECT_EQ(a.prev_hash(), std::string(32, '\0'));
  EXPECT_EQ(a.hash().size(), 32u);
  EXPECT_EQ(b.prev_hash(), a.hash());
  EXPECT_EQ(store_->Head().hash, b.hash());
}

TEST_F(AppendTest, BadInputIsInvalidArgumentNamingTheField) {
  options_.limits.max_event_bytes = 1024;
  options_.limits.max_events_per_append = 5;
  Reopen();
  EXPECT_THAT(store_->Append(Request("", ExpectedRevision::Any(), 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("stream_id")));
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::Any(), 0)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("events must not be empty")));
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::Any(), 6)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("limit per append is 5")));

  AppendRequest no_type = Request("s", ExpectedRevision::Any(), 2);
  no_type.events[1].type.clear();
  EXPECT_THAT(store_->Append(no_type),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("events[1].type")));

  AppendRequest too_big = Request("s", ExpectedRevision::Any(), 1);
  too_big.events[0].payload = std::string(2000, 'x');
  EXPECT_THAT(store_->Append(too_big),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("limit per event is 1024")));

  EXPECT_THAT(store_->Append(Request(std::string("a\0b", 3), ExpectedRevision::Any(), 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("zero byte")));
  EXPECT_THAT(store_->Append(Request(std::string(300, 's'), ExpectedRevision::Any(), 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("stream_id is 300 bytes")));
  EXPECT_EQ(store_->Head().position, 0u) << "a refused append wrote nothing";
}

TEST_F(AppendTest, QueuedAppendsCompleteBeforeClose) {
  // Closing drains the queue: an acknowledged append is never dropped.
  StoreOptions options = options_;
  options.path = dir_.Sub("other");
  auto store = RocksDbEventStore::Open(options);
  ASSERT_THAT(store, IsOk());
  std::atomic<int> completed{0};
  for (int i = 0; i < 100; ++i) {
    (*store)->AppendAsync(Request("s", ExpectedRevision::Any(), 1), [&](auto r) {
      EXPECT_TRUE(r.ok()) << r.status();
      ++completed;
    });
  }
  store->reset();
  EXPECT_EQ(completed.load(), 100) << "every queued append completed before close";
  auto reopened = RocksDbEventStore::Open(options);
  ASSERT_THAT(reopened, IsOk());
  EXPECT_EQ((*reopened)->Head().position, 100u);
}

TEST_F(AppendTest, SecondOpenOfTheSameFolderIsRefused) {
  StoreOptions options = options_;
  options.path = dir_.Sub("data");
  EXPECT_THAT(RocksDbEventStore::Open(options),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("in use")));
}

}  // namespace
}  // namespace caseledger::eventstore
