#pragma once

#include <string>

#include "app/authenticator.h"
#include "base/clock.h"

namespace caseledger::app {

struct JwtOptions {
  enum class Algorithm { kHs256, kRs256 };
  Algorithm algorithm = Algorithm::kHs256;
  // HS256: the shared secret. RS256: the issuer's public key, PEM.
  std::string key;
  const Clock* clock = &SystemClock();
};

// Authenticates callers by a signed bearer token (header "authorization: Bearer <JWT>"):
// the signature must verify with the configured algorithm and key, "exp" must lie ahead,
// "sub" names the actor and "role" a known role; "team" and "org" are optional. Anything
// else is UNAUTHENTICATED. Thread-safe.
class JwtAuthenticator final : public Authenticator {
 public:
  explicit JwtAuthenticator(JwtOptions options) : options_(std::move(options)) {}
  absl::StatusOr<Actor> Authenticate(const CallHeaders& headers) const override;

 private:
  const JwtOptions options_;
};

}  // namespace caseledger::app
