#include "app/application.h"

#include <utility>

#include "absl/strings/str_join.h"
#include "app/roles.h"
#include "app/view_query.h"
#include "projections/caseload_projection.h"
#include "projections/caseload_queries.h"
#include "projections/programme_projection.h"
#include "projections/replay_folds.h"
#include "projections/team_report_projection.h"

namespace caseledger::app {
namespace {

// How long a command about a worker's record waits for the caseload view to show the cases
// that place the worker in a team.
constexpr absl::Duration kTeamOfCasesWait = absl::Seconds(10);

}  // namespace

std::vector<std::unique_ptr<projections::Projection>> Projections(const eventstore::EventStore& log,
                                                                  size_t cached_cases) {
  std::vector<std::unique_ptr<projections::Projection>> all;
  all.push_back(std::make_unique<projections::CaseloadProjection>(log, cached_cases));
  all.push_back(std::make_unique<projections::ProgrammeProjection>(cached_cases));
  all.push_back(std::make_unique<projections::TeamReportProjection>());
  return all;
}

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
  for (std::unique_ptr<projections::Projection>& projection :
       Projections(storage.log, options.cached_cases)) {
    if (absl::Status s = app->engine_.Add(std::move(projection)); !s.ok()) return s;
  }
  if (options.replay_fold_every > 0) {
    if (absl::Status s = app->engine_.Add(std::make_unique<projections::ReplayFoldsProjection>(
            storage.log, *app->keys_, options.replay_fold_every));
        !s.ok()) {
      return s;
    }
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
      access_log_(options.access_records != nullptr ? *options.access_records : storage.log),
      access_(options.authorizer != nullptr ? *options.authorizer : roles_, access_log_),
      engine_(storage.log, storage.views, storage.checkpoints, options.projections),
      runner_(storage.log, *keys_, access_, *options.clock, options.command_stages),
      worker_runner_(storage.log, *keys_, access_, *options.clock,
                     [this](const std::string& org_id, const std::string& worker_id,
                            std::function<void(absl::StatusOr<std::string>)> done) {
                       TeamOfCases(org_id, worker_id, std::move(done));
                     }),
      case_reads_(access_, access_log_, engine_, runner_, *options.clock, &worker_runner_),
      supervision_reads_(access_, engine_, runner_, worker_runner_, *options.clock),
      audit_reads_(access_, access_log_, storage.log, *keys_, engine_, runner_,
                   options.replay_fold_every),
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
  keys_->OnErase([this] {
    audit_reads_.ForgetKept();
    worker_runner_.ForgetKeptRecords();
  });
}

void Application::TeamOfCases(const std::string& org_id, const std::string& worker_id,
                              std::function<void(absl::StatusOr<std::string>)> done) {
  // Read once the view has every event committed now, so a case allocated just before is seen.
  auto team = std::make_shared<std::string>();
  ReadView(
      engine_, projections::CaseloadProjection::kName, storage_.log.Head().position,
      absl::Now() + kTeamOfCasesWait,
      [org_id, worker_id, team](const projections::View& view) {
        return projections::ScanSummaries(view, org_id, worker_id, "", false,
                                          [&team](v1::CaseSummary& summary) {
                                            if (team->empty()) *team = summary.team_id();
                                          });
      },
      [team, done = std::move(done)](absl::Status read) {
        if (!read.ok()) return done(read);
        done(std::move(*team));
      });
}

Application::~Application() { Stop(); }

void Application::Stop() {
  retention_.Stop();
  engine_.Stop();
}

}  // namespace caseledger::app
