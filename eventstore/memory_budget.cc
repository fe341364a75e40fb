#include "eventstore/memory_budget.h"

namespace caseledger::eventstore {

MemoryBudget::MemoryBudget(size_t bytes)
    : cache_(rocksdb::NewLRUCache(bytes)),
      write_buffers_(std::make_shared<rocksdb::WriteBufferManager>(bytes / 2, cache_)) {}

rocksdb::ColumnFamilyOptions MemoryBudget::Family(rocksdb::BlockBasedTableOptions table,
                                                  rocksdb::ColumnFamilyOptions options) const {
  table.block_cache = cache_;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace caseledger::eventstore
