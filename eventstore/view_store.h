#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/table.h"

namespace caseledger::eventstore {

// Where projections keep their views: named tables beside the log, each changed only together
// with its projection's checkpoint, in one atomic write, so an event's effect on a view lands
// exactly once across crashes. Thread-safe.
class ViewStore {
 public:
  virtual ~ViewStore() = default;

  // The view `name`, made empty when missing. Valid until DropView(name) or the store closes,
  // whichever comes first: its holder lets go before either.
  virtual absl::StatusOr<std::shared_ptr<const Table>> OpenView(const std::string& name) = 0;
  virtual bool HasView(const std::string& name) const = 0;
  // Deletes the view and everything in it. OK when there is no such view.
  virtual absl::Status DropView(const std::string& name) = 0;

  // Applies `changes` to the view `name` (opened before) and sets the checkpoint `checkpoint`
  // (read through Checkpoints) to `position`, atomically. Not synced: the log is the truth,
  // and a view that loses its last writes in a machine crash loses its checkpoint with them.
  virtual absl::Status Commit(const std::string& name, const TableChanges& changes,
                              absl::string_view checkpoint, uint64_t position) = 0;

  // Puts every commit made before the call on disk: for a reader that must not lose what it
  // acknowledged to someone else (a consumer of the relayed stream).
  virtual absl::Status Sync() = 0;
};

}  // namespace caseledger::eventstore
