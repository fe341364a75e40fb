#include "projections/projection.h"

#include "eventstore/rocksdb_bridge.h"

namespace caseledger::projections {

absl::StatusOr<std::optional<std::string>> ViewBatch::GetCommitted(const std::string& key) const {
  std::string value;
  rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), family_, key, &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return eventstore::FromRocksDb(s, "reading a view");
  return value;
}

}  // namespace caseledger::projections
