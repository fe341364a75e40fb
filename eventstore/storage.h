#pragma once

#include "eventstore/checkpoints.h"
#include "eventstore/event_store.h"
#include "eventstore/key_store.h"
#include "eventstore/view_store.h"

namespace caseledger::eventstore {

// What caseledger keeps, behind the interface each module uses: the log, the projections'
// views, the checkpoints of the log's readers, and the subject keys. One data folder
// (RocksDbEventStore) or memory (MemoryStore) provides them all; the references stay valid
// while their provider lives.
struct Storage {
  EventStore& log;
  ViewStore& views;
  Checkpoints& checkpoints;
  KeyStore& keys;
};

}  // namespace caseledger::eventstore
