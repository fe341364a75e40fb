// What Storage keeps beside the log, on both stores: views committed with their checkpoints,
// checkpoints, and the subject keys, whose Purge leaves nothing deleted in the files.

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "eventstore/memory_store.h"
#include "eventstore/rocksdb_event_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/data_files.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace caseledger::eventstore {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::IsOkAndHolds;
using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Optional;
using ::testing::Pair;

// A store of either kind, giving its Storage.
struct Opened {
  std::unique_ptr<EventStore> owner;
  std::function<Storage()> storage;
};

struct Implementation {
  std::string name;
  std::function<Opened(const std::string& folder)> open;
};

std::string NameOf(const ::testing::TestParamInfo<Implementation>& info) { return info.param.name; }

void PrintTo(const Implementation& implementation, std::ostream* out) {
  *out << implementation.name;
}

class TablesTest : public ::testing::TestWithParam<Implementation> {
 protected:
  TablesTest() : opened_(GetParam().open(dir_.Sub("data"))), storage_(opened_.storage()) {}

  std::map<std::string, std::string> Rows(const Table& table) {
    std::map<std::string, std::string> rows;
    EXPECT_THAT(table.Scan("", "\xff",
                           [&](absl::string_view key, absl::string_view value) {
                             rows.emplace(key, value);
                             return true;
                           }),
                IsOk());
    return rows;
  }

  testing::TempDir dir_;
  Opened opened_;
  Storage storage_;
};

TEST_P(TablesTest, AViewChangesOnlyTogetherWithItsCheckpoint) {
  auto view = storage_.views.OpenView("caseload/v1");
  ASSERT_THAT(view, IsOk());
  EXPECT_TRUE(storage_.views.HasView("caseload/v1"));
  TableChanges changes;
  changes.Put("b", "2");
  changes.Put("a", "1");
  changes.Put("c", "3");
  changes.Delete("c");
  ASSERT_THAT(storage_.views.Commit("caseload/v1", changes, "projection/caseload/v1", 42), IsOk());
  EXPECT_THAT(Rows(**view), ElementsAre(Pair("a", "1"), Pair("b", "2")))
      << "the last change of a key wins";
  EXPECT_THAT(storage_.checkpoints.Read("projection/caseload/v1"), IsOkAndHolds(Optional(42u)));
  EXPECT_THAT((*view)->Get("a"), IsOkAndHolds(Optional(std::string("1"))));
  EXPECT_THAT((*view)->Get("z"), IsOkAndHolds(std::nullopt));
  auto many = (*view)->MultiGet({"b", "z", "a"});
  ASSERT_THAT(many, IsOk());
  EXPECT_THAT(*many,
              ElementsAre(Optional(std::string("2")), std::nullopt, Optional(std::string("1"))));
  EXPECT_THAT(storage_.views.Commit("never-opened", changes, "x", 1),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(TablesTest, ADroppedViewIsGoneAndAPrefixScanStopsAtItsPrefix) {
  auto view = storage_.views.OpenView("old/v1");
  ASSERT_THAT(view, IsOk());
  TableChanges changes;
  changes.Put("w/ana/1", "");
  changes.Put("w/ana/2", "");
  changes.Put("w/bob/1", "");
  ASSERT_THAT(storage_.views.Commit("old/v1", changes, "projection/old/v1", 3), IsOk());
  std::vector<std::string> keys;
  ASSERT_THAT((*view)->ScanPrefix("w/ana/",
                                  [&](absl::string_view key, absl::string_view) {
                                    keys.emplace_back(key);
                                    return true;
                                  }),
              IsOk());
  EXPECT_THAT(keys, ElementsAre("w/ana/1", "w/ana/2"));
  view->reset();
  ASSERT_THAT(storage_.views.DropView("old/v1"), IsOk());
  EXPECT_FALSE(storage_.views.HasView("old/v1"));
  EXPECT_THAT(storage_.views.DropView("old/v1"), IsOk()) << "dropping what is gone is no error";
}

TEST_P(TablesTest, CheckpointsAreSavedReadAndRemoved) {
  EXPECT_THAT(storage_.checkpoints.Read("relay/nats/S"), IsOkAndHolds(std::nullopt));
  ASSERT_THAT(storage_.checkpoints.Save("relay/nats/S", 7), IsOk());
  ASSERT_THAT(storage_.checkpoints.Save("relay/nats/S", 9), IsOk());
  EXPECT_THAT(storage_.checkpoints.Read("relay/nats/S"), IsOkAndHolds(Optional(9u)));
  ASSERT_THAT(storage_.checkpoints.Remove("relay/nats/S"), IsOk());
  EXPECT_THAT(storage_.checkpoints.Read("relay/nats/S"), IsOkAndHolds(std::nullopt));
}

TEST_P(TablesTest, TheKeyStoreWritesAtomicallyAndScans) {
  TableChanges first;
  first.Put("k/ana", "key-1");
  first.Put("c/ana\x01"
            "case-1",
            "");
  ASSERT_THAT(storage_.keys.Write(first), IsOk());
  TableChanges erase;
  erase.Delete("k/ana");
  erase.Put("e/ana", "");
  ASSERT_THAT(storage_.keys.Write(erase), IsOk());
  ASSERT_THAT(storage_.keys.Purge(), IsOk());
  EXPECT_THAT(storage_.keys.Get("k/ana"), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(storage_.keys.Get("e/ana"), IsOkAndHolds(Optional(std::string(""))));
  EXPECT_EQ(Rows(storage_.keys).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(
    BothStores, TablesTest,
    ::testing::Values(
        Implementation{"Memory",
                       [](const std::string&) {
                         auto store = std::make_unique<MemoryStore>();
                         MemoryStore* raw = store.get();
                         return Opened{std::move(store), [raw] { return raw->storage(); }};
                       }},
        Implementation{"RocksDb",
                       [](const std::string& folder) {
                         StoreOptions options;
                         options.path = folder;
                         options.durability = Durability::kOs;
                         std::unique_ptr<RocksDbEventStore> store =
                             *RocksDbEventStore::Open(options);
                         RocksDbEventStore* raw = store.get();
                         return Opened{std::move(store), [raw] { return raw->storage(); }};
                       }}),
    NameOf);

TEST(RocksDbKeyStoreTest, APurgeLeavesNoFileHoldingWhatWasDeleted) {
  testing::TempDir dir;
  StoreOptions options;
  options.path = dir.Sub("data");
  auto store = *RocksDbEventStore::Open(options);
  const std::string secret = "Key-9QZ-a-subject-key-of-32-byte";
  TableChanges put;
  put.Put("k/ana", secret);
  ASSERT_THAT(store->storage().keys.Write(put), IsOk());
  ASSERT_THAT(store->FlushAll(), IsOk());
  ASSERT_TRUE(testing::AnyFileHolds(dir.Sub("data"), secret)) << "the search finds what is there";
  TableChanges erase;
  erase.Delete("k/ana");
  ASSERT_THAT(store->storage().keys.Write(erase), IsOk());
  ASSERT_THAT(store->storage().keys.Purge(), IsOk());
  EXPECT_FALSE(testing::AnyFileHolds(dir.Sub("data"), secret));
}

}  // namespace
}  // namespace caseledger::eventstore
