#pragma once

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace caseledger::eventstore {

// The ids of every subject key ever erased, one a line, in a file of its own beside the
// database: append-only and synced before an erasure goes ahead. A backup of the database taken
// before an erasure still holds the key; the register, kept with the live data folder and
// copied into each backup, is what lets a restore destroy it again. With no path, it is kept
// in memory. Thread-safe.
class ErasureRegister {
 public:
  explicit ErasureRegister(std::string path) : path_(std::move(path)) {}

  // The register's file name in a data folder or a backup.
  static constexpr char kFileName[] = "ERASURES";

  // Adds `key_id` durably. UNAVAILABLE when the file can't be written and synced.
  absl::Status Add(absl::string_view key_id);
  // Every id added, in the order added (repeats removed); empty when the file does not exist.
  absl::StatusOr<std::vector<std::string>> All() const;

  // Reads a register file; empty when it does not exist.
  static absl::StatusOr<std::vector<std::string>> Read(const std::string& path);
  // Writes `ids` as the register at `path`, replacing it, synced.
  static absl::Status Write(const std::string& path, const std::vector<std::string>& ids);

 private:
  const std::string path_;
  mutable absl::Mutex mu_;
  std::vector<std::string> in_memory_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::eventstore
