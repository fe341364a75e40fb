// A log copied record by record from another (a read replica's, a restore's): the same
// records byte for byte, the streams' indexes and the commands' first results, and nothing
// written when a record is not the next in the chain.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/eventstore/store_fixture.h"

namespace caseledger::eventstore {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::HasSubstr;

// The encoded records of `store` from `from` to its head.
std::vector<std::string> EncodedRecords(const EventStore& store, uint64_t from = 1) {
  std::vector<std::string> records;
  auto lent = store.VisitEncoded(from, 1000, [&](uint64_t, absl::string_view record) {
    records.emplace_back(record);
    return true;
  });
  EXPECT_THAT(lent, IsOk());
  return records;
}

class LogCopiesTest : public StoreTest {
 protected:
  LogCopiesTest() {
    StoreOptions options = options_;
    options.path = dir_.Sub("original");
    auto opened = RocksDbEventStore::Open(options);
    EXPECT_TRUE(opened.ok()) << opened.status();
    original_ = *std::move(opened);
    EXPECT_THAT(original_->Append(Request("case-1", ExpectedRevision::NoStream(), 2, "open-1")),
                IsOk());
    MultiStreamAppendRequest both;
    both.command_id = "transfer-1";
    for (const char* stream : {"case-1", "case-2"}) {
      AppendRequest part = Request(stream, ExpectedRevision::Any(), 2);
      both.streams.push_back(StreamAppend{part.stream_id, part.expected_revision, part.events});
    }
    EXPECT_THAT(original_->AppendStreams(both), IsOk());
    EXPECT_THAT(original_->Append(Request("case-2", ExpectedRevision::Any(), 1)), IsOk());
  }

  std::unique_ptr<RocksDbEventStore> original_;
};

TEST_F(LogCopiesTest, CopiesAreTheSameRecordsWithTheirIndexesAndCommands) {
  const std::vector<std::string> records = EncodedRecords(*original_);
  ASSERT_EQ(records.size(), 7u);
  auto head = store_->CopyRecords(records);
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->position, 7u);
  EXPECT_EQ(head->hash, original_->Head().hash);
  EXPECT_EQ(store_->Head().hash, original_->Head().hash);
  EXPECT_EQ(EncodedRecords(*store_), records);

  auto revision = store_->StreamRevision("case-2");
  ASSERT_THAT(revision, IsOk());
  EXPECT_EQ(*revision, 3u);
  auto stream = store_->ReadStream("case-1", 1, Direction::kForward, 10);
  ASSERT_THAT(stream, IsOk());
  ASSERT_EQ(stream->size(), 4u);
  EXPECT_EQ((*stream)[3].position(), 4u);

  // A command sent again to the copy is answered with its first result, every stream's.
  auto transfer = store_->LookupCommand("transfer-1");
  ASSERT_THAT(transfer, IsOk());
  ASSERT_TRUE(transfer->has_value());
  auto first = original_->LookupCommand("transfer-1");
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ((*transfer)->streams.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ((*transfer)->streams[i].stream_id, (*first)->streams[i].stream_id);
    EXPECT_EQ((*transfer)->streams[i].first_position, (*first)->streams[i].first_position);
    EXPECT_EQ((*transfer)->streams[i].last_position, (*first)->streams[i].last_position);
    EXPECT_EQ((*transfer)->streams[i].last_revision, (*first)->streams[i].last_revision);
  }
  auto again = store_->Append(Request("case-1", ExpectedRevision::NoStream(), 2, "open-1"));
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->last_position, 2u);

  auto verified = store_->VerifyLog(1, 0);
  ASSERT_THAT(verified, IsOk());
  EXPECT_TRUE(verified->ok) << verified->problem;
}

TEST_F(LogCopiesTest, AnAppendSplitAcrossBatchesAndARestartKeepsItsWholeResult) {
  const std::vector<std::string> records = EncodedRecords(*original_);
  // The transfer's records are 3..6: copy up to 4, reopen, copy the rest.
  ASSERT_THAT(store_->CopyRecords({records.begin(), records.begin() + 4}), IsOk());
  Reopen();
  ASSERT_THAT(store_->CopyRecords({records.begin() + 4, records.end()}), IsOk());
  auto transfer = store_->LookupCommand("transfer-1");
  ASSERT_THAT(transfer, IsOk());
  ASSERT_TRUE(transfer->has_value());
  ASSERT_EQ((*transfer)->streams.size(), 2u);
  EXPECT_EQ((*transfer)->streams[0].first_position, 3u);
  EXPECT_EQ((*transfer)->streams[1].stream_id, "case-2");
  EXPECT_EQ((*transfer)->streams[1].last_position, 6u);
}

TEST_F(LogCopiesTest, AGapAReorderOrABrokenHashIsRefusedNamingThePositionAndWritesNothing) {
  const std::vector<std::string> records = EncodedRecords(*original_);
  ASSERT_THAT(store_->CopyRecords({records[0]}), IsOk());

  EXPECT_THAT(store_->CopyRecords({records[1], records[3]}),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("position 3")));
  EXPECT_THAT(store_->CopyRecords({records[2], records[1]}),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("position 2")));
  v1::EventRecord tampered;
  ASSERT_TRUE(tampered.ParseFromString(records[1]));
  tampered.set_payload("altered");
  EXPECT_THAT(store_->CopyRecords({tampered.SerializeAsString()}),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("position 2")));
  EXPECT_EQ(store_->Head().position, 1u);

  // The right records still follow.
  auto head = store_->CopyRecords({records.begin() + 1, records.end()});
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->hash, original_->Head().hash);
}

TEST_F(LogCopiesTest, SubscribersAndWaitersSeeCopiedRecordsAsCommitted) {
  const std::vector<std::string> records = EncodedRecords(*original_);
  absl::Status seen = absl::UnknownError("not called");
  store_->WhenCommitted(7, absl::InfiniteFuture(), [&](absl::Status s) { seen = s; });
  ASSERT_THAT(store_->CopyRecords(records), IsOk());
  EXPECT_THAT(seen, IsOk());
  EXPECT_TRUE(store_->WaitForPosition(7, absl::Now()));
}

}  // namespace
}  // namespace caseledger::eventstore
