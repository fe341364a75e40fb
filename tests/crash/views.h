#pragma once

// The projections' views as a crash left them, caught up, against a rebuild from the log alone.

#include <string>

#include "eventstore/rocksdb_event_store.h"
#include "tests/crash/tally.h"

namespace caseledger::crash {

// Copies `store` into `copy_folder` (which must not exist), lets every projection there resume
// from its checkpoint up to the head, rebuilds each from position 1 in memory, and counts each
// view that differs from its rebuild.
void CheckViews(eventstore::RocksDbEventStore& store, const std::string& copy_folder, Tally& tally);

// Makes the next start of caseledgerd on `store` build projection `name` again from position 1.
absl::Status ForgetView(eventstore::RocksDbEventStore& store, const std::string& name);

// The names of the projections caseledgerd runs.
std::vector<std::string> ProjectionNames();

}  // namespace caseledger::crash
