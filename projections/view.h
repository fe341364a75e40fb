#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/table.h"

namespace caseledger::projections {

// A projection's view as queries read it: one table at one version. Holding a View keeps its
// table; a view replaced by a rebuilt version is dropped when its last reader lets go.
// Thread-safe.
class View {
 public:
  using Visitor = eventstore::Table::Visitor;

  View(std::shared_ptr<const eventstore::Table> table, uint32_t version)
      : table_(std::move(table)), version_(version) {}
  ~View();

  uint32_t version() const { return version_; }
  absl::StatusOr<std::optional<std::string>> Get(const std::string& key) const {
    return table_->Get(key);
  }
  // The values at `keys`, in order; nullopt where there is none.
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const {
    return table_->MultiGet(keys);
  }
  // Visits the keys in [from, until) in order until `visit` returns false.
  absl::Status Scan(absl::string_view from, absl::string_view until, Visitor visit) const {
    return table_->Scan(from, until, visit);
  }
  absl::Status ScanPrefix(absl::string_view prefix, Visitor visit) const {
    return table_->ScanPrefix(prefix, visit);
  }

  // Called once this view has been replaced: `drop` runs when the last reader lets go.
  void RetireWith(std::function<void()> drop) { retire_ = std::move(drop); }

 private:
  std::shared_ptr<const eventstore::Table> table_;
  const uint32_t version_;
  std::function<void()> retire_;
};

}  // namespace caseledger::projections
