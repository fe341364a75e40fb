#pragma once

#include <memory>

#include "rocksdb/env.h"

namespace caseledger::eventstore {

// The machine's file system as RocksDB sees it, with one change: the space RocksDB
// preallocates for a write-ahead log counts in the file's size. A synced append then
// writes inside the file, and fdatasync has no new size to record in the file system's
// journal: on ext4 that is about a quarter of each sync (bench/README.md, append_bench).
// A log cut short by a crash ends in zeros, which RocksDB's recovery reads as the end of
// the log; a log closed cleanly is trimmed to what it holds.
std::unique_ptr<rocksdb::Env> NewPresizedWalEnv();

}  // namespace caseledger::eventstore
