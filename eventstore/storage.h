#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "eventstore/checkpoints.h"
#include "eventstore/event_store.h"
#include "eventstore/key_store.h"
#include "eventstore/view_store.h"

namespace caseledger::eventstore {

// Copies of everything a store keeps, taken while it runs.
class Backups {
 public:
  virtual ~Backups() = default;
  // Copies the whole store, as one consistent moment of it, into `folder` (which must not
  // exist) and returns the log's head in the copy. ALREADY_EXISTS when `folder` exists.
  virtual absl::StatusOr<LogHead> Backup(const std::string& folder) = 0;
};

// What caseledger keeps, behind the interface each module uses: the log, the projections'
// views, the checkpoints of the log's readers, the subject keys, and backups of them all. One data
// folder (RocksDbEventStore) or memory (MemoryStore) provides them all; the references stay valid
// while their provider lives.
struct Storage {
  EventStore& log;
  ViewStore& views;
  Checkpoints& checkpoints;
  KeyStore& keys;
  // Null for a store with nothing on disk to copy.
  Backups* backups;
};

}  // namespace caseledger::eventstore
