#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "services/auth.h"
#include "services/case_command_runner.h"

namespace caseledger::services {

// Who may call: authenticates the caller of `context`, then asks the authorizer whether
// they may call `method` on `target`.
absl::StatusOr<Actor> Admit(const grpc::CallbackServerContext& context,
                            const Authenticator& authenticator, const Authorizer& authorizer,
                            absl::string_view method, const Target& target = Target());

// Who may call `method` on one case: authenticates the caller first, then checks `case_id`
// is an id (INVALID_ARGUMENT naming case_id), and only then loads the case, into `folded`
// (revision 0 when it does not exist), for the authorizer to judge.
absl::StatusOr<Actor> AdmitToCase(const grpc::CallbackServerContext& context,
                                  const Authenticator& authenticator,
                                  const Authorizer& authorizer, CaseCommandRunner& runner,
                                  absl::string_view method, const std::string& case_id,
                                  std::shared_ptr<const FoldedCase>& folded);

// How long a read may wait for the views: the client's deadline, at most `limit` away.
absl::Time WaitDeadline(const grpc::CallbackServerContext& context,
                        absl::Duration limit = absl::Seconds(30));

}  // namespace caseledger::services
