#pragma once

#include <memory>

#include "rocksdb/file_system.h"

namespace caseledger::eventstore {

// `base` as RocksDB sees it, with one change: the space RocksDB preallocates for a
// write-ahead log counts in the file's size. A synced append then writes inside the file,
// and fdatasync has no new size to record in the file system's journal: on ext4 that is
// about a quarter of each sync (bench/README.md, append_bench). A log closed cleanly is
// trimmed to what it holds. A log left by a crash keeps its size until RocksDB deletes it;
// recovery skips its zeroed blocks as padding and reads on to the end of the file. The store
// uses it only with fsync durability: a synced append syncs every log written before it, so
// no unsynced gap can hide behind those zeros. Make an Env of it with rocksdb::NewCompositeEnv.
std::shared_ptr<rocksdb::FileSystem> NewPresizedWalFileSystem(
    std::shared_ptr<rocksdb::FileSystem> base);

}  // namespace caseledger::eventstore
