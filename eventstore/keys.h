#pragma once

// Key layouts of the event store's column families. All integers are big-endian, so
// RocksDB's bytewise order is numeric order.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace caseledger::eventstore::keys {

// Appends `v` as 8 big-endian bytes.
void PutBigEndian64(std::string& out, uint64_t v);

// `log`: position -> EventRecord.
std::string Position(uint64_t position);
uint64_t DecodePosition(absl::string_view key);

// `streams`: stream_id, a zero byte, revision -> position. Stream ids never hold a zero
// byte, so one stream's keys are contiguous and sorted by revision.
std::string StreamRevision(absl::string_view stream_id, uint64_t revision);
// True when `key` belongs to `stream_id`; then *revision holds its revision.
bool ParseStreamRevision(absl::string_view key, absl::string_view stream_id, uint64_t* revision);

}  // namespace caseledger::eventstore::keys
