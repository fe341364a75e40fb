#include <functional>

#include "eventstore/keys.h"
#include "eventstore/record_hash.h"
#include "rocksdb/db.h"
#include "tests/eventstore/store_fixture.h"

namespace caseledger::eventstore {
namespace {

using ::caseledger::testing::IsOk;

class VerifyLogTest : public StoreTest {
 protected:
  void SetUp() override {
    for (int i = 0; i < 20; ++i) {
      ASSERT_THAT(store_->Append(Request(absl::StrCat("case-", i % 3), ExpectedRevision::Any(), 1)),
                  IsOk());
    }
  }

  // Closes the store, lets `edit` change the files with RocksDB itself, as someone with
  // access to them could, and opens the store again.
  void EditFiles(const std::function<void(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* log,
                                          rocksdb::ColumnFamilyHandle* streams)>& edit) {
    store_.reset();
    const std::string path = dir_.Sub("data");
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const auto& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &raw).ok());
    rocksdb::ColumnFamilyHandle* log = nullptr;
    rocksdb::ColumnFamilyHandle* streams = nullptr;
    for (auto* h : handles) {
      if (h->GetName() == "log") log = h;
      if (h->GetName() == "streams") streams = h;
    }
    ASSERT_NE(log, nullptr);
    ASSERT_NE(streams, nullptr);
    edit(*raw, log, streams);
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    delete raw;
    Reopen();
  }

  // Edits the record at `position` (or deletes it).
  void TamperWith(uint64_t position, const std::function<void(v1::EventRecord*)>& edit,
                  bool remove = false) {
    EditFiles([&](rocksdb::DB& db, rocksdb::ColumnFamilyHandle* log, rocksdb::ColumnFamilyHandle*) {
      const std::string key = keys::Position(position);
      if (remove) {
        ASSERT_TRUE(db.Delete(rocksdb::WriteOptions(), log, key).ok());
        return;
      }
      std::string bytes;
      ASSERT_TRUE(db.Get(rocksdb::ReadOptions(), log, key, &bytes).ok());
      v1::EventRecord record;
      ASSERT_TRUE(record.ParseFromString(bytes));
      edit(&record);
      ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), log, key, record.SerializeAsString()).ok());
    });
  }
};

TEST_F(VerifyLogTest, AnUntouchedLogVerifies) {
  auto result = store_->VerifyLog(0, 0);
  ASSERT_THAT(result, IsOk());
  EXPECT_TRUE(result->ok);
  EXPECT_EQ(result->records_checked, 20u);
  EXPECT_EQ(result->last_hash, store_->Head().hash);
  auto middle = store_->VerifyLog(5, 9);
  ASSERT_THAT(middle, IsOk());
  EXPECT_TRUE(middle->ok);
  EXPECT_EQ(middle->records_checked, 5u);
}

TEST_F(VerifyLogTest, FindsARecordWhosePayloadWasAltered) {
  TamperWith(7, [](v1::EventRecord* r) { r->set_payload("{\"priority\":\"green\"}"); });
  auto result = store_->VerifyLog(0, 0);
  ASSERT_THAT(result, IsOk());
  EXPECT_FALSE(result->ok);
  EXPECT_EQ(result->first_bad_position, 7u);
  EXPECT_THAT(result->problem, ::testing::HasSubstr("do not match its hash"));
  EXPECT_TRUE(store_->VerifyLog(1, 6)->ok) << "the records before it still verify";
}

TEST_F(VerifyLogTest, FindsAnAlterationWhoseOwnHashWasRecomputed) {
  TamperWith(7, [](v1::EventRecord* r) {
    r->mutable_metadata()->set_actor("someone-else");
    r->set_hash(ChainHash(r->prev_hash(), *r));
  });
  auto result = store_->VerifyLog(0, 0);
  ASSERT_THAT(result, IsOk());
  EXPECT_FALSE(result->ok);
  EXPECT_EQ(result->first_bad_position, 8u) << "the next record no longer links to it";
  EXPECT_THAT(result->problem, ::testing::HasSubstr("prev_hash"));
}

TEST_F(VerifyLogTest, FindsADeletedRecord) {
  TamperWith(12, nullptr, /*remove=*/true);
  auto result = store_->VerifyLog(0, 0);
  ASSERT_THAT(result, IsOk());
  EXPECT_FALSE(result->ok);
  EXPECT_EQ(result->first_bad_position, 12u);
  EXPECT_THAT(result->problem, ::testing::HasSubstr("missing"));
}

TEST_F(VerifyLogTest, AFieldNoHashCoversAddedToARecordIsFound) {
  TamperWith(7, [](v1::EventRecord* r) {
    r->GetReflection()->MutableUnknownFields(r->mutable_metadata())->AddVarint(40, 1);
  });
  auto result = store_->VerifyLog(0, 0);
  ASSERT_THAT(result, IsOk());
  EXPECT_FALSE(result->ok);
  EXPECT_EQ(result->first_bad_position, 7u);
  EXPECT_EQ(result->problem, "the record holds fields its hash does not cover");
}

TEST_F(VerifyLogTest, AnIndexEntryLeadingToAnotherStreamsRecordIsFoundAndNotRead) {
  // case-0's third event is at position 7; case-1's third at 8.
  EditFiles(
      [](rocksdb::DB& db, rocksdb::ColumnFamilyHandle*, rocksdb::ColumnFamilyHandle* streams) {
        ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), streams, keys::StreamRevision("case-0", 3),
                           keys::Position(8))
                        .ok());
      });
  auto result = store_->VerifyLog(0, 0);
  ASSERT_THAT(result, IsOk());
  EXPECT_FALSE(result->ok);
  EXPECT_EQ(result->first_bad_position, 7u);
  EXPECT_THAT(result->problem, ::testing::HasSubstr("index of stream case-0 at revision 3"));
  EXPECT_THAT(store_->ReadStream("case-0", 1, Direction::kForward, 100),
              testing::StatusIs(absl::StatusCode::kDataLoss,
                                ::testing::HasSubstr("holds revision 3 of stream case-1")));
}

}  // namespace
}  // namespace caseledger::eventstore
