#include "app/policies.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "app/methods.h"
#include "domain/policy.h"

namespace caseledger::app {
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

void Policies::SetPolicy(const Actor& actor, const v1::SetPolicyRequest& request,
                         v1::SetPolicyResponse* response, Done done) {
  Target target;
  target.org_id = request.org_id();
  access_.Authorize(
      actor, methods::kSetPolicy, target,
      [this, actor, &request, response, done = std::move(done)](absl::Status admitted) mutable {
        if (!admitted.ok()) return done(admitted);
        Set(actor, request, response, std::move(done));
      });
}

void Policies::Set(const Actor& actor, v1::SetPolicyRequest setting,
                   v1::SetPolicyResponse* response, Done done) {
  if (setting.org_id().empty()) setting.set_org_id(actor.org_id);
  const std::string stream_id = domain::PolicyStreamId(setting.org_id());
  if (!setting.command_id().empty()) {
    auto earlier = store_.LookupCommand(setting.command_id());
    if (!earlier.ok()) return done(earlier.status());
    if (earlier->has_value()) {
      const eventstore::AppendResult& first = (*earlier)->streams.front();
      if (first.stream_id != stream_id) {
        return done(absl::AlreadyExistsError(absl::StrCat("command_id ", setting.command_id(),
                                                          " was already used for stream ",
                                                          first.stream_id)));
      }
      *response = ResponseOf(setting.org_id(), first);
      return done(absl::OkStatus());
    }
  }
  auto current = runner_.LoadPolicy(setting.org_id());
  if (!current.ok()) return done(current.status());
  absl::StatusOr<v1::PolicyEvent> event =
      domain::DecideSetPolicy((*current)->state, setting, clock_.Now(), actor.id, actor.role);
  if (!event.ok()) return done(event.status());

  eventstore::AppendRequest append;
  append.stream_id = stream_id;
  append.expected_revision = eventstore::ExpectedRevision::Exact((*current)->revision);
  append.command_id = setting.command_id();
  eventstore::ProposedEvent proposed;
  proposed.type = "PolicySet";
  proposed.payload = event->SerializeAsString();
  proposed.metadata.set_actor(actor.id);
  proposed.metadata.set_actor_role(actor.role);
  proposed.metadata.set_causation_id(setting.command_id());
  proposed.metadata.set_correlation_id(setting.command_id());
  *proposed.metadata.mutable_occurred_at() = event->occurred_at();
  append.events.push_back(std::move(proposed));
  store_.AppendAsync(std::move(append),
                     [response, org_id = setting.org_id(),
                      done = std::move(done)](absl::StatusOr<eventstore::AppendResult> r) {
                       if (r.ok()) *response = ResponseOf(org_id, *r);
                       done(r.status());
                     });
}

void Policies::GetPolicy(const Actor& actor, const v1::GetPolicyRequest& request,
                         v1::PolicyVersion* response, Done done) {
  Target target;
  target.org_id = request.org_id();
  access_.Authorize(
      actor, methods::kGetPolicy, target,
      [this, actor, &request, response, done = std::move(done)](absl::Status admitted) {
        if (!admitted.ok()) return done(admitted);
        const std::string org_id = request.org_id().empty() ? actor.org_id : request.org_id();
        auto current = runner_.LoadPolicy(org_id);
        if (!current.ok()) return done(current.status());
        *response = (*current)->state;
        done(absl::OkStatus());
      });
}

}  // namespace caseledger::app
