#pragma once

// A care provider: pure decisions on its stream (provider-<id>) and the fold of its events.
// As for cases, time, the actor, the policy in force and new ids come in with the
// CommandContext.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "caseledger/v1/provider.pb.h"
#include "caseledger/v1/providers.pb.h"
#include "domain/case.h"
#include "domain/field_errors.h"

namespace caseledger::domain {

// The stream of one provider.
std::string ProviderStreamId(absl::string_view provider_id);

using ProviderEvents = std::vector<v1::ProviderEvent>;

// Each Decide returns the events a command produces on the provider as it stands, or:
// INVALID_ARGUMENT naming every bad field (a google.rpc.BadRequest payload), NOT_FOUND for a
// provider not registered or an unknown piece of intelligence, ALREADY_EXISTS for a provider
// or intelligence id in use, FAILED_PRECONDITION for a move the provider's state does not
// allow. A provider of another organisation is treated as not registered.
absl::StatusOr<ProviderEvents> Decide(const v1::ProviderState& state,
                                      const v1::RegisterProviderRequest& request,
                                      const CommandContext& context);
absl::StatusOr<ProviderEvents> Decide(const v1::ProviderState& state,
                                      const v1::AssignProviderRequest& request,
                                      const CommandContext& context);
// A rating resting on a decision other than a published report: its decision_ref and
// rationale are required; a non-compliant rating lists its breaches, a compliant one none.
absl::StatusOr<ProviderEvents> Decide(const v1::ProviderState& state,
                                      const v1::RecordRatingRequest& request,
                                      const CommandContext& context);
// Intelligence the policy's rules say is serious brings the next inspection forward: the
// event records the date it must be inspected by.
absl::StatusOr<ProviderEvents> Decide(const v1::ProviderState& state,
                                      const v1::RecordIntelligenceRequest& request,
                                      const CommandContext& context);
absl::StatusOr<ProviderEvents> Decide(const v1::ProviderState& state,
                                      const v1::ConsiderIntelligenceRequest& request,
                                      const CommandContext& context);

// The event that gives the provider `rating` (its `decided` stamped here), with the rating it
// replaces.
v1::ProviderEvent RatedEvent(const v1::ProviderState& state, v1::ProviderRating rating,
                             const google::protobuf::Timestamp& occurred_at,
                             const CommandContext& context);

// INVALID_ARGUMENT naming each bad field of a rating under `prefix` (e.g. "" or "rating."):
// its compliance, and breaches listed exactly when it is non-compliant.
void CheckCompliance(v1::Compliance compliance,
                     const google::protobuf::RepeatedPtrField<v1::Breach>& breaches,
                     absl::string_view prefix, FieldErrors& errors);

// NOT_FOUND unless the provider is registered in the context's organisation.
absl::Status RequireRegistered(const v1::ProviderState& state, absl::string_view provider_id,
                               const CommandContext& context);

// Applies one event to the provider; its revision goes up by one.
void Evolve(v1::ProviderState& state, const v1::ProviderEvent& event);

// The name of the event's fact ("ProviderRated"), used as the log record's type.
std::string EventType(const v1::ProviderEvent& event);

}  // namespace caseledger::domain
