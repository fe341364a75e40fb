#pragma once

#include <functional>

#include "absl/status/status.h"
#include "app/access_control.h"
#include "app/actor.h"
#include "app/work_queue.h"
#include "caseledger/v1/operations.pb.h"
#include "eventstore/storage.h"

namespace caseledger::app {

// Backups of the running store, taken on a queue of their own (a backup flushes and copies
// files: seconds), so no caller waits on its thread. Thread-safe.
class BackupWorkflow {
 public:
  using Done = std::function<void(absl::Status)>;

  // `backups` null: the store has nothing on disk to copy.
  BackupWorkflow(const AccessControl& access, eventstore::Backups* backups)
      : access_(access), backups_(backups) {}

  // Authorizes `actor`, checks the request (INVALID_ARGUMENT naming `to`), takes the backup
  // and fills `response`; `done` runs once, on any thread.
  void Backup(const Actor& actor, const v1::BackupRequest& request, v1::BackupResponse* response,
              Done done);

 private:
  const AccessControl& access_;
  eventstore::Backups* const backups_;
  // Last, so it finishes what is queued before the rest goes.
  WorkQueue work_;
};

}  // namespace caseledger::app
