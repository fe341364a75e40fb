#pragma once

// What every gRPC adapter does with a call: read who is calling from its metadata, and
// finish it with the status the application answers.

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/authenticator.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "services/grpc_status.h"

namespace caseledger::services {

// A call's metadata as the authenticator reads it.
class GrpcHeaders final : public app::CallHeaders {
 public:
  explicit GrpcHeaders(const grpc::CallbackServerContext& context) : context_(context) {}
  std::optional<std::string> Find(absl::string_view name) const override;

 private:
  const grpc::CallbackServerContext& context_;
};

// How long a read may wait for the views: the client's deadline, at most `limit` away.
absl::Time WaitDeadline(const grpc::CallbackServerContext& context,
                        absl::Duration limit = absl::Seconds(30));

// Answers a unary call: authenticates its caller, then calls `call(actor, done)`, where
// `done(status)` finishes the call; an unauthenticated call is finished at once. Returns the
// call's reactor, for the service method to return.
template <typename Call>
grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                 const app::Authenticator& authenticator, Call&& call) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<app::Actor> actor = authenticator.Authenticate(GrpcHeaders(*context));
  if (!actor.ok()) {
    reactor->Finish(ToGrpcStatus(actor.status()));
    return reactor;
  }
  call(*actor, [reactor](absl::Status status) { reactor->Finish(ToGrpcStatus(status)); });
  return reactor;
}

}  // namespace caseledger::services
