#pragma once

#include <jwt.h>

#include <cstdlib>
#include <string>

#include "absl/time/time.h"

namespace caseledger::testing {

// A bearer token with the given claims (and team "north"; organisation `org` when given),
// signed with `alg` and `key` (JWT_ALG_NONE: unsigned).
inline std::string Token(jwt_alg_t alg, const std::string& key, const std::string& sub,
                         const std::string& role, absl::Time expires, const std::string& org = "") {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  if (!sub.empty()) jwt_add_grant(jwt, "sub", sub.c_str());
  if (!role.empty()) jwt_add_grant(jwt, "role", role.c_str());
  if (!org.empty()) jwt_add_grant(jwt, "org", org.c_str());
  jwt_add_grant(jwt, "team", "north");
  jwt_add_grant_int(jwt, "exp", absl::ToUnixSeconds(expires));
  jwt_set_alg(jwt, alg,
              alg == JWT_ALG_NONE ? nullptr : reinterpret_cast<const unsigned char*>(key.data()),
              alg == JWT_ALG_NONE ? 0 : static_cast<int>(key.size()));
  char* encoded = jwt_encode_str(jwt);
  std::string token = encoded == nullptr ? "" : encoded;
  free(encoded);
  jwt_free(jwt);
  return token;
}

}  // namespace caseledger::testing
