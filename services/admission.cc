#include "services/admission.h"

#include "absl/time/clock.h"

namespace caseledger::services {

absl::StatusOr<Actor> Admit(const grpc::CallbackServerContext& context,
                            const Authenticator& authenticator, const Authorizer& authorizer,
                            absl::string_view method, const Target& target) {
  absl::StatusOr<Actor> actor = authenticator.Authenticate(context.client_metadata());
  if (!actor.ok()) return actor.status();
  if (absl::Status s = authorizer.Authorize(*actor, method, target); !s.ok()) return s;
  return actor;
}

absl::Time WaitDeadline(const grpc::CallbackServerContext& context, absl::Duration limit) {
  const absl::Time client = absl::FromChrono(context.deadline());
  return std::min(client, absl::Now() + limit);
}

}  // namespace caseledger::services
