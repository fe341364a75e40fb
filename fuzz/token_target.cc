#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "app/jwt_authenticator.h"
#include "base/clock.h"
#include "fuzz/targets.h"

namespace caseledger::fuzz {
namespace {

constexpr char kKey[] = "the server's HS256 secret, thirty-two bytes or more";

// Whether `token`'s third part is the HS256 signature of its first two under kKey.
bool SignedWithTheKey(const std::string& token) {
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return false;
  const std::string signed_part = parts[0] + "." + parts[1];
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), kKey, sizeof(kKey) - 1,
       reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac,
       &mac_size);
  std::string expected =
      absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<const char*>(mac), mac_size));
  return parts[2] == expected;
}

}  // namespace

int BearerToken(const uint8_t* data, size_t size) {
  // Fixed in time: the outcome depends on the input alone.
  static const ManualClock clock(absl::FromUnixSeconds(1'800'000'000));
  static const app::JwtAuthenticator authenticator([] {
    app::JwtOptions options;
    options.algorithm = app::JwtOptions::Algorithm::kHs256;
    options.key = kKey;
    options.clock = &clock;
    return options;
  }());
  const std::string token(reinterpret_cast<const char*>(data), size);
  app::HeaderMap headers{{"authorization", "Bearer " + token}};
  absl::StatusOr<app::Actor> actor = authenticator.Authenticate(headers);
  if (!actor.ok()) return 0;
  FUZZ_CHECK(SignedWithTheKey(token.substr(0, token.find('\0'))));
  FUZZ_CHECK(!actor->id.empty() && app::IsKnownRole(actor->role));
  return 0;
}

}  // namespace caseledger::fuzz
