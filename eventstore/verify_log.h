#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "eventstore/log_reads.h"
#include "rocksdb/db.h"

namespace caseledger::eventstore {

// Walks the log over [from, to] and checks, for each position, that its record is
// there, parses, names its own position, links to the previous record's hash, and
// hashes to what it stores. `from` below 1 is taken as 1; `to` 0 or past `head` is `head`.
absl::StatusOr<VerifyResult> VerifyLogRange(rocksdb::DB& db, const LogColumns& columns,
                                            uint64_t from, uint64_t to, uint64_t head);

}  // namespace caseledger::eventstore
