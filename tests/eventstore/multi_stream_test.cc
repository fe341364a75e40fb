// Appends that span several streams, on both stores: one atomic unit, each stream with its own
// expected revision, one idempotency key, positions contiguous.

#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/eventstore/store_contract.h"
#include "tests/eventstore/store_fixture.h"

namespace caseledger::eventstore {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// `events` events (types Noted0, ...) for `stream`, expecting `expected`.
StreamAppend Part(std::string stream, ExpectedRevision expected, int events) {
  AppendRequest one = Request(std::move(stream), expected, events);
  return StreamAppend{std::move(one.stream_id), one.expected_revision, std::move(one.events)};
}

MultiStreamAppendRequest Unit(std::vector<StreamAppend> streams, std::string command_id = "") {
  MultiStreamAppendRequest request;
  request.streams = std::move(streams);
  request.command_id = std::move(command_id);
  return request;
}

class MultiStreamContractTest : public EventStoreContractTest {
 protected:
  std::vector<std::string> StreamsInLog() {
    std::vector<std::string> streams;
    auto all = store_->ReadAll(1, 100);
    EXPECT_THAT(all, IsOk());
    for (const v1::EventRecord& record : *all) streams.push_back(record.stream_id());
    return streams;
  }
};

TEST_P(MultiStreamContractTest, EveryStreamIsWrittenWithPositionsContiguousInTheOrderGiven) {
  ASSERT_THAT(store_->Append(Request("provider-p1", ExpectedRevision::NoStream(), 1)), IsOk());
  auto result = store_->AppendStreams(Unit({Part("case-c1", ExpectedRevision::Exact(0), 2),
                                            Part("provider-p1", ExpectedRevision::Exact(1), 1)},
                                           "publish-1"));
  ASSERT_THAT(result, IsOk());
  EXPECT_FALSE(result->duplicate);
  ASSERT_EQ(result->streams.size(), 2u);
  const AppendResult& case_part = result->streams[0];
  const AppendResult& provider_part = result->streams[1];
  EXPECT_EQ(case_part.stream_id, "case-c1");
  EXPECT_EQ(case_part.first_revision, 1u);
  EXPECT_EQ(case_part.last_revision, 2u);
  EXPECT_EQ(case_part.first_position, 2u);
  EXPECT_EQ(case_part.last_position, 3u);
  EXPECT_EQ(provider_part.stream_id, "provider-p1");
  EXPECT_EQ(provider_part.first_revision, 2u);
  EXPECT_EQ(provider_part.first_position, 4u) << "the next position after the case's";
  EXPECT_EQ(provider_part.last_position, 4u);
  EXPECT_EQ(store_->Head().position, 4u);
  EXPECT_THAT(StreamsInLog(), ElementsAre("provider-p1", "case-c1", "case-c1", "provider-p1"));
  EXPECT_EQ(*store_->StreamRevision("provider-p1"), 2u);
  auto provider = store_->ReadStream("provider-p1", 1, Direction::kForward, 10);
  ASSERT_THAT(provider, IsOk());
  ASSERT_EQ(provider->size(), 2u);
  EXPECT_EQ((*provider)[1].metadata().command_id(), "publish-1");
  auto verified = store_->VerifyLog(0, 0);
  ASSERT_THAT(verified, IsOk());
  EXPECT_TRUE(verified->ok) << verified->problem;
}

TEST_P(MultiStreamContractTest, OneStreamsExpectationFailingWritesNothingForAnyStream) {
  ASSERT_THAT(store_->Append(Request("provider-p1", ExpectedRevision::NoStream(), 1)), IsOk());
  EXPECT_THAT(store_->AppendStreams(Unit({Part("case-c1", ExpectedRevision::NoStream(), 1),
                                          Part("provider-p1", ExpectedRevision::Exact(5), 1)},
                                         "stale")),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("provider-p1")));
  EXPECT_EQ(store_->Head().position, 1u);
  EXPECT_EQ(*store_->StreamRevision("case-c1"), 0u) << "the case's part was not written either";
  EXPECT_FALSE(store_->LookupCommand("stale")->has_value()) << "a refused append is no answer";
  // The same command, decided again against the stream as it stands, goes in.
  EXPECT_THAT(store_->AppendStreams(Unit({Part("case-c1", ExpectedRevision::NoStream(), 1),
                                          Part("provider-p1", ExpectedRevision::Exact(1), 1)},
                                         "stale")),
              IsOk());
  EXPECT_EQ(store_->Head().position, 3u);
}

TEST_P(MultiStreamContractTest, OneCommandIdAnswersForTheWholeUnitAndOnlyForItsStreams) {
  auto first = store_->AppendStreams(Unit({Part("case-c1", ExpectedRevision::Any(), 1),
                                           Part("provider-p1", ExpectedRevision::Any(), 2)},
                                          "cmd-1"));
  ASSERT_THAT(first, IsOk());
  auto again = store_->AppendStreams(Unit({Part("case-c1", ExpectedRevision::Exact(9), 1),
                                           Part("provider-p1", ExpectedRevision::Exact(9), 2)},
                                          "cmd-1"));
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->duplicate);
  ASSERT_EQ(again->streams.size(), 2u);
  EXPECT_EQ(again->streams[1].last_position, first->streams[1].last_position);
  EXPECT_TRUE(again->streams[1].duplicate);
  EXPECT_EQ(store_->Head().position, 3u) << "a repeat writes nothing";

  EXPECT_THAT(store_->AppendStreams(Unit({Part("provider-p1", ExpectedRevision::Any(), 2),
                                          Part("case-c1", ExpectedRevision::Any(), 1)},
                                         "cmd-1")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("case-c1, provider-p1")));
  EXPECT_THAT(store_->Append(Request("case-c1", ExpectedRevision::Any(), 1, "cmd-1")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  auto looked_up = store_->LookupCommand("cmd-1");
  ASSERT_THAT(looked_up, IsOk());
  ASSERT_TRUE(looked_up->has_value());
  EXPECT_TRUE((*looked_up)->duplicate);
  ASSERT_EQ((*looked_up)->streams.size(), 2u) << "every stream's result, in the first order";
  EXPECT_EQ((*looked_up)->streams[0].stream_id, "case-c1");
  EXPECT_EQ((*looked_up)->streams[0].last_position, 1u);
  EXPECT_EQ((*looked_up)->streams[1].stream_id, "provider-p1");
  EXPECT_EQ((*looked_up)->last_position(), 3u) << "the append's last event";
  EXPECT_EQ(store_->Head().position, 3u);
}

TEST_P(MultiStreamContractTest, AnAppendOfOneStreamIsAnAppend) {
  auto multi = store_->AppendStreams(Unit({Part("s", ExpectedRevision::NoStream(), 2)}, "one"));
  ASSERT_THAT(multi, IsOk());
  auto again = store_->Append(Request("s", ExpectedRevision::Any(), 2, "one"));
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->duplicate) << "the same command, made the other way";
  EXPECT_EQ(again->last_revision, 2u);
}

TEST_P(MultiStreamContractTest, ABadUnitNamesWhatIsWrongAndWritesNothing) {
  EXPECT_THAT(store_->AppendStreams(Unit({})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("streams")));
  EXPECT_THAT(store_->AppendStreams(Unit(
                  {Part("a", ExpectedRevision::Any(), 1), Part("a", ExpectedRevision::Any(), 1)})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("streams[1].stream_id")));
  EXPECT_THAT(store_->AppendStreams(Unit(
                  {Part("a", ExpectedRevision::Any(), 1), Part("b", ExpectedRevision::Any(), 0)})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("streams[1].events")));
  EXPECT_THAT(store_->AppendStreams(Unit({Part("a", ExpectedRevision::Any(), 600),
                                          Part("b", ExpectedRevision::Any(), 600)})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("in all")));
  EXPECT_EQ(store_->Head().position, 0u);
}

TEST_P(MultiStreamContractTest, OfTwoUnitsExpectingTheSameRevisionOnlyOneIsWrittenWhole) {
  absl::Notification both;
  std::vector<absl::StatusOr<MultiStreamAppendResult>> results;
  absl::Mutex mu;
  // Notifies only once it lets go of `mu`, which the test may end and destroy at once.
  auto done = [&](absl::StatusOr<MultiStreamAppendResult> r) {
    bool second = false;
    {
      absl::MutexLock lock(&mu);
      results.push_back(std::move(r));
      second = results.size() == 2;
    }
    if (second) both.Notify();
  };
  store_->AppendStreamsAsync(Unit({Part("case-a", ExpectedRevision::NoStream(), 1),
                                   Part("provider-p", ExpectedRevision::NoStream(), 1)}),
                             done);
  store_->AppendStreamsAsync(Unit({Part("case-b", ExpectedRevision::NoStream(), 1),
                                   Part("provider-p", ExpectedRevision::NoStream(), 1)}),
                             done);
  ASSERT_TRUE(both.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_NE(results[0].ok(), results[1].ok());
  EXPECT_EQ(store_->Head().position, 2u);
  EXPECT_EQ(*store_->StreamRevision("provider-p"), 1u);
  EXPECT_EQ(*store_->StreamRevision("case-a") + *store_->StreamRevision("case-b"), 1u)
      << "the losing unit's case was not written";
}

INSTANTIATE_TEST_SUITE_P(BothStores, MultiStreamContractTest, BothStores(), NameOf);

using MultiStreamDurabilityTest = StoreTest;

TEST_F(MultiStreamDurabilityTest, AUnitAndItsCommandIdAreThereAfterTheStoreReopens) {
  MultiStreamAppendRequest request;
  request.command_id = "publish-1";
  request.streams.push_back(Part("case-c1", ExpectedRevision::NoStream(), 1));
  request.streams.push_back(Part("provider-p1", ExpectedRevision::NoStream(), 1));
  ASSERT_THAT(store_->AppendStreams(request), IsOk());
  Reopen();
  EXPECT_EQ(store_->Head().position, 2u);
  EXPECT_EQ(*store_->StreamRevision("provider-p1"), 1u);
  auto again = store_->AppendStreams(request);
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->duplicate);
  ASSERT_EQ(again->streams.size(), 2u);
  EXPECT_EQ(again->streams[1].stream_id, "provider-p1");
  EXPECT_EQ(again->streams[1].last_position, 2u);
  EXPECT_EQ(store_->Head().position, 2u);
}

}  // namespace
}  // namespace caseledger::eventstore
