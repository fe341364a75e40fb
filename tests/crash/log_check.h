#pragma once

// The log of a stopped caseledgerd, checked against the clients' record: the hash chain, every
// acknowledged command once with the answer its client was given, nothing refused applied, and
// every acknowledged erasure's key gone.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "eventstore/rocksdb_event_store.h"
#include "tests/crash/ledger.h"
#include "tests/crash/tally.h"

namespace caseledger::crash {

// Where each command's events are in the log: the last position of each command id.
using Applied = absl::flat_hash_map<std::string, uint64_t>;

// Checks `store`'s log against `commands`, counting into `tally`; returns what the log applied.
Applied CheckLog(eventstore::RocksDbEventStore& store, const std::vector<SentCommand>& commands,
                 Tally& tally);

}  // namespace caseledger::crash
