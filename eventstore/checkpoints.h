#pragma once

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace caseledger::eventstore {

// Named positions kept beside the log: how far a reader of the log (a projection, the relay)
// has come, and which version of a view serves. Names are chosen by their owners
// ("projection/caseload/v3", "relay/nats/CASELEDGER"). A checkpoint is saved without a sync:
// after a machine crash it may be behind, never ahead, of what its owner did. Thread-safe.
class Checkpoints {
 public:
  virtual ~Checkpoints() = default;

  // The checkpoint's value; nullopt when it was never saved.
  virtual absl::StatusOr<std::optional<uint64_t>> Read(absl::string_view name) const = 0;
  virtual absl::Status Save(absl::string_view name, uint64_t value) = 0;
  virtual absl::Status Remove(absl::string_view name) = 0;
};

}  // namespace caseledger::eventstore
