#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "caseledger/v1/inspection_commands.pb.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "caseledger/v1/provider.pb.h"
#include "caseledger/v1/providers.pb.h"
#include "caseledger/v1/workplan.pb.h"
#include "domain/inspection.h"
#include "domain/policy.h"
#include "domain/provider.h"
#include "domain/workplan.h"
#include "eventstore/event_store.h"

namespace caseledger::tools {

// Who makes a command, and when (the decision's now, and its events' occurred_at).
struct Acting {
  std::string actor;
  std::string role;
  absl::Time at;
};

// An organisation's inspection work decided with the domain itself and kept folded in
// memory: each command becomes the append of its events (of a provider, a case, a work plan,
// or a case and its provider together), for the caller to make to a store in the order they
// come. Personal fields are left unsealed. For tests and benchmarks that make inspection
// histories without a server. Not thread-safe.
class Inspectorate {
 public:
  explicit Inspectorate(std::string org_id = "default");

  // The policy decisions are made under.
  v1::PolicyVersion& policy() { return policy_; }

  // A command on a provider's stream.
  template <typename Request>
  absl::StatusOr<eventstore::MultiStreamAppendRequest> Provider(const Acting& acting,
                                                                const Request& request) {
    const std::string& id = request.header().provider_id();
    absl::StatusOr<domain::ProviderEvents> events =
        domain::Decide(providers_[id], request, Context(acting, request.header().command_id()));
    if (!events.ok()) return events.status();
    return Appended(acting, request.header().command_id(), {}, {}, id, *std::move(events));
  }

  // A command on a case's stream; opening an inspection case and publishing a document also
  // record on its provider.
  template <typename Request>
  absl::StatusOr<eventstore::MultiStreamAppendRequest> Case(const Acting& acting,
                                                            const Request& request) {
    const std::string& id = request.header().case_id();
    absl::StatusOr<domain::Events> events =
        domain::Decide(cases_[id], request, Context(acting, request.header().command_id()));
    if (!events.ok()) return events.status();
    return Appended(acting, request.header().command_id(), id, *std::move(events), "", {});
  }
  absl::StatusOr<eventstore::MultiStreamAppendRequest> Case(const Acting& acting,
                                                            const v1::OpenCaseRequest& request);
  absl::StatusOr<eventstore::MultiStreamAppendRequest> Case(
      const Acting& acting, const v1::PublishDocumentRequest& request);

  // A command on an inspector's work plan.
  template <typename Request>
  absl::StatusOr<eventstore::MultiStreamAppendRequest> WorkPlan(const Acting& acting,
                                                                const Request& request) {
    const std::string stream =
        domain::WorkPlanStreamId(request.header().inspector_id(), request.header().period_id());
    v1::WorkPlanState& state = plans_[stream];
    absl::StatusOr<domain::WorkPlanEvents> events =
        domain::Decide(state, request, Context(acting, request.header().command_id()));
    if (!events.ok()) return events.status();
    return PlanAppended(acting, request.header().command_id(), stream, *std::move(events));
  }

  const v1::ProviderState& provider(const std::string& id) { return providers_[id]; }
  const v1::CaseState& case_state(const std::string& id) { return cases_[id]; }

 private:
  domain::CommandContext Context(const Acting& acting, const std::string& command_id) const;
  // Folds the events into what is kept and makes their append, each stream at the revision
  // it was decided against; an empty id: no events for that stream.
  eventstore::MultiStreamAppendRequest Appended(const Acting& acting, const std::string& command_id,
                                                const std::string& case_id, domain::Events events,
                                                const std::string& provider_id,
                                                domain::ProviderEvents provider_events);
  eventstore::MultiStreamAppendRequest PlanAppended(const Acting& acting,
                                                    const std::string& command_id,
                                                    const std::string& stream,
                                                    domain::WorkPlanEvents events);

  const std::string org_id_;
  v1::PolicyVersion policy_;
  absl::flat_hash_map<std::string, v1::ProviderState> providers_;
  absl::flat_hash_map<std::string, v1::CaseState> cases_;
  absl::flat_hash_map<std::string, v1::WorkPlanState> plans_;
};

}  // namespace caseledger::tools
