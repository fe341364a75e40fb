#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "caseledger/v1/event_record.pb.h"
#include "eventstore/table.h"

namespace caseledger::projections {

// The changes a batch of events makes to a projection's view, over the view as committed.
// They commit together with the projection's checkpoint, so each event's effect lands
// exactly once.
class ViewBatch {
 public:
  explicit ViewBatch(const eventstore::Table& committed) : committed_(committed) {}

  void Put(const std::string& key, std::string value) { changes_.Put(key, std::move(value)); }
  void Delete(const std::string& key) { changes_.Delete(key); }
  // The committed value at `key`: not what this batch holds yet.
  absl::StatusOr<std::optional<std::string>> GetCommitted(const std::string& key) const {
    return committed_.Get(key);
  }
  // Visits what the view held before this batch under `prefix`, in key order.
  absl::Status ScanCommitted(absl::string_view prefix, eventstore::Table::Visitor visit) const {
    return committed_.ScanPrefix(prefix, visit);
  }
  const eventstore::TableChanges& changes() const { return changes_; }

 private:
  const eventstore::Table& committed_;
  eventstore::TableChanges changes_;
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
  // Whether reads need this view up to date: false for one that only speeds reads up (they
  // fold from the log what it does not hold yet), whose lag or failure then does not stop
  // the query services.
  virtual bool required_by_reads() const { return true; }
};

}  // namespace caseledger::projections
