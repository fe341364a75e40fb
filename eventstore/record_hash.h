#pragma once

#include <string>

#include "caseledger/v1/event_record.pb.h"

namespace caseledger::eventstore {

inline constexpr size_t kHashBytes = 32;

// The prev_hash of the log's first record: 32 zero bytes.
const std::string& GenesisHash();

// The record's canonical bytes: every field but prev_hash and hash, in a fixed order,
// strings as an 8-byte big-endian length then the bytes, integers as 8-byte big-endian,
// timestamps as seconds (8 bytes) then nanos (4 bytes). This layout is part of the
// on-disk format: changing it invalidates every stored hash.
std::string CanonicalBytes(const v1::EventRecord& record);

// SHA-256(prev_hash || CanonicalBytes(record)).
std::string ChainHash(const std::string& prev_hash, const v1::EventRecord& record);

// Lower-case hex, for messages and anchors.
std::string HashHex(const std::string& hash);

}  // namespace caseledger::eventstore
