#pragma once

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "app/actor.h"

namespace caseledger::app {

// The headers of a call as its transport carries them (gRPC metadata, HTTP headers).
class CallHeaders {
 public:
  virtual ~CallHeaders() = default;
  // The value of the header `name` (lower case); nullopt when the call has none.
  virtual std::optional<std::string> Find(absl::string_view name) const = 0;
};

// Headers held in a map: for tools and tests.
class HeaderMap final : public CallHeaders {
 public:
  HeaderMap() = default;
  HeaderMap(std::initializer_list<std::pair<const std::string, std::string>> headers)
      : headers_(headers) {}
  std::optional<std::string> Find(absl::string_view name) const override {
    auto it = headers_.find(name);
    if (it == headers_.end()) return std::nullopt;
    return it->second;
  }

 private:
  absl::flat_hash_map<std::string, std::string> headers_;
};

// OK when `org_id`, a caller's organisation as their credentials name it, is an id: at most
// 128 letters, digits, '-', '_', '.' and ':' (empty: the credentials name none). It names the
// organisation's streams and the relay's subjects. UNAUTHENTICATED saying why, for `source` ("the
// bearer token's org"), otherwise.
absl::Status CheckOrganisation(absl::string_view org_id, absl::string_view source);

// Establishes the actor of a call from its headers. UNAUTHENTICATED when it can't. Every
// transport asks the same one. Implementations are thread-safe.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual absl::StatusOr<Actor> Authenticate(const CallHeaders& headers) const = 0;
};

// For development on loopback: trusts the x-caseledger-actor and x-caseledger-role headers
// (and optional x-caseledger-team, x-caseledger-org). No proof of identity.
class DevelopmentAuthenticator final : public Authenticator {
 public:
  absl::StatusOr<Actor> Authenticate(const CallHeaders& headers) const override;
};

}  // namespace caseledger::app
