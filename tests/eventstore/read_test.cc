#include "rocksdb/db.h"
#include "tests/eventstore/store_fixture.h"
#include "tests/support/damaged_log.h"

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

TEST_F(ReadTest, VisitingTheLogLendsEachEventInOrderUntilTheVisitorStops) {
  std::vector<uint64_t> positions;
  std::vector<std::string> streams;
  auto lent = store_->VisitAll(3, 100, [&](v1::EventRecord& record) {
    positions.push_back(record.position());
    streams.push_back(record.stream_id());
    return true;
  });
  ASSERT_THAT(lent, IsOk());
  EXPECT_EQ(*lent, 13u);
  EXPECT_EQ(positions, (std::vector<uint64_t>{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
  // a1 b1 | a2 | a3 b2 | ...: positions 3 and 4 are case-a's, 5 is case-b's.
  EXPECT_EQ(streams[0], "case-a");
  EXPECT_EQ(streams[1], "case-a");
  EXPECT_EQ(streams[2], "case-b");

  positions.clear();
  lent = store_->VisitAll(1, 100, [&](v1::EventRecord& record) {
    positions.push_back(record.position());
    return record.position() < 4;
  });
  ASSERT_THAT(lent, IsOk());
  EXPECT_EQ(*lent, 4u) << "the event it stopped on was lent";
  EXPECT_EQ(positions, (std::vector<uint64_t>{1, 2, 3, 4}));

  EXPECT_EQ(*store_->VisitAll(1, 2, [](v1::EventRecord&) { return true; }), 2u);
  EXPECT_EQ(*store_->VisitAll(16, 2, [](v1::EventRecord&) { return true; }), 0u);
}

TEST_F(ReadTest, AnEventMovedOutOfTheVisitIsWholeAndTheNextIsNotDisturbed) {
  std::vector<v1::EventRecord> kept;
  auto lent = store_->VisitAll(1, 3, [&](v1::EventRecord& record) {
    if (record.position() != 2) kept.push_back(std::move(record));
    return true;
  });
  ASSERT_THAT(lent, IsOk());
  ASSERT_EQ(kept.size(), 2u);
  auto read = store_->ReadAll(1, 3);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(kept[0].SerializeAsString(), (*read)[0].SerializeAsString());
  EXPECT_EQ(kept[1].SerializeAsString(), (*read)[2].SerializeAsString());
  EXPECT_EQ(kept[1].hash().size(), 32u);
}

TEST_F(ReadTest, VisitingEncodedLendsEachEventsPositionAndTheRecordAsRead) {
  auto read = store_->ReadAll(2, 100);
  ASSERT_THAT(read, IsOk());
  std::vector<uint64_t> positions;
  size_t i = 0;
  auto lent = store_->VisitEncoded(2, 100, [&](uint64_t position, absl::string_view encoded) {
    positions.push_back(position);
    v1::EventRecord record;
    EXPECT_THAT(ParseRecordInto(encoded, position, record), IsOk());
    EXPECT_EQ(record.SerializeAsString(), (*read)[i++].SerializeAsString());
    return position < 6;
  });
  ASSERT_THAT(lent, IsOk());
  EXPECT_EQ(*lent, 5u);
  EXPECT_EQ(positions, (std::vector<uint64_t>{2, 3, 4, 5, 6}));
  EXPECT_EQ(ParseRecordInto(testing::kNotARecord, 7, (*read)[0]).code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(ReadTest, StreamRevisionCountsTheStreamsEvents) {
  EXPECT_EQ(*store_->StreamRevision("case-a"), 10u);
  EXPECT_EQ(*store_->StreamRevision("case-b"), 5u);
  EXPECT_EQ(*store_->StreamRevision("case-c"), 0u);
}

// The log's records in the table files, in a store whose block cache is watched.
class BlockCacheTest : public StoreTest {
 protected:
  void SetUp() override {
    for (int i = 0; i < 40; ++i) {
      AppendRequest request;
      request.stream_id = absl::StrCat("case-", i);
      for (int e = 0; e < 50; ++e) request.events.push_back(Event("Noted", std::string(200, 'n')));
      ASSERT_THAT(store_->Append(std::move(request)), IsOk());
    }
    ASSERT_THAT(store_->FlushAll(), IsOk());
  }

  // The blocks in the cache, without the memtables' reservations charged to it: those are
  // released in steps of a megabyte whenever RocksDB frees a flushed memtable.
  int64_t CachedBytes() {
    const auto& memtables = *store_->db().GetDBOptions().write_buffer_manager;
    for (;;) {
      const size_t reserved = memtables.dummy_entries_in_cache_usage();
      uint64_t bytes = 0;
      EXPECT_TRUE(store_->db().GetIntProperty(store_->columns().log,
                                              rocksdb::DB::Properties::kBlockCacheUsage, &bytes));
      if (memtables.dummy_entries_in_cache_usage() == reserved) {
        return static_cast<int64_t>(bytes) - static_cast<int64_t>(reserved);
      }
    }
  }

  // Visits `count` records from `from`, asking for up to `max_count`.
  void Visit(uint64_t from, size_t max_count, size_t count) {
    size_t seen = 0;
    auto lent = store_->VisitEncoded(from, max_count,
                                     [&](uint64_t, absl::string_view) { return ++seen < count; });
    ASSERT_THAT(lent, IsOk());
    EXPECT_EQ(*lent, count);
  }
};

TEST_F(BlockCacheTest, AReadFarBehindTheHeadLeavesTheCacheAndOneNearItFillsIt) {
  const uint64_t head = store_->Head().position;
  ASSERT_EQ(head, 2000u);
  const int64_t before = CachedBytes();
  Visit(1, head, head);  // a replay of the whole log: about 450 KB of records
  EXPECT_LT(CachedBytes() - before, 16 * 1024) << "the replay's blocks were kept";

  // The last 200 records, as a subscriber at the head reads them, and a short read.
  Visit(head - 199, 1000, 200);
  const int64_t near_head = CachedBytes();
  EXPECT_GT(near_head - before, 32 * 1024) << "the blocks near the head were not kept";
  Visit(head - 600, 10, 10);
  EXPECT_GT(CachedBytes(), near_head) << "a short read's blocks were not kept";
}

}  // namespace
}  // namespace caseledger::eventstore
