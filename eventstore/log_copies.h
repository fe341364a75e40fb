#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"

namespace caseledger::eventstore {

// Writes into a log records taken as they are from another copy of it: a read replica's
// log, or a store restored from the broker's stream. Thread-safe.
class LogCopies {
 public:
  virtual ~LogCopies() = default;

  // Appends `records` (encoded EventRecords, the first at the head's next position, each
  // chained to the one before) byte for byte: the same positions, event ids and hashes. Each
  // stream's index and each command's idempotency record are written too, so a command sent
  // again to this copy is answered with its first result. One atomic, durable write. Returns
  // the new head. DATA_LOSS naming the position when a record is not the log's next (a gap,
  // a reorder, a broken hash, a stream revision out of turn): nothing of `records` is written
  // then. UNAVAILABLE as an append.
  virtual absl::StatusOr<LogHead> CopyRecords(const std::vector<std::string>& records) = 0;
};

}  // namespace caseledger::eventstore
