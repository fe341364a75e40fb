// Registering a provider, its lead inspector, its ratings, and the intelligence about it.

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/decide_support.h"
#include "domain/inspection_policy.h"
#include "domain/provider.h"

namespace caseledger::domain {

using internal::CheckCommonHeader;
using internal::NewEventOf;

std::string ProviderStreamId(absl::string_view provider_id) {
  return absl::StrCat("provider-", provider_id);
}

namespace {

FieldErrors CheckProviderHeader(const v1::ProviderCommandHeader& header,
                                const CommandContext& context) {
  FieldErrors errors = CheckCommonHeader(header, context);
  errors.Id("header.provider_id", header.provider_id(), true);
  return errors;
}

v1::ProviderEvent NewProviderEvent(const v1::ProviderCommandHeader& header,
                                   const CommandContext& context) {
  return NewEventOf<v1::ProviderEvent>(header, context);
}

}  // namespace

absl::Status RequireRegistered(const v1::ProviderState& state, absl::string_view provider_id,
                               const CommandContext& context) {
  if (state.revision() == 0 || state.org_id() != context.org_id) {
    return absl::NotFoundError(absl::StrCat("provider ", provider_id, " is not registered"));
  }
  return absl::OkStatus();
}

void CheckCompliance(v1::Compliance compliance,
                     const google::protobuf::RepeatedPtrField<v1::Breach>& breaches,
                     absl::string_view prefix, FieldErrors& errors) {
  errors.Enum(absl::StrCat(prefix, "compliance"), compliance);
  if (compliance == v1::NON_COMPLIANT && breaches.empty()) {
    errors.Add(absl::StrCat(prefix, "breaches"),
               "must list at least one standard or regulation breached for a non-compliant "
               "rating");
  }
  if (compliance == v1::COMPLIANT && !breaches.empty()) {
    errors.Add(absl::StrCat(prefix, "breaches"), "must be empty for a compliant rating");
  }
  for (int i = 0; i < breaches.size(); ++i) {
    const std::string field = absl::StrCat(prefix, "breaches[", i, "]");
    errors.Text(field + ".standard", breaches[i].standard(), true, kMaxShortTextBytes);
    errors.Text(field + ".description", breaches[i].description(), false);
  }
}

v1::ProviderEvent RatedEvent(const v1::ProviderState& state, v1::ProviderRating rating,
                             const google::protobuf::Timestamp& occurred_at,
                             const CommandContext& context) {
  v1::ProviderEvent event;
  *event.mutable_occurred_at() = occurred_at;
  event.set_actor(context.actor);
  event.set_actor_role(context.actor_role);
  v1::ProviderRated* rated = event.mutable_provider_rated();
  rating.mutable_decided()->set_actor(context.actor);
  *rating.mutable_decided()->mutable_at() = occurred_at;
  *rated->mutable_rating() = std::move(rating);
  rated->set_previous_compliance(state.rating().compliance());
  rated->set_previous_judgement(state.rating().judgement());
  return event;
}

absl::StatusOr<ProviderEvents> Decide(const v1::ProviderState& state,
                                      const v1::RegisterProviderRequest& r,
                                      const CommandContext& context) {
  FieldErrors errors = CheckProviderHeader(r.header(), context);
  errors.Id("details.reference", r.details().reference(), true);
  errors.Text("details.name", r.details().name(), true, kMaxShortTextBytes);
  errors.Text("details.service_type", r.details().service_type(), true, kMaxShortTextBytes);
  errors.Text("details.region", r.details().region(), false, kMaxShortTextBytes);
  errors.Id("team_id", r.team_id(), true);
  errors.Id("lead_inspector", r.lead_inspector(), false);
  RETURN_IF_ERROR(errors.ToStatus());
  if (state.revision() != 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("provider ", r.header().provider_id(), " is already registered"));
  }
  v1::ProviderEvent event = NewProviderEvent(r.header(), context);
  v1::ProviderRegistered* registered = event.mutable_provider_registered();
  registered->set_provider_id(r.header().provider_id());
  registered->set_org_id(context.org_id);
  *registered->mutable_details() = r.details();
  registered->set_team_id(r.team_id());
  registered->set_lead_inspector(r.lead_inspector());
  return ProviderEvents{std::move(event)};
}

absl::StatusOr<ProviderEvents> Decide(const v1::ProviderState& state,
                                      const v1::AssignProviderRequest& r,
                                      const CommandContext& context) {
  FieldErrors errors = CheckProviderHeader(r.header(), context);
  errors.Id("lead_inspector", r.lead_inspector(), true);
  errors.Id("team_id", r.team_id(), false);
  const bool reassignment =
      !state.lead_inspector().empty() && state.lead_inspector() != r.lead_inspector();
  if (reassignment && absl::StripAsciiWhitespace(r.reason()).empty()) {
    errors.Add("reason",
               absl::StrCat("is required to move the provider from ", state.lead_inspector()));
  } else {
    errors.Text("reason", r.reason(), false, kMaxShortTextBytes);
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireRegistered(state, r.header().provider_id(), context));
  if (state.lead_inspector() == r.lead_inspector() &&
      (r.team_id().empty() || r.team_id() == state.team_id())) {
    return absl::FailedPreconditionError(absl::StrCat("provider ", r.header().provider_id(),
                                                      " is already led by ", r.lead_inspector()));
  }
  v1::ProviderEvent event = NewProviderEvent(r.header(), context);
  v1::ProviderAssigned* assigned = event.mutable_provider_assigned();
  assigned->set_lead_inspector(r.lead_inspector());
  assigned->set_team_id(r.team_id().empty() ? state.team_id() : r.team_id());
  assigned->set_previous_lead_inspector(state.lead_inspector());
  assigned->set_reason(r.reason());
  return ProviderEvents{std::move(event)};
}

absl::StatusOr<ProviderEvents> Decide(const v1::ProviderState& state,
                                      const v1::RecordRatingRequest& r,
                                      const CommandContext& context) {
  const v1::Policy& policy = internal::PolicyInForce(context).policy();
  FieldErrors errors = CheckProviderHeader(r.header(), context);
  CheckCompliance(r.compliance(), r.breaches(), "", errors);
  CheckJudgement(policy, "judgement", r.judgement(), true, errors);
  errors.Text("decision_ref", r.decision_ref(), true, kMaxShortTextBytes);
  errors.Text("rationale", r.rationale(), true);
  internal::CheckPastTime("inspected_at", r.inspected_at(), r.has_inspected_at(), false, context,
                          errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireRegistered(state, r.header().provider_id(), context));
  v1::ProviderRating rating;
  rating.set_compliance(r.compliance());
  *rating.mutable_breaches() = r.breaches();
  rating.set_judgement(r.judgement());
  rating.set_basis(v1::RECORDED_DECISION);
  rating.set_decision_ref(r.decision_ref());
  if (r.has_inspected_at()) *rating.mutable_inspected_at() = r.inspected_at();
  rating.set_rationale(r.rationale());
  return ProviderEvents{
      RatedEvent(state, std::move(rating), internal::OccurredAt(r.header(), context), context)};
}

absl::StatusOr<ProviderEvents> Decide(const v1::ProviderState& state,
                                      const v1::RecordIntelligenceRequest& r,
                                      const CommandContext& context) {
  const v1::IntelligenceDetails& d = r.details();
  FieldErrors errors = CheckProviderHeader(r.header(), context);
  errors.Id("intelligence_id", r.intelligence_id(), false);
  errors.Enum("details.kind", d.kind());
  if (d.kind() == v1::INTELLIGENCE_FROM_AGENCY) {
    errors.Text("details.agency", d.agency(), true, kMaxShortTextBytes);
  } else if (!d.agency().empty()) {
    errors.Add("details.agency", "is for information from another agency");
  }
  errors.Enum("details.severity", d.severity());
  errors.Text("details.source", d.source(), true, kMaxShortTextBytes);
  errors.Text("details.description", d.description(), true);
  internal::CheckPastTime("details.received_at", d.received_at(), d.has_received_at(), true,
                          context, errors);
  errors.Id("details.subject_id", d.subject_id(), false);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireRegistered(state, r.header().provider_id(), context));
  const std::string id = internal::IdOrNew(r.intelligence_id(), context);
  RETURN_IF_ERROR(internal::RequireNew(
      state.intelligence(), [](const v1::Intelligence& i) { return i.intelligence_id(); }, id,
      "intelligence"));
  v1::ProviderEvent event = NewProviderEvent(r.header(), context);
  v1::IntelligenceRecorded* recorded = event.mutable_intelligence_recorded();
  recorded->set_intelligence_id(id);
  *recorded->mutable_details() = d;
  if (d.subject_id().empty()) {
    recorded->mutable_details()->set_subject_id(absl::StrCat(state.provider_id(), ".", id));
  }
  if (std::optional<absl::Time> by = InspectBy(internal::PolicyInForce(context).policy(), d)) {
    recorded->set_brings_inspection_forward(true);
    *recorded->mutable_inspect_by() = ToProto(*by);
  }
  return ProviderEvents{std::move(event)};
}

absl::StatusOr<ProviderEvents> Decide(const v1::ProviderState& state,
                                      const v1::ConsiderIntelligenceRequest& r,
                                      const CommandContext& context) {
  FieldErrors errors = CheckProviderHeader(r.header(), context);
  errors.Id("intelligence_id", r.intelligence_id(), true);
  errors.Enum("consideration", r.consideration());
  errors.Text("how", r.how(), true);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireRegistered(state, r.header().provider_id(), context));
  const v1::Intelligence* intelligence = internal::FindRecord(
      state.intelligence(), [](const v1::Intelligence& i) { return i.intelligence_id(); },
      r.intelligence_id());
  if (intelligence == nullptr) {
    return absl::NotFoundError(absl::StrCat("intelligence ", r.intelligence_id(), " of provider ",
                                            r.header().provider_id(), " does not exist"));
  }
  if (intelligence->has_considered()) {
    return absl::FailedPreconditionError(absl::StrCat("intelligence ", r.intelligence_id(),
                                                      " was already considered by ",
                                                      intelligence->considered().actor()));
  }
  v1::ProviderEvent event = NewProviderEvent(r.header(), context);
  v1::IntelligenceConsidered* considered = event.mutable_intelligence_considered();
  considered->set_intelligence_id(r.intelligence_id());
  considered->set_consideration(r.consideration());
  considered->set_how(r.how());
  return ProviderEvents{std::move(event)};
}

}  // namespace caseledger::domain
