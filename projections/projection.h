#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "caseledger/v1/event_record.pb.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace caseledger::projections {

// A projection's own column family, and the batch its changes go into. The batch commits
// together with the projection's checkpoint, so each event's effect lands exactly once.
class ViewBatch {
 public:
  ViewBatch(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family, rocksdb::WriteBatch& batch)
      : db_(db), family_(family), batch_(batch) {}

  void Put(const std::string& key, const std::string& value) { batch_.Put(family_, key, value); }
  void Delete(const std::string& key) { batch_.Delete(family_, key); }
  // The committed value at `key`: not what this batch holds yet.
  absl::StatusOr<std::optional<std::string>> GetCommitted(const std::string& key) const;

 private:
  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle* family_;
  rocksdb::WriteBatch& batch_;
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
