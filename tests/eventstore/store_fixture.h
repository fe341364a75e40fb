#pragma once

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace caseledger::eventstore {

// An event of `type` by worker-1.
inline ProposedEvent Event(std::string type, std::string payload = "{}") {
  ProposedEvent event;
  event.type = std::move(type);
  event.payload = std::move(payload);
  event.metadata.set_actor("worker-1");
  return event;
}

// An append of `events` events (types Noted0, Noted1, ...) to `stream`.
inline AppendRequest Request(std::string stream, ExpectedRevision expected, int events,
                             std::string command_id = "") {
  AppendRequest request;
  request.stream_id = std::move(stream);
  request.expected_revision = expected;
  request.command_id = std::move(command_id);
  for (int i = 0; i < events; ++i) request.events.push_back(Event(absl::StrCat("Noted", i)));
  return request;
}

// A RocksDbEventStore in a fresh folder, reopenable to test what survives.
class StoreTest : public ::testing::Test {
 protected:
  StoreTest() { Reopen(); }

  void Reopen() {
    store_.reset();
    StoreOptions options = options_;
    options.path = dir_.Sub("data");
    auto opened = RocksDbEventStore::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }

  testing::TempDir dir_;
  StoreOptions options_ = [] {
    StoreOptions o;
    o.durability = Durability::kOs;
    return o;
  }();
  std::unique_ptr<RocksDbEventStore> store_;
};

}  // namespace caseledger::eventstore
