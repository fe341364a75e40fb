#include <string>

#include "absl/strings/string_view.h"
#include "base/encoded_fields.h"
#include "caseledger/v1/event_record.pb.h"
#include "eventstore/event_store.h"
#include "eventstore/record_hash.h"
#include "fuzz/targets.h"

namespace caseledger::fuzz {

int StoredRecord(const uint8_t* data, size_t size) {
  const absl::string_view encoded(reinterpret_cast<const char*>(data), size);
  const bool well_formed = eventstore::CheckRecordEncoding(encoded, 7).ok();
  FUZZ_CHECK(well_formed == WellFormed(encoded));
  v1::EventRecord record;
  if (!eventstore::ParseRecordInto(encoded, 7, record).ok()) return 0;
  FUZZ_CHECK(well_formed);
  const std::string hash = eventstore::ChainHash(eventstore::GenesisHash(), record);
  FUZZ_CHECK(hash.size() == eventstore::kHashBytes);
  FUZZ_CHECK(hash == eventstore::ChainHash(eventstore::GenesisHash(), record));
  // The hash covers what the record says: another position is another hash.
  v1::EventRecord moved = record;
  moved.set_position(record.position() + 1);
  FUZZ_CHECK(eventstore::ChainHash(eventstore::GenesisHash(), moved) != hash);
  return 0;
}

}  // namespace caseledger::fuzz
