#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "app/access_control.h"
#include "app/stream_command_runner.h"
#include "base/clock.h"
#include "caseledger/v1/provider.pb.h"
#include "caseledger/v1/providers.pb.h"
#include "eventstore/event_store.h"
#include "privacy/subject_keys.h"

namespace caseledger::app {

using ProviderRunner = StreamCommandRunner<v1::ProviderState, v1::ProviderEvent>;

// What the authorizer is asked about a provider: its lead inspector's and its team's, in its
// organisation. One not registered yet is no one's: theirs to register, or NOT_FOUND to ask
// about.
Target ProviderTarget(const v1::ProviderState& state, uint64_t revision,
                      const std::string& provider_id);

// The commands on providers' streams (provider-<id>): registration, the lead inspector,
// ratings resting on decisions, intelligence and its consideration. People named in
// intelligence are sealed under their data subject's key. For every call: the response must
// live until `done` runs, once, on any thread. Thread-safe.
class ProviderCommands {
 public:
  using Done = std::function<void(absl::Status)>;

  ProviderCommands(eventstore::EventStore& store, privacy::SubjectKeys& keys,
                   const AccessControl& access, const Clock& clock, PolicyLoader policies);

  // A provider registered without an id takes its command's id.
  void RegisterProvider(const Actor& actor, const v1::RegisterProviderRequest& request,
                        v1::ProviderCommandResult* result, Done done);
  void AssignProvider(const Actor& actor, const v1::AssignProviderRequest& request,
                      v1::ProviderCommandResult* result, Done done);
  void RecordRating(const Actor& actor, const v1::RecordRatingRequest& request,
                    v1::ProviderCommandResult* result, Done done);
  void RecordIntelligence(const Actor& actor, const v1::RecordIntelligenceRequest& request,
                          v1::ProviderCommandResult* result, Done done);
  void ConsiderIntelligence(const Actor& actor, const v1::ConsiderIntelligenceRequest& request,
                            v1::ProviderCommandResult* result, Done done);

  // The provider folded to its last event; revision 0 when it is not registered.
  absl::StatusOr<std::shared_ptr<const Folded<v1::ProviderState>>> LoadProvider(
      const std::string& provider_id);

 private:
  // Runs `request` as `method`; `assigns_id` when its new record takes the command id;
  // `when_new`: whose the provider is while it is not registered (default: no one's).
  template <typename Request>
  void Run(const Actor& actor, Request request, const char* method, bool assigns_id,
           std::optional<Target> when_new, v1::ProviderCommandResult* result, Done done);

  ProviderRunner runner_;
};

}  // namespace caseledger::app
