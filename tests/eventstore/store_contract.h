#pragma once

// The promises of the EventStore interface are checked on both of its implementations: a
// test of the contract is a TEST_P of a fixture deriving from EventStoreContractTest,
// instantiated with BothStores().

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "eventstore/memory_store.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace caseledger::eventstore {

// One implementation, made fresh for each test.
struct Implementation {
  std::string name;
  std::function<std::unique_ptr<EventStore>(const std::string& folder)> open;
};

inline std::string NameOf(const ::testing::TestParamInfo<Implementation>& info) {
  return info.param.name;
}

inline void PrintTo(const Implementation& implementation, std::ostream* out) {
  *out << implementation.name;
}

// The store in memory and the store on RocksDB.
inline auto BothStores() {
  return ::testing::Values(
      Implementation{"Memory",
                     [](const std::string&) -> std::unique_ptr<EventStore> {
                       return std::make_unique<MemoryStore>();
                     }},
      Implementation{"RocksDb", [](const std::string& folder) -> std::unique_ptr<EventStore> {
                       StoreOptions options;
                       options.path = folder;
                       options.durability = Durability::kOs;
                       return *RocksDbEventStore::Open(options);
                     }});
}

class EventStoreContractTest : public ::testing::TestWithParam<Implementation> {
 protected:
  EventStoreContractTest() : store_(GetParam().open(dir_.Sub("data"))) {}

  testing::TempDir dir_;
  std::unique_ptr<EventStore> store_;
};

}  // namespace caseledger::eventstore
