#include "tests/eventstore/store_fixture.h"

namespace caseledger::eventstore {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;

class ReadTest : public StoreTest {
 protected:
  void SetUp() override {
    // case-a gets revisions 1..10 interleaved with case-b's 1..5.
    for (int i = 0; i < 10; ++i) {
      ASSERT_THAT(store_->Append(Request("case-a", ExpectedRevision::Any(), 1)), IsOk());
      if (i % 2 == 0) {
        ASSERT_THAT(store_->Append(Request("case-b", ExpectedRevision::Any(), 1)), IsOk());
      }
    }
  }

  static std::vector<uint64_t> Revisions(const std::vector<v1::EventRecord>& records) {
    std::vector<uint64_t> out;
    for (const auto& r : records) out.push_back(r.stream_revision());
    return out;
  }
};

TEST_F(ReadTest, ReadsAStreamForwardFromARevision) {
  auto records = store_->ReadStream("case-a", 4, Direction::kForward, 3);
  ASSERT_THAT(records, IsOk());
  EXPECT_EQ(Revisions(*records), (std::vector<uint64_t>{4, 5, 6}));
  for (const auto& r : *records) EXPECT_EQ(r.stream_id(), "case-a");
}

TEST_F(ReadTest, ReadsAStreamBackward) {
  auto from_end = store_->ReadStream("case-a", UINT64_MAX, Direction::kBackward, 3);
  ASSERT_THAT(from_end, IsOk());
  EXPECT_EQ(Revisions(*from_end), (std::vector<uint64_t>{10, 9, 8}));
  auto from_three = store_->ReadStream("case-a", 3, Direction::kBackward, 10);
  ASSERT_THAT(from_three, IsOk());
  EXPECT_EQ(Revisions(*from_three), (std::vector<uint64_t>{3, 2, 1}));
}

TEST_F(ReadTest, StopsAtTheStreamsEnd) {
  auto all_b = store_->ReadStream("case-b", 1, Direction::kForward, 100);
  ASSERT_THAT(all_b, IsOk());
  EXPECT_EQ(Revisions(*all_b), (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(store_->ReadStream("case-", 1, Direction::kForward, 100)->empty())
      << "a prefix of a stream id is another stream";
  EXPECT_TRUE(store_->ReadStream("case-a", 11, Direction::kForward, 100)->empty());
  EXPECT_THAT(store_->ReadStream("", 1, Direction::kForward, 1),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ReadTest, ReadsTheWholeLogFromAPosition) {
  auto page = store_->ReadAll(14, 100);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].position(), 14u);
  EXPECT_EQ((*page)[1].position(), 15u);
  EXPECT_EQ(store_->ReadAll(1, 4)->size(), 4u);
  EXPECT_TRUE(store_->ReadAll(16, 4)->empty());
}

TEST_F(ReadTest, StreamRevisionCountsTheStreamsEvents) {
  EXPECT_EQ(*store_->StreamRevision("case-a"), 10u);
  EXPECT_EQ(*store_->StreamRevision("case-b"), 5u);
  EXPECT_EQ(*store_->StreamRevision("case-c"), 0u);
}

}  // namespace
}  // namespace caseledger::eventstore
