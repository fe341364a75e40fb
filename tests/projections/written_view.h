#pragma once

// A caseload view written straight from rows, for tests of how the queries read it.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "eventstore/keys.h"
#include "eventstore/memory_store.h"
#include "projections/view.h"

namespace caseledger::projections {

// `rows` and, beside them, each of `counts` (Position()-encoded), as a caseload view of
// `version` in `store`.
inline absl::StatusOr<std::unique_ptr<View>> WrittenView(
    eventstore::MemoryStore& store, uint32_t version, eventstore::TableChanges rows,
    const std::map<std::string, uint64_t>& counts) {
  for (const auto& [key, n] : counts) rows.Put(key, eventstore::keys::Position(n));
  eventstore::Storage storage = store.storage();
  const std::string name = absl::StrCat("caseload/v", version);
  auto table = storage.views.OpenView(name);
  if (!table.ok()) return table.status();
  if (absl::Status s = storage.views.Commit(name, rows, "checkpoint", 1); !s.ok()) return s;
  return std::make_unique<View>(*table, version);
}

}  // namespace caseledger::projections
