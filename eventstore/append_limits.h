#pragma once

#include <cstddef>

#include "absl/status/status.h"
#include "eventstore/event_store.h"

namespace caseledger::eventstore {

struct AppendLimits {
  size_t max_event_bytes = 1 << 20;  // type + payload + metadata of one event
  size_t max_events_per_append = 1000;
  size_t max_id_bytes = 256;  // stream_id, event_id, command_id, type
};

// OK when the request is well formed and within `limits`; otherwise INVALID_ARGUMENT
// naming the first offending field, e.g. "events[2].type must not be empty".
absl::Status ValidateAppend(const AppendRequest& request, const AppendLimits& limits);

// As ValidateAppend, for each stream of `request` (its fields named "streams[1].events[0].type"
// and so on), and INVALID_ARGUMENT for no streams, a stream named twice, or more events in all
// than limits.max_events_per_append.
absl::Status ValidateAppend(const MultiStreamAppendRequest& request, const AppendLimits& limits);

}  // namespace caseledger::eventstore
