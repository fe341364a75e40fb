#pragma once

// Internal to eventstore/.

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/status.h"

namespace caseledger::eventstore {

// Whether the store's database has failed a write to disk. Once a write or sync of RocksDB's
// write-ahead log fails, RocksDB refuses every later write of the database, and what reached
// the disk is unknown until the database is opened again. So the first such failure, whoever
// met it (the log's writer, a view, the subject keys), becomes the reason every append is
// refused until then. Thread-safe.
class WriteFailure {
 public:
  // `status` of a write of the database, as its writer answers it: OK when it is. An IOError
  // (a full disk among them), or any failure when `always` (the log's writer), becomes the
  // refusal from now on, and is answered as the refusal (the first failure's); another failure
  // is translated by FromRocksDb with `context`.
  absl::Status Check(const rocksdb::Status& status, absl::string_view context, bool always = false);
  // OK, or why every append is refused: UNAVAILABLE, or RESOURCE_EXHAUSTED when the disk is
  // full, naming the cause.
  absl::Status Refusal() const;

 private:
  mutable absl::Mutex mu_;
  absl::Status refusal_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::eventstore
