// The promises of the EventStore interface, checked on both of its implementations: the
// store in memory, which other modules' tests use in place of the disk, must keep every
// promise the store on RocksDB keeps.

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/synchronization/notification.h"
#include "eventstore/memory_store.h"
#include "eventstore/rocksdb_event_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/eventstore/store_contract.h"
#include "tests/eventstore/store_fixture.h"

namespace caseledger::eventstore {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::HasSubstr;

TEST_P(EventStoreContractTest, RevisionsAndPositionsStartAtOneWithoutGaps) {
  auto first = store_->Append(Request("case-1", ExpectedRevision::NoStream(), 2));
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->first_revision, 1u);
  EXPECT_EQ(first->last_position, 2u);
  auto second = store_->Append(Request("case-2", ExpectedRevision::Any(), 1));
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->first_position, 3u);
  EXPECT_EQ(second->last_revision, 1u);
  EXPECT_EQ(store_->Head().position, 3u);
  EXPECT_EQ(*store_->StreamRevision("case-1"), 2u);
  EXPECT_EQ(*store_->StreamRevision("never"), 0u);
}

TEST_P(EventStoreContractTest, AnExpectedRevisionThatDoesNotHoldIsAbortedAndWritesNothing) {
  ASSERT_THAT(store_->Append(Request("s", ExpectedRevision::NoStream(), 1)), IsOk());
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::Exact(5), 1)),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("expected revision 5")));
  EXPECT_THAT(store_->Append(Request("t", ExpectedRevision::StreamExists(), 1)),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(store_->Head().position, 1u);
  EXPECT_EQ(*store_->StreamRevision("t"), 0u);
}

TEST_P(EventStoreContractTest, ACommandIdAnswersItsFirstResultForeverAndOnlyForItsStream) {
  auto first = store_->Append(Request("s", ExpectedRevision::Any(), 2, "cmd-1"));
  ASSERT_THAT(first, IsOk());
  auto again = store_->Append(Request("s", ExpectedRevision::Exact(7), 2, "cmd-1"));
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->last_position, first->last_position);
  EXPECT_EQ(store_->Head().position, 2u) << "a repeat writes nothing";
  EXPECT_THAT(store_->Append(Request("other", ExpectedRevision::Any(), 1, "cmd-1")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  auto looked_up = store_->LookupCommand("cmd-1");
  ASSERT_THAT(looked_up, IsOk());
  ASSERT_TRUE(looked_up->has_value());
  EXPECT_EQ((*looked_up)->streams.front().first_position, 1u);
  EXPECT_FALSE(store_->LookupCommand("cmd-2")->has_value());
}

TEST_P(EventStoreContractTest, AStreamReadsForwardAndBackwardAndTheLogInOrder) {
  ASSERT_THAT(store_->Append(Request("a", ExpectedRevision::Any(), 3)), IsOk());
  ASSERT_THAT(store_->Append(Request("b", ExpectedRevision::Any(), 1)), IsOk());
  ASSERT_THAT(store_->Append(Request("a", ExpectedRevision::Any(), 1)), IsOk());
  auto forward = store_->ReadStream("a", 2, Direction::kForward, 10);
  ASSERT_THAT(forward, IsOk());
  ASSERT_EQ(forward->size(), 3u);
  EXPECT_EQ((*forward)[0].stream_revision(), 2u);
  EXPECT_EQ((*forward)[2].position(), 5u);
  auto backward = store_->ReadStream("a", UINT64_MAX, Direction::kBackward, 2);
  ASSERT_THAT(backward, IsOk());
  ASSERT_EQ(backward->size(), 2u);
  EXPECT_EQ((*backward)[0].stream_revision(), 4u) << "the last first";
  EXPECT_EQ((*backward)[1].stream_revision(), 3u);
  auto all = store_->ReadAll(2, 100);
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[1].stream_id(), "a");
  EXPECT_EQ((*all)[2].stream_id(), "b");
  EXPECT_EQ((*all)[0].metadata().actor(), "worker-1");
  EXPECT_EQ((*all)[0].type(), "Noted1");
}

// Longer than one run of the store's index (256), with another stream's events between.
TEST_P(EventStoreContractTest, AStreamVisitedLendsWhatReadingItReadsInOrderUntilTheVisitorStops) {
  for (int i = 0; i < 6; ++i) {
    ASSERT_THAT(store_->Append(Request("a", ExpectedRevision::Any(), 60)), IsOk());
    ASSERT_THAT(store_->Append(Request("b", ExpectedRevision::Any(), 1)), IsOk());
  }
  auto read = store_->ReadStream("a", 2, Direction::kForward, 1000);
  ASSERT_THAT(read, IsOk());
  ASSERT_EQ(read->size(), 359u);
  std::vector<std::string> visited;
  auto lent = store_->VisitStream("a", 2, 1000, [&](v1::EventRecord& record) {
    visited.push_back(record.SerializeAsString());
    return true;
  });
  ASSERT_THAT(lent, IsOk());
  EXPECT_EQ(*lent, 359u);
  ASSERT_EQ(visited.size(), read->size());
  for (size_t i = 0; i < visited.size(); ++i) {
    EXPECT_EQ(visited[i], (*read)[i].SerializeAsString()) << "revision " << i + 2;
  }

  std::vector<uint64_t> revisions;
  lent = store_->VisitStreamEncoded(
      "a", 250, 20, [&](uint64_t revision, uint64_t position, absl::string_view encoded) {
        v1::EventRecord record;
        EXPECT_TRUE(record.ParseFromArray(encoded.data(), static_cast<int>(encoded.size())));
        EXPECT_EQ(record.position(), position);
        revisions.push_back(revision);
        return revision < 255;
      });
  ASSERT_THAT(lent, IsOk());
  EXPECT_EQ(*lent, 6u) << "the visitor stopped at revision 255";
  EXPECT_THAT(revisions, ::testing::ElementsAre(250, 251, 252, 253, 254, 255));
  EXPECT_EQ(*store_->VisitStream("a", 300, 1000, [](v1::EventRecord&) { return true; }), 61u);
  EXPECT_EQ(*store_->VisitStream("never", 1, 10, [](v1::EventRecord&) { return true; }), 0u);

  auto backward = store_->ReadStream("a", UINT64_MAX, Direction::kBackward, 300);
  ASSERT_THAT(backward, IsOk());
  ASSERT_EQ(backward->size(), 300u);
  for (size_t i = 0; i < backward->size(); ++i) {
    EXPECT_EQ((*backward)[i].stream_revision(), 360 - i);
  }
}

// The store on RocksDB walks the log over a stream's events that lie close together, and
// looks up those spread out: both read the same.
TEST_P(EventStoreContractTest, AStreamReadsAlikeWhetherItsEventsLieTogetherOrApart) {
  for (int i = 0; i < 300; ++i) {
    ASSERT_THAT(store_->Append(Request("apart", ExpectedRevision::Any(), 1)), IsOk());
    ASSERT_THAT(store_->Append(Request("between", ExpectedRevision::Any(), 2)), IsOk());
  }
  ASSERT_THAT(store_->Append(Request("together", ExpectedRevision::Any(), 300)), IsOk());
  for (const auto& [stream, first, step] :
       {std::tuple<std::string, uint64_t, uint64_t>{"apart", 1, 3}, {"together", 901, 1}}) {
    uint64_t revision = 0;
    auto lent = store_->VisitStream(stream, 1, 1000, [&](v1::EventRecord& record) {
      ++revision;
      EXPECT_EQ(record.stream_revision(), revision) << stream;
      EXPECT_EQ(record.position(), first + (revision - 1) * step) << stream;
      return true;
    });
    ASSERT_THAT(lent, IsOk());
    EXPECT_EQ(*lent, 300u) << stream;
  }
}

TEST_P(EventStoreContractTest, TheChainVerifiesAndItsRecordsLinkEachToTheOneBefore) {
  ASSERT_THAT(store_->Append(Request("a", ExpectedRevision::Any(), 5)), IsOk());
  auto verified = store_->VerifyLog(0, 0);
  ASSERT_THAT(verified, IsOk());
  EXPECT_TRUE(verified->ok) << verified->problem;
  EXPECT_EQ(verified->records_checked, 5u);
  EXPECT_EQ(verified->last_hash, store_->Head().hash);
  auto records = store_->ReadAll(1, 5);
  ASSERT_THAT(records, IsOk());
  for (size_t i = 1; i < records->size(); ++i) {
    EXPECT_EQ((*records)[i].prev_hash(), (*records)[i - 1].hash());
  }
}

TEST_P(EventStoreContractTest, WhenCommittedAnswersAtOnceForThePastAndLaterForTheFuture) {
  ASSERT_THAT(store_->Append(Request("a", ExpectedRevision::Any(), 1)), IsOk());
  absl::Status past = absl::UnknownError("not called");
  store_->WhenCommitted(1, absl::InfiniteFuture(), [&](absl::Status s) { past = s; });
  EXPECT_THAT(past, IsOk()) << "called at once, on this thread";

  absl::Notification reached;
  absl::Status future;
  store_->WhenCommitted(2, absl::Now() + absl::Seconds(30), [&](absl::Status s) {
    future = s;
    reached.Notify();
  });
  EXPECT_FALSE(reached.HasBeenNotified());
  ASSERT_THAT(store_->Append(Request("a", ExpectedRevision::Any(), 1)), IsOk());
  ASSERT_TRUE(reached.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_THAT(future, IsOk());

  absl::Notification expired;
  absl::Status late;
  store_->WhenCommitted(99, absl::Now() + absl::Milliseconds(50), [&](absl::Status s) {
    late = s;
    expired.Notify();
  });
  ASSERT_TRUE(expired.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_THAT(late, StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_P(EventStoreContractTest, AnAsyncAppendCompletesOnceWithItsResult) {
  absl::Notification done;
  absl::StatusOr<AppendResult> result;
  store_->AppendAsync(Request("a", ExpectedRevision::NoStream(), 2), [&](auto r) {
    result = std::move(r);
    done.Notify();
  });
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->last_revision, 2u);
  EXPECT_TRUE(store_->WaitForPosition(2, absl::Now() + absl::Seconds(1)));
}

TEST_P(EventStoreContractTest, ABadRequestNamesItsField) {
  EXPECT_THAT(store_->Append(Request("", ExpectedRevision::Any(), 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("stream_id")));
  EXPECT_THAT(store_->Append(Request("s", ExpectedRevision::Any(), 0)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("events")));
  EXPECT_EQ(store_->Head().position, 0u);
}

INSTANTIATE_TEST_SUITE_P(BothStores, EventStoreContractTest, BothStores(), NameOf);

TEST(MemoryStoreTest, FailedReadsAndAppendsFailAsADiskWouldMakeThem) {
  MemoryStore store;
  AppendRequest request;
  request.stream_id = "s";
  request.events.emplace_back();
  request.events.back().type = "Noted";
  ASSERT_THAT(store.Append(request), IsOk());
  store.FailReads(absl::DataLossError("a damaged block"));
  EXPECT_THAT(store.ReadStream("s", 1, Direction::kForward, 10),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(store.ReadAll(1, 10), StatusIs(absl::StatusCode::kDataLoss));
  store.FailReads(absl::OkStatus());
  EXPECT_THAT(store.ReadAll(1, 10), IsOk());
  store.FailAppends(absl::UnavailableError("the disk is full"));
  EXPECT_THAT(store.Append(request), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(store.Head().position, 1u);
}

}  // namespace
}  // namespace caseledger::eventstore
