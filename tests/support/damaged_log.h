#pragma once

#include <cstdint>

#include "eventstore/keys.h"
#include "eventstore/log_reads.h"
#include "eventstore/rocksdb_event_store.h"
#include "rocksdb/db.h"

namespace caseledger::testing {

// Bytes that are no protobuf encoding (0x6e opens a field of wire type 6, which does not
// exist), so no record parses from them.
inline constexpr char kNotARecord[] = "not a record\xff";

// Overwrites the log's record at `position` with kNotARecord, as a log written wrongly
// would hold it (RocksDB's own checksums still match). True when written.
inline bool DamageRecord(eventstore::RocksDbEventStore& store, uint64_t position) {
  return store.db()
      .Put(rocksdb::WriteOptions(), store.columns().log, eventstore::keys::Position(position),
           kNotARecord)
      .ok();
}

}  // namespace caseledger::testing
