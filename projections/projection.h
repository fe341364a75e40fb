#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/btree_map.h"
#include "absl/status/statusor.h"
#include "caseledger/v1/event_record.pb.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace caseledger::projections {

// A projection's own column family, and the changes a batch of events makes to it. They
// commit together with the projection's checkpoint, so each event's effect lands exactly
// once. Changes are kept sorted by key and the last change of a key wins: RocksDB takes
// sorted writes far faster than scattered ones.
class ViewBatch {
 public:
  ViewBatch(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family) : db_(db), family_(family) {}

  void Put(const std::string& key, std::string value) { changes_[key] = std::move(value); }
  void Delete(const std::string& key) { changes_[key] = std::nullopt; }
  // The committed value at `key`: not what this batch holds yet.
  absl::StatusOr<std::optional<std::string>> GetCommitted(const std::string& key) const;

  // Writes the changes, in key order, into `batch`.
  void AddTo(rocksdb::WriteBatch& batch) const;

 private:
  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle* family_;
  absl::btree_map<std::string, std::optional<std::string>> changes_;
};

// A read model fed by the log. The engine calls Apply for each event in log order, then
// Flush once per batch before committing the batch with the checkpoint. When a batch is
// abandoned (a write or an Apply failed), the engine calls Discard and starts again from
// the checkpoint. Called from one engine thread at a time.
class Projection {
 public:
  virtual ~Projection() = default;
  virtual std::string name() const = 0;
  // Bump when the view's derivation changes: the engine rebuilds it from position 1
  // while the previous version keeps serving, then swaps.
  virtual uint32_t version() const = 0;
  virtual absl::Status Apply(const v1::EventRecord& record, ViewBatch& view) = 0;
  // Writes what Apply kept in memory for this batch.
  virtual absl::Status Flush(ViewBatch& view) { return absl::OkStatus(); }
  // Forgets in-memory state that was not committed.
  virtual void Discard() {}
};

}  // namespace caseledger::projections
