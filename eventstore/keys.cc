#include "eventstore/keys.h"

#include "absl/strings/match.h"

namespace caseledger::eventstore::keys {
namespace {

uint64_t GetU64(absl::string_view bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

}  // namespace

void PutBigEndian64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

std::string Position(uint64_t position) {
  std::string key;
  key.reserve(8);
  PutBigEndian64(key, position);
  return key;
}

uint64_t DecodePosition(absl::string_view key) { return key.size() == 8 ? GetU64(key) : 0; }

std::string StreamRevision(absl::string_view stream_id, uint64_t revision) {
  std::string key;
  key.reserve(stream_id.size() + 9);
  key.append(stream_id.data(), stream_id.size());
  key.push_back('\0');
  PutBigEndian64(key, revision);
  return key;
}

bool ParseStreamRevision(absl::string_view key, absl::string_view stream_id, uint64_t* revision) {
  if (key.size() != stream_id.size() + 9 || !absl::StartsWith(key, stream_id) ||
      key[stream_id.size()] != '\0') {
    return false;
  }
  *revision = GetU64(key.substr(stream_id.size() + 1));
  return true;
}

}  // namespace caseledger::eventstore::keys
