#include "services/policy_commands_service.h"

#include "absl/strings/str_cat.h"
#include "domain/policy.h"
#include "services/admission.h"
#include "services/grpc_status.h"

namespace caseledger::services {
namespace {

v1::SetPolicyResponse ResponseOf(const std::string& org_id,
                                 const eventstore::AppendResult& appended) {
  v1::SetPolicyResponse response;
  response.set_org_id(org_id);
  response.set_version(appended.last_revision);
  response.set_position(appended.last_position);
  response.set_duplicate(appended.duplicate);
  return response;
}

}  // namespace

grpc::ServerUnaryReactor* PolicyCommandsService::SetPolicy(grpc::CallbackServerContext* context,
                                                           const v1::SetPolicyRequest* request,
                                                           v1::SetPolicyResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto finish = [reactor](const absl::Status& status) {
    reactor->Finish(ToGrpcStatus(status));
    return reactor;
  };
  Target target;
  target.org_id = request->org_id();
  absl::StatusOr<Actor> actor =
      Admit(*context, authenticator_, authorizer_, "PolicyCommands.SetPolicy", target);
  if (!actor.ok()) return finish(actor.status());
  v1::SetPolicyRequest setting = *request;
  if (setting.org_id().empty()) setting.set_org_id(actor->org_id);
  const std::string stream_id = domain::PolicyStreamId(setting.org_id());

  if (!setting.command_id().empty()) {
    auto earlier = store_.LookupCommand(setting.command_id());
    if (!earlier.ok()) return finish(earlier.status());
    if (earlier->has_value()) {
      if ((*earlier)->stream_id != stream_id) {
        return finish(absl::AlreadyExistsError(absl::StrCat(
            "command_id ", setting.command_id(), " was already used for stream ",
            (*earlier)->stream_id)));
      }
      *response = ResponseOf(setting.org_id(), **earlier);
      return finish(absl::OkStatus());
    }
  }
  auto current = runner_.LoadPolicy(setting.org_id());
  if (!current.ok()) return finish(current.status());
  absl::StatusOr<v1::PolicyEvent> event = domain::DecideSetPolicy(
      (*current)->state, setting, clock_.Now(), actor->id, actor->role);
  if (!event.ok()) return finish(event.status());

  eventstore::AppendRequest append;
  append.stream_id = stream_id;
  append.expected_revision = eventstore::ExpectedRevision::Exact((*current)->revision);
  append.command_id = setting.command_id();
  eventstore::ProposedEvent proposed;
  proposed.type = "PolicySet";
  proposed.payload = event->SerializeAsString();
  proposed.metadata.set_actor(actor->id);
  proposed.metadata.set_actor_role(actor->role);
  proposed.metadata.set_causation_id(setting.command_id());
  proposed.metadata.set_correlation_id(setting.command_id());
  *proposed.metadata.mutable_occurred_at() = event->occurred_at();
  append.events.push_back(std::move(proposed));
  store_.AppendAsync(std::move(append), [reactor, response, org_id = setting.org_id()](
                                            absl::StatusOr<eventstore::AppendResult> r) {
    if (r.ok()) *response = ResponseOf(org_id, *r);
    reactor->Finish(ToGrpcStatus(r.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* PolicyCommandsService::GetPolicy(grpc::CallbackServerContext* context,
                                                           const v1::GetPolicyRequest* request,
                                                           v1::PolicyVersion* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  Target target;
  target.org_id = request->org_id();
  absl::StatusOr<Actor> actor =
      Admit(*context, authenticator_, authorizer_, "PolicyCommands.GetPolicy", target);
  absl::Status status = actor.status();
  if (status.ok()) {
    const std::string org_id = request->org_id().empty() ? actor->org_id : request->org_id();
    auto current = runner_.LoadPolicy(org_id);
    status = current.status();
    if (current.ok()) *response = (*current)->state;
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace caseledger::services
