#include "eventstore/record_hash.h"

#include <openssl/evp.h>

#include "absl/strings/escaping.h"
#include "eventstore/keys.h"

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

std::string HashHex(const std::string& hash) { return absl::BytesToHexString(hash); }

}  // namespace caseledger::eventstore
