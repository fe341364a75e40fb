#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "caseledger/v1/event_record.pb.h"
#include "eventstore/event_store.h"

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

// Where a proposed event lands: what the store assigns it.
struct RecordPlace {
  const std::string& stream_id;
  uint64_t revision;
  uint64_t position;
  const std::string& command_id;
  const google::protobuf::Timestamp& recorded_at;
  // The hash of the record before it in the log.
  const std::string& prev_hash;
};

// The record the log stores for `event` at `place`, hashed into the chain; a new event id
// when the event has none.
v1::EventRecord ChainRecord(ProposedEvent event, const RecordPlace& place);

// Why `record`, read at `position` after a record hashed `prev_hash`, does not belong in
// the chain there (it names another position, does not link to `prev_hash`, does not hash
// to what it stores, or holds fields no hash covers); nullopt when it does.
std::optional<std::string> ChainProblem(const v1::EventRecord& record, uint64_t position,
                                        const std::string& prev_hash);

}  // namespace caseledger::eventstore
