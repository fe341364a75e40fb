#include "app/application.h"

#include <utility>

#include "absl/strings/str_join.h"
#include "app/roles.h"
#include "projections/caseload_projection.h"
#include "projections/programme_projection.h"

namespace caseledger::app {

absl::StatusOr<std::unique_ptr<Application>> Application::Start(eventstore::Storage storage,
                                                                const ApplicationOptions& options) {
  // A method with no row would be refused to everyone: refuse to start instead.
  if (std::vector<std::string> problems = RoleTableProblems(); !problems.empty()) {
    return absl::InternalError(
        absl::StrCat("the role table does not match the API: ", absl::StrJoin(problems, "; ")));
  }
  auto keys = privacy::SubjectKeys::Open(storage.keys);
  if (!keys.ok()) return keys.status();
  std::unique_ptr<Application> app(new Application(storage, *std::move(keys), options));
  if (absl::Status s =
          app->engine_.Add(std::make_unique<projections::CaseloadProjection>(storage.log));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = app->engine_.Add(std::make_unique<projections::ProgrammeProjection>());
      !s.ok()) {
    return s;
  }
  if (options.retention_interval > absl::ZeroDuration()) {
    app->retention_.Start(options.retention_interval);
  }
  return app;
}

Application::Application(eventstore::Storage storage, std::unique_ptr<privacy::SubjectKeys> keys,
                         const ApplicationOptions& options)
    : storage_(storage),
      keys_(std::move(keys)),
      access_log_(storage.log),
      access_(options.authorizer != nullptr ? *options.authorizer : roles_, access_log_),
      engine_(storage.log, storage.views, storage.checkpoints, options.projections),
      runner_(storage.log, *keys_, access_, *options.clock),
      case_reads_(access_, access_log_, engine_, runner_, *options.clock),
      audit_reads_(access_, access_log_, storage.log, *keys_, engine_, runner_),
      policies_(access_, storage.log, runner_, *options.clock),
      providers_(storage.log, *keys_, access_, *options.clock,
                 [this](const std::string& org_id) { return runner_.LoadPolicy(org_id); }),
      provider_reads_(access_, access_log_, engine_, providers_, runner_, *keys_, storage.log,
                      *options.clock),
      work_plans_(storage.log, access_, engine_, *options.clock,
                  [this](const std::string& org_id) { return runner_.LoadPolicy(org_id); }),
      subjects_(access_, access_log_, storage.log, *keys_, runner_),
      retention_(runner_, subjects_, *keys_, engine_, *options.clock),
      backups_(access_, storage.backups) {
  keys_->OnErase([this] { audit_reads_.ForgetKeptPages(); });
}

Application::~Application() { Stop(); }

void Application::Stop() {
  retention_.Stop();
  engine_.Stop();
}

}  // namespace caseledger::app
