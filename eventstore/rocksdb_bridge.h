#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"

namespace caseledger::eventstore {

// Translates a RocksDB status at the edge of eventstore/: Corruption -> DATA_LOSS,
// IOError -> UNAVAILABLE, Busy/TryAgain -> ABORTED, others -> INTERNAL. `context` says
// what was being done ("reading the log at 42").
absl::Status FromRocksDb(const rocksdb::Status& status, absl::string_view context);

// Debian's Abseil has its own string_view, distinct from std::string_view.
inline rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
inline absl::string_view ToView(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace caseledger::eventstore
