#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"

namespace caseledger::projections {

// A projection's view as queries read it: one column family at one version. Holding a
// View keeps its family alive; a view replaced by a rebuilt version is dropped when its
// last reader lets go. Thread-safe.
class View {
 public:
  using Visitor = std::function<bool(absl::string_view key, absl::string_view value)>;

  View(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family, uint32_t version)
      : db_(db), family_(family), version_(version) {}
  ~View();

  uint32_t version() const { return version_; }
  absl::StatusOr<std::optional<std::string>> Get(const std::string& key) const;
  // The values at `keys`, in order; nullopt where there is none.
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const;
  // Visits the keys in [from, until) in order until `visit` returns false.
  absl::Status Scan(const std::string& from, const std::string& until,
                    const Visitor& visit) const;
  absl::Status ScanPrefix(const std::string& prefix, const Visitor& visit) const;

  // Called once this view has been replaced: `drop` runs when the last reader lets go.
  void RetireWith(std::function<void()> drop) { retire_ = std::move(drop); }

 private:
  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle* const family_;
  const uint32_t version_;
  std::function<void()> retire_;
};

}  // namespace caseledger::projections
