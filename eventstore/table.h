#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace caseledger::eventstore {

// Changes to one table, written together: each key's last change wins, and they are written
// in key order (a sorted write costs RocksDB far less than a scattered one).
class TableChanges {
 public:
  void Put(std::string key, std::string value) { changes_[std::move(key)] = std::move(value); }
  void Delete(std::string key) { changes_[std::move(key)] = std::nullopt; }
  bool empty() const { return changes_.empty(); }
  size_t size() const { return changes_.size(); }
  void Clear() { changes_.clear(); }

  // Each key's last change, in key order: the value to put, or nullopt to delete.
  const absl::btree_map<std::string, std::optional<std::string>>& changes() const {
    return changes_;
  }

 private:
  absl::btree_map<std::string, std::optional<std::string>> changes_;
};

// A sorted table of keys and values kept beside the log: a projection's view, the subject
// keys. A read sees every write that completed before it began. Thread-safe.
class Table {
 public:
  using Visitor = absl::FunctionRef<bool(absl::string_view key, absl::string_view value)>;

  virtual ~Table() = default;

  // The value at `key`; nullopt when there is none.
  virtual absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const = 0;
  // The values at `keys`, in their order; nullopt where there is none.
  virtual absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const = 0;
  // Visits the keys in [from, until) in order until `visit` returns false.
  virtual absl::Status Scan(absl::string_view from, absl::string_view until,
                            Visitor visit) const = 0;

  // Visits the keys that begin with `prefix` (which must not end in the byte 0xFF).
  absl::Status ScanPrefix(absl::string_view prefix, Visitor visit) const;
};

}  // namespace caseledger::eventstore
