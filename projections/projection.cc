#include "projections/projection.h"

#include "eventstore/rocksdb_bridge.h"

namespace caseledger::projections {

void ViewBatch::AddTo(rocksdb::WriteBatch& batch) const {
  for (const auto& [key, value] : changes_) {
    if (value.has_value()) {
      batch.Put(family_, key, *value);
    } else {
      batch.Delete(family_, key);
    }
  }
}

absl::StatusOr<std::optional<std::string>> ViewBatch::GetCommitted(const std::string& key) const {
  std::string value;
  rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), family_, key, &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return eventstore::FromRocksDb(s, "reading a view");
  return value;
}

}  // namespace caseledger::projections
