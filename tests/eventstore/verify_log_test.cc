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

  // Closes the store and edits the log with RocksDB itself, as someone with access to the
  // files could; `edit` gets the record (or nullptr to delete it).
  void TamperWith(uint64_t position, const std::function<void(v1::EventRecord*)>& edit,
                  bool remove = false) {
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
    for (auto* h : handles) {
      if (h->GetName() == "log") log = h;
    }
    ASSERT_NE(log, nullptr);
    const std::string key = keys::Position(position);
    if (remove) {
      ASSERT_TRUE(raw->Delete(rocksdb::WriteOptions(), log, key).ok());
    } else {
      std::string bytes;
      ASSERT_TRUE(raw->Get(rocksdb::ReadOptions(), log, key, &bytes).ok());
      v1::EventRecord record;
      ASSERT_TRUE(record.ParseFromString(bytes));
      edit(&record);
      ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), log, key, record.SerializeAsString()).ok());
    }
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    delete raw;
    Reopen();
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

}  // namespace
}  // namespace caseledger::eventstore
