#include "services/admission.h"

#include "absl/time/clock.h"
#include "domain/field_errors.h"

namespace caseledger::services {

absl::StatusOr<Actor> Admit(const grpc::CallbackServerContext& context,
                            const Authenticator& authenticator, const Authorizer& authorizer,
                            absl::string_view method, const Target& target) {
  absl::StatusOr<Actor> actor = authenticator.Authenticate(context.client_metadata());
  if (!actor.ok()) return actor.status();
  if (absl::Status s = authorizer.Authorize(*actor, method, target); !s.ok()) return s;
  return actor;
}

absl::StatusOr<Actor> AdmitToCase(const grpc::CallbackServerContext& context,
                                  const Authenticator& authenticator,
                                  const Authorizer& authorizer, CaseCommandRunner& runner,
                                  absl::string_view method, const std::string& case_id,
                                  std::shared_ptr<const FoldedCase>& folded) {
  absl::StatusOr<Actor> actor = authenticator.Authenticate(context.client_metadata());
  if (!actor.ok()) return actor.status();
  domain::FieldErrors id;
  id.Id("case_id", case_id, true);
  if (!id.ok()) return id.ToStatus();
  absl::StatusOr<std::shared_ptr<const FoldedCase>> loaded = runner.LoadCase(case_id);
  if (!loaded.ok()) return loaded.status();
  folded = *std::move(loaded);
  const v1::CaseState* state = folded->revision > 0 ? &folded->state.state : nullptr;
  if (absl::Status s = authorizer.Authorize(*actor, method, Target::Case(case_id, state));
      !s.ok()) {
    return s;
  }
  return actor;
}

absl::Time WaitDeadline(const grpc::CallbackServerContext& context, absl::Duration limit) {
  const absl::Time client = absl::FromChrono(context.deadline());
  return std::min(client, absl::Now() + limit);
}

}  // namespace caseledger::services
