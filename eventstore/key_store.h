#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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

  // Records durably that the key `key_id` is being erased, outside what a restore of a backup
  // brings back (see ErasureRegister), so that a restore can erase it again.
  virtual absl::Status RegisterErasure(absl::string_view key_id) = 0;
  // Every key id so recorded.
  virtual absl::StatusOr<std::vector<std::string>> RegisteredErasures() const = 0;
};

}  // namespace caseledger::eventstore
