#include "eventstore/record_hash.h"

#include <openssl/evp.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "base/ids.h"
#include "eventstore/keys.h"
#include "google/protobuf/message.h"

namespace caseledger::eventstore {
namespace {

void PutU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

void PutBytes(std::string& out, const std::string& bytes) {
  keys::PutBigEndian64(out, bytes.size());
  out.append(bytes);
}

void PutTimestamp(std::string& out, const google::protobuf::Timestamp& t) {
  keys::PutBigEndian64(out, static_cast<uint64_t>(t.seconds()));
  PutU32(out, static_cast<uint32_t>(t.nanos()));
}

// Whether `message`, or a message within it, holds a field its type does not define: bytes
// that no hash covers.
bool HoldsUnknownFields(const google::protobuf::Message& message) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  if (!reflection->GetUnknownFields(message).empty()) return true;
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!field->is_repeated()) {
      if (HoldsUnknownFields(reflection->GetMessage(message, field))) return true;
      continue;
    }
    for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
      if (HoldsUnknownFields(reflection->GetRepeatedMessage(message, field, i))) return true;
    }
  }
  return false;
}

}  // namespace

const std::string& GenesisHash() {
  static const std::string* const genesis = new std::string(kHashBytes, '\0');
  return *genesis;
}

std::string CanonicalBytes(const v1::EventRecord& r) {
  const v1::EventMetadata& m = r.metadata();
  std::string out;
  out.reserve(160 + r.payload().size() + r.event_id().size() + r.stream_id().size() +
              r.type().size() + m.actor().size() + m.command_id().size());
  PutBytes(out, r.event_id());
  PutBytes(out, r.stream_id());
  keys::PutBigEndian64(out, r.stream_revision());
  keys::PutBigEndian64(out, r.position());
  PutBytes(out, r.type());
  PutBytes(out, r.payload());
  PutBytes(out, m.actor());
  PutBytes(out, m.actor_role());
  PutBytes(out, m.command_id());
  PutBytes(out, m.correlation_id());
  PutBytes(out, m.causation_id());
  PutTimestamp(out, m.occurred_at());
  PutTimestamp(out, m.recorded_at());
  return out;
}

std::string ChainHash(const std::string& prev_hash, const v1::EventRecord& record) {
  std::string input = prev_hash;
  input.append(CanonicalBytes(record));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

v1::EventRecord ChainRecord(ProposedEvent event, const RecordPlace& place) {
  v1::EventRecord record;
  record.set_event_id(event.event_id.empty() ? NewUuid() : std::move(event.event_id));
  record.set_stream_id(place.stream_id);
  record.set_stream_revision(place.revision);
  record.set_position(place.position);
  record.set_type(std::move(event.type));
  record.set_payload(std::move(event.payload));
  *record.mutable_metadata() = std::move(event.metadata);
  record.mutable_metadata()->set_command_id(place.command_id);
  *record.mutable_metadata()->mutable_recorded_at() = place.recorded_at;
  record.set_prev_hash(place.prev_hash);
  record.set_hash(ChainHash(place.prev_hash, record));
  return record;
}

std::optional<std::string> ChainProblem(const v1::EventRecord& record, uint64_t position,
                                        const std::string& prev_hash) {
  if (record.position() != position) {
    return absl::StrCat("the record stored at ", position, " says position ", record.position());
  }
  if (record.prev_hash() != prev_hash) {
    return std::string("prev_hash does not match the previous record's hash");
  }
  if (ChainHash(prev_hash, record) != record.hash()) {
    return std::string("the record's contents do not match its hash");
  }
  if (HoldsUnknownFields(record)) {
    return std::string("the record holds fields its hash does not cover");
  }
  return std::nullopt;
}

}  // namespace caseledger::eventstore
