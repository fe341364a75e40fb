#include "app/provider_commands.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "app/methods.h"
#include "app/provider_records.h"
#include "domain/field_errors.h"
#include "domain/provider.h"

namespace caseledger::app {

Target ProviderTarget(const v1::ProviderState& state, uint64_t revision,
                      const std::string& provider_id) {
  if (revision == 0) return Target::Case(provider_id, nullptr);
  return Target::Record(absl::StrCat("provider ", provider_id), state.lead_inspector(),
                        state.team_id(), state.org_id());
}

ProviderCommands::ProviderCommands(eventstore::EventStore& store, privacy::SubjectKeys& keys,
                                   const AccessControl& access, const Clock& clock,
                                   PolicyLoader policies)
    : runner_(
          store, access, clock, std::move(policies),
          [](absl::string_view) { return v1::ProviderState(); },
          [&keys](v1::ProviderState& state, const v1::EventRecord& record) {
            return ApplyProviderRecord(keys, state, record);
          },
          [](const v1::ProviderState& state) { return state.org_id(); },
          [&keys](const v1::ProviderState& state, v1::ProviderEvent& event) {
            return SealProviderEvent(keys, state.org_id(), state.provider_id(), event);
          }) {}

absl::StatusOr<std::shared_ptr<const Folded<v1::ProviderState>>> ProviderCommands::LoadProvider(
    const std::string& provider_id) {
  return runner_.Load(domain::ProviderStreamId(provider_id));
}

template <typename Request>
void ProviderCommands::Run(const Actor& actor, Request request, const char* method, bool assigns_id,
                           std::optional<Target> when_new, v1::ProviderCommandResult* result,
                           Done done) {
  // The provider's id is checked before a stream is looked up by it.
  domain::FieldErrors ids;
  ids.Id("header.provider_id", request.header().provider_id(), false);
  ids.Id("header.command_id", request.header().command_id(), false);
  if (!ids.ok()) return done(ids.ToStatus());
  const std::string provider_id = request.header().provider_id();
  ProviderRunner::Command command;
  command.command_id = request.header().command_id();
  command.stream_id = domain::ProviderStreamId(provider_id);
  if (request.header().has_expected_revision()) {
    command.expected_revision = request.header().expected_revision();
  }
  command.correlation_id = request.header().correlation_id();
  command.method = method;
  command.target = [provider_id, when_new = std::move(when_new)](const v1::ProviderState& state,
                                                                 uint64_t revision) {
    if (revision == 0 && when_new.has_value()) return *when_new;
    return ProviderTarget(state, revision, provider_id);
  };
  command.decide = [request = std::move(request)](const v1::ProviderState& state,
                                                  const domain::CommandContext& context) {
    return domain::Decide(state, request, context);
  };
  const std::string assigned = assigns_id ? command.command_id : "";
  runner_.Run(
      std::move(command), actor,
      [result, assigned, done = std::move(done)](absl::StatusOr<ProviderRunner::Result> outcome) {
        if (!outcome.ok()) return done(outcome.status());
        result->set_provider_id(ProviderIdOf(outcome->stream_id));
        result->set_revision(outcome->revision);
        result->set_position(outcome->position);
        result->set_duplicate(outcome->duplicate);
        result->set_assigned_id(assigned);
        done(absl::OkStatus());
      });
}

void ProviderCommands::RegisterProvider(const Actor& actor,
                                        const v1::RegisterProviderRequest& request,
                                        v1::ProviderCommandResult* result, Done done) {
  v1::RegisterProviderRequest registering = request;
  const bool assigns_id = registering.header().provider_id().empty();
  if (assigns_id) registering.mutable_header()->set_provider_id(registering.header().command_id());
  // Whose it is to be: the lead inspector and team it names.
  Target theirs = Target::Record(absl::StrCat("provider ", registering.header().provider_id()),
                                 registering.lead_inspector(), registering.team_id(), actor.org_id);
  Run(actor, std::move(registering), methods::kRegisterProvider, assigns_id, std::move(theirs),
      result, std::move(done));
}

void ProviderCommands::AssignProvider(const Actor& actor, const v1::AssignProviderRequest& request,
                                      v1::ProviderCommandResult* result, Done done) {
  Run(actor, request, methods::kAssignProvider, false, std::nullopt, result, std::move(done));
}

void ProviderCommands::RecordRating(const Actor& actor, const v1::RecordRatingRequest& request,
                                    v1::ProviderCommandResult* result, Done done) {
  Run(actor, request, methods::kRecordRating, false, std::nullopt, result, std::move(done));
}

void ProviderCommands::RecordIntelligence(const Actor& actor,
                                          const v1::RecordIntelligenceRequest& request,
                                          v1::ProviderCommandResult* result, Done done) {
  Run(actor, request, methods::kRecordIntelligence, request.intelligence_id().empty(), std::nullopt,
      result, std::move(done));
}

void ProviderCommands::ConsiderIntelligence(const Actor& actor,
                                            const v1::ConsiderIntelligenceRequest& request,
                                            v1::ProviderCommandResult* result, Done done) {
  Run(actor, request, methods::kConsiderIntelligence, false, std::nullopt, result, std::move(done));
}

}  // namespace caseledger::app
