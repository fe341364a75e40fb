#include "app/jwt_authenticator.h"

#include <jwt.h>

#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "domain/field_errors.h"

namespace caseledger::app {
namespace {

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};

std::string Grant(jwt_t* jwt, const char* name) {
  const char* value = jwt_get_grant(jwt, name);
  return value == nullptr ? "" : value;
}

}  // namespace

absl::StatusOr<Actor> JwtAuthenticator::Authenticate(const CallHeaders& headers) const {
  std::optional<std::string> header = headers.Find("authorization");
  if (!header.has_value()) {
    return absl::UnauthenticatedError("missing authorization metadata: a bearer token");
  }
  const std::string& value = *header;
  constexpr absl::string_view kBearer = "Bearer ";
  if (!absl::StartsWith(value, kBearer)) {
    return absl::UnauthenticatedError("authorization must be 'Bearer <token>'");
  }
  const std::string token = value.substr(kBearer.size());
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(options_.key.data()),
                 static_cast<int>(options_.key.size())) != 0) {
    return absl::UnauthenticatedError(
        "the bearer token is malformed or its signature does not verify");
  }
  std::unique_ptr<jwt_t, JwtFree> jwt(raw);
  const jwt_alg_t wanted =
      options_.algorithm == JwtOptions::Algorithm::kHs256 ? JWT_ALG_HS256 : JWT_ALG_RS256;
  if (jwt_get_alg(jwt.get()) != wanted) {
    return absl::UnauthenticatedError("the bearer token is not signed with the expected algorithm");
  }
  const long expires = jwt_get_grant_int(jwt.get(), "exp");
  if (expires <= 0) return absl::UnauthenticatedError("the bearer token has no expiry (exp)");
  if (absl::FromUnixSeconds(expires) <= options_.clock->Now()) {
    return absl::UnauthenticatedError("the bearer token has expired");
  }
  Actor actor;
  actor.id = Grant(jwt.get(), "sub");
  actor.role = Grant(jwt.get(), "role");
  actor.team_id = Grant(jwt.get(), "team");
  if (std::string org = Grant(jwt.get(), "org"); !org.empty()) {
    if (absl::Status s = CheckOrganisation(org, "the bearer token's org"); !s.ok()) return s;
    actor.org_id = std::move(org);
  }
  if (actor.id.empty()) return absl::UnauthenticatedError("the bearer token names no actor (sub)");
  if (!IsKnownRole(actor.role)) {
    return absl::UnauthenticatedError(absl::StrCat(
        "the bearer token's role ", domain::Quoted(actor.role), " is not a caseledger role"));
  }
  return actor;
}

}  // namespace caseledger::app
