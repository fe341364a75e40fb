#include "app/server_command_id.h"

#include <openssl/evp.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace caseledger::app {
namespace {

constexpr char kServerPrefix[] = "caseledger:";

}  // namespace

std::string ServerCommandId(absl::string_view purpose, absl::string_view key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(key.data(), key.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::StrCat(kServerPrefix, purpose, ":",
                      absl::BytesToHexString(std::string(reinterpret_cast<char*>(digest), length)));
}

bool IsServerCommandId(absl::string_view command_id) {
  return absl::StartsWith(command_id, kServerPrefix);
}

}  // namespace caseledger::app
