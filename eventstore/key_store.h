#pragma once

#include "absl/status/status.h"
#include "eventstore/table.h"

namespace caseledger::eventstore {

// The table of secrets kept beside the log: the privacy module's subject keys. Every write is
// on disk when it returns, and Purge makes what was deleted unrecoverable from the store's
// files. Thread-safe.
class KeyStore : public Table {
 public:
  // Applies `changes` atomically and durably (synced).
  virtual absl::Status Write(const TableChanges& changes) = 0;

  // When it returns, no file of the store holds a value that was deleted or overwritten
  // before the call. Slow (it flushes and compacts): not for a caller that must answer at once.
  virtual absl::Status Purge() = 0;
};

}  // namespace caseledger::eventstore
