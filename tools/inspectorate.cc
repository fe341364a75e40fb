#include "tools/inspectorate.h"

#include <utility>

namespace caseledger::tools {
namespace {

template <typename Event>
eventstore::ProposedEvent Proposed(const Event& event, const Acting& acting) {
  eventstore::ProposedEvent proposed;
  proposed.type = domain::EventType(event);
  proposed.payload = event.SerializeAsString();
  proposed.metadata.set_actor(acting.actor);
  proposed.metadata.set_actor_role(acting.role);
  *proposed.metadata.mutable_occurred_at() = event.occurred_at();
  return proposed;
}

// Adds a stream's part to `append` and folds its events into `state`.
template <typename State, typename Event>
void AddPart(eventstore::MultiStreamAppendRequest& append, const std::string& stream,
             const Acting& acting, State& state, std::vector<Event> events) {
  eventstore::StreamAppend& part = append.streams.emplace_back();
  part.stream_id = stream;
  part.expected_revision = eventstore::ExpectedRevision::Exact(state.revision());
  for (Event& event : events) {
    part.events.push_back(Proposed(event, acting));
    domain::Evolve(state, std::move(event));
  }
}

}  // namespace

Inspectorate::Inspectorate(std::string org_id)
    : org_id_(std::move(org_id)), policy_(domain::DefaultPolicyVersion(org_id_)) {}

domain::CommandContext Inspectorate::Context(const Acting& acting,
                                             const std::string& command_id) const {
  domain::CommandContext context;
  context.actor = acting.actor;
  context.actor_role = acting.role;
  context.org_id = org_id_;
  context.now = acting.at;
  context.policy = &policy_;
  context.new_id = command_id;
  return context;
}

eventstore::MultiStreamAppendRequest Inspectorate::Appended(
    const Acting& acting, const std::string& command_id, const std::string& case_id,
    domain::Events events, const std::string& provider_id, domain::ProviderEvents provider_events) {
  eventstore::MultiStreamAppendRequest append;
  append.command_id = command_id;
  if (!events.empty()) {
    AddPart(append, domain::CaseStreamId(case_id), acting, cases_[case_id], std::move(events));
  }
  if (!provider_events.empty()) {
    AddPart(append, domain::ProviderStreamId(provider_id), acting, providers_[provider_id],
            std::move(provider_events));
  }
  return append;
}

eventstore::MultiStreamAppendRequest Inspectorate::PlanAppended(const Acting& acting,
                                                                const std::string& command_id,
                                                                const std::string& stream,
                                                                domain::WorkPlanEvents events) {
  eventstore::MultiStreamAppendRequest append;
  append.command_id = command_id;
  AddPart(append, stream, acting, plans_[stream], std::move(events));
  return append;
}

absl::StatusOr<eventstore::MultiStreamAppendRequest> Inspectorate::Case(
    const Acting& acting, const v1::OpenCaseRequest& request) {
  const std::string& provider_id = request.provider_ref();
  absl::StatusOr<domain::LinkedEvents> linked =
      domain::Decide(cases_[request.header().case_id()], providers_[provider_id], request,
                     Context(acting, request.header().command_id()));
  if (!linked.ok()) return linked.status();
  return Appended(acting, request.header().command_id(), request.header().case_id(),
                  std::move(linked->case_events), provider_id, std::move(linked->provider_events));
}

absl::StatusOr<eventstore::MultiStreamAppendRequest> Inspectorate::Case(
    const Acting& acting, const v1::PublishDocumentRequest& request) {
  const v1::CaseState& state = cases_[request.header().case_id()];
  const std::string provider_id = state.provider_ref();
  absl::StatusOr<domain::LinkedEvents> linked = domain::Decide(
      state, providers_[provider_id], request, Context(acting, request.header().command_id()));
  if (!linked.ok()) return linked.status();
  return Appended(acting, request.header().command_id(), request.header().case_id(),
                  std::move(linked->case_events), provider_id, std::move(linked->provider_events));
}

}  // namespace caseledger::tools
