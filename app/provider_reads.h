#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "app/access_control.h"
#include "app/access_log.h"
#include "app/case_command_runner.h"
#include "app/provider_commands.h"
#include "base/clock.h"
#include "caseledger/v1/providers.pb.h"
#include "privacy/subject_keys.h"
#include "projections/projection_engine.h"

namespace caseledger::app {

// What the Providers API reads: a provider as it stands (from its stream) with its place in
// the programme, its history, the providers' lists and the inspection programme (from the
// programme view). Showing a provider's content (it names people in its intelligence) is
// recorded in the access log, under "provider-<id>", before it is answered. A read of the
// view waits, without holding a thread, until it includes the request's min_position or
// `deadline` passes. For every call: the request and the response must live until `done`
// runs, once, on any thread. Thread-safe.
class ProviderReads {
 public:
  using Done = std::function<void(absl::Status)>;

  ProviderReads(const AccessControl& access, AccessLog& log, projections::ProjectionEngine& engine,
                ProviderCommands& providers, CaseCommandRunner& runner,
                const privacy::SubjectKeys& keys, const eventstore::EventStore& store,
                const Clock& clock)
      : access_(access),
        log_(log),
        engine_(engine),
        providers_(providers),
        runner_(runner),
        keys_(keys),
        store_(store),
        clock_(clock) {}

  void GetProvider(const Actor& actor, const v1::GetProviderRequest& request, absl::Time deadline,
                   v1::ProviderView* response, Done done);
  void GetProviderHistory(const Actor& actor, const v1::GetProviderHistoryRequest& request,
                          v1::GetProviderHistoryResponse* response, Done done);
  void ListProviders(const Actor& actor, const v1::ListProvidersRequest& request,
                     absl::Time deadline, v1::ListProvidersResponse* response, Done done);
  void ListInspectionProgramme(const Actor& actor,
                               const v1::ListInspectionProgrammeRequest& request,
                               absl::Time deadline, v1::ListInspectionProgrammeResponse* response,
                               Done done);

 private:
  using Admitted =
      std::function<void(absl::StatusOr<std::shared_ptr<const Folded<v1::ProviderState>>>)>;
  // Checks the id, loads the provider and admits `actor` to `method` on it; NOT_FOUND for a
  // provider not registered (once admitted: an outsider learns nothing).
  void AdmitToProvider(const Actor& actor, const char* method, const std::string& provider_id,
                       Admitted admitted);

  const AccessControl& access_;
  AccessLog& log_;
  projections::ProjectionEngine& engine_;
  ProviderCommands& providers_;
  CaseCommandRunner& runner_;
  const privacy::SubjectKeys& keys_;
  const eventstore::EventStore& store_;
  const Clock& clock_;
};

}  // namespace caseledger::app
