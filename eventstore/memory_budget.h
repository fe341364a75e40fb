#pragma once

#include <cstddef>
#include <memory>

#include "rocksdb/cache.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/write_buffer_manager.h"

namespace caseledger::eventstore {

// What the store may hold in memory, whatever the number of column families (the log's, and
// one per version of each view): one LRU cache for every family's blocks, with the memtables
// charged to it and flushed once together they pass half of it. Without it each family keeps
// two 64 MiB memtables and a cache of its own, and a store under steady load grows by
// hundreds of MiB before it levels off.
class MemoryBudget {
 public:
  explicit MemoryBudget(size_t bytes);

  const std::shared_ptr<rocksdb::WriteBufferManager>& write_buffers() const {
    return write_buffers_;
  }
  // `options` with tables built from `table`, their blocks in the shared cache.
  rocksdb::ColumnFamilyOptions Family(
      rocksdb::BlockBasedTableOptions table = rocksdb::BlockBasedTableOptions(),
      rocksdb::ColumnFamilyOptions options = rocksdb::ColumnFamilyOptions()) const;

 private:
  std::shared_ptr<rocksdb::Cache> cache_;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers_;
};

}  // namespace caseledger::eventstore
