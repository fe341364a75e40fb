#include "app/supervision_reads.h"

#include <utility>

#include "app/methods.h"
#include "app/monitoring_levels.h"
#include "app/view_query.h"
#include "base/status_macros.h"
#include "domain/field_errors.h"
#include "domain/supervision_policy.h"
#include "projections/caseload_projection.h"
#include "projections/review_schedule.h"
#include "projections/supervision_queries.h"
#include "projections/team_report_projection.h"
#include "projections/team_report_queries.h"
#include "projections/view_keys.h"

namespace caseledger::app {

void SupervisionReads::AdmitToWorker(
    const Actor& actor, const char* method, const std::string& field, const std::string& worker_id,
    std::function<void(absl::StatusOr<std::shared_ptr<const Folded<v1::WorkerState>>>)> done) {
  domain::FieldErrors id;
  id.Id(field, worker_id, true);
  if (!id.ok()) return done(id.ToStatus());
  auto record = workers_.LoadWorker(worker_id);
  if (!record.ok()) return done(record.status());
  const v1::WorkerState& state = (*record)->state;
  workers_.TargetOf(actor, worker_id, state,
                    [this, actor, method, record = *std::move(record),
                     done = std::move(done)](absl::StatusOr<Target> target) mutable {
                      if (!target.ok()) return done(target.status());
                      access_.Authorize(actor, method, *target,
                                        [record = std::move(record),
                                         done = std::move(done)](absl::Status admitted) {
                                          if (!admitted.ok()) return done(admitted);
                                          done(record);
                                        });
                    });
}

std::vector<std::string> SupervisionReads::InboxOwners(const Actor& actor,
                                                       const std::string& worker_id) {
  std::vector<std::string> owners = {projections::view_keys::InboxOfPerson(worker_id)};
  if (worker_id == actor.id && !actor.team_id.empty()) {
    owners.push_back(projections::view_keys::InboxOfRole(actor.team_id, actor.role));
  }
  return owners;
}

void SupervisionReads::GetWorkerRecord(const Actor& actor,
                                       const v1::GetWorkerRecordRequest& request,
                                       v1::WorkerRecord* response, Done done) {
  AdmitToWorker(actor, methods::kGetWorkerRecord, "worker_id", request.worker_id(),
                [this, actor, response, done = std::move(done)](auto record) {
                  if (!record.ok()) return done(record.status());
                  const v1::WorkerState& state = (*record)->state;
                  auto policy =
                      cases_.LoadPolicy(state.org_id().empty() ? actor.org_id : state.org_id());
                  if (!policy.ok()) return done(policy.status());
                  *response->mutable_state() = state;
                  response->set_default_level(!state.has_monitoring_level());
                  *response->mutable_level_in_force() =
                      state.has_monitoring_level()
                          ? state.monitoring_level()
                          : domain::DefaultMonitoringLevel((*policy)->state.policy());
                  done(absl::OkStatus());
                });
}

void SupervisionReads::ListWorkerReviews(const Actor& actor,
                                         const v1::ListWorkerReviewsRequest& request,
                                         absl::Time deadline,
                                         v1::ListWorkerReviewsResponse* response, Done done) {
  AdmitToWorker(
      actor, methods::kListWorkerReviews, "worker_id", request.worker_id(),
      [this, actor, &request, deadline, response, done = std::move(done)](auto record) mutable {
        if (!record.ok()) return done(record.status());
        ReadView(
            engine_, projections::CaseloadProjection::kName, request.min_position(), deadline,
            [this, actor, &request, response](const projections::View& view) {
              return MoveValueTo(
                  projections::ListWorkerReviews(view, actor.org_id, request, clock_.Now()),
                  *response);
            },
            std::move(done));
      });
}

void SupervisionReads::ListFilesDueForReview(const Actor& actor,
                                             const v1::ListFilesDueForReviewRequest& request,
                                             absl::Time deadline,
                                             v1::ListFilesDueForReviewResponse* response,
                                             Done done) {
  auto answer = [this, actor, &request, deadline, response,
                 done = std::move(done)](absl::Status admitted) mutable {
    if (!admitted.ok()) return done(admitted);
    ReadView(
        engine_, projections::CaseloadProjection::kName, request.min_position(), deadline,
        [this, actor, &request, response](const projections::View& view) {
          auto policy = cases_.LoadPolicy(actor.org_id);
          if (!policy.ok()) return policy.status();
          const v1::Policy& rules = (*policy)->state.policy();
          auto due = projections::ListFilesDueForReview(
              view, actor.org_id, request.worker_id(), request.team_id(),
              LevelsOf(workers_, actor.org_id, rules), rules, clock_.Now());
          if (!due.ok()) return due.status();
          RETURN_IF_ERROR(projections::KeepFilesDuePage(request, *due));
          return MoveValueTo(std::move(due), *response);
        },
        std::move(done));
  };
  if (!request.worker_id().empty()) {
    return AdmitToWorker(
        actor, methods::kListFilesDueForReview, "worker_id", request.worker_id(),
        [answer = std::move(answer)](auto record) mutable { answer(record.status()); });
  }
  domain::FieldErrors errors;
  errors.Id("team_id", request.team_id(), true);
  if (!errors.ok()) return answer(errors.ToStatus());
  Target target;
  target.team_id = request.team_id();
  access_.Authorize(actor, methods::kListFilesDueForReview, target, std::move(answer));
}

void SupervisionReads::ListInbox(const Actor& actor, const v1::ListInboxRequest& request,
                                 absl::Time deadline, v1::ListInboxResponse* response, Done done) {
  const std::string worker_id = request.worker_id().empty() ? actor.id : request.worker_id();
  AdmitToWorker(
      actor, methods::kListInbox, "worker_id", worker_id,
      [this, actor, worker_id, &request, deadline, response,
       done = std::move(done)](auto record) mutable {
        if (!record.ok()) return done(record.status());
        ReadView(
            engine_, projections::CaseloadProjection::kName, request.min_position(), deadline,
            [this, actor, worker_id, &request, response](const projections::View& view) {
              auto policy = cases_.LoadPolicy(actor.org_id);
              if (!policy.ok()) return policy.status();
              auto inbox = projections::ListInbox(view, actor.org_id, InboxOwners(actor, worker_id),
                                                  (*policy)->state.policy(), clock_.Now());
              if (!inbox.ok()) return inbox.status();
              RETURN_IF_ERROR(projections::KeepInboxPage(request, *inbox));
              return MoveValueTo(std::move(inbox), *response);
            },
            std::move(done));
      });
}

void SupervisionReads::FollowInbox(const Actor& actor, const v1::FollowInboxRequest& request,
                                   std::function<void(absl::StatusOr<InboxReader>)> done) {
  const std::string worker_id = request.worker_id().empty() ? actor.id : request.worker_id();
  AdmitToWorker(
      actor, methods::kFollowInbox, "worker_id", worker_id,
      [this, actor, worker_id, done = std::move(done)](auto record) {
        if (!record.ok()) return done(record.status());
        done(InboxReader([this, actor, worker_id]() -> absl::StatusOr<v1::ListInboxResponse> {
          auto view = engine_.Serving(projections::CaseloadProjection::kName);
          if (view == nullptr) {
            return absl::UnavailableError("the caseload view is not running");
          }
          auto policy = cases_.LoadPolicy(actor.org_id);
          if (!policy.ok()) return policy.status();
          return projections::ListInbox(*view, actor.org_id, InboxOwners(actor, worker_id),
                                        (*policy)->state.policy(), clock_.Now());
        }));
      });
}

void SupervisionReads::GetTeamReport(const Actor& actor, const v1::GetTeamReportRequest& request,
                                     absl::Time deadline, v1::TeamReport* response, Done done) {
  domain::FieldErrors errors;
  errors.Id("team_id", request.team_id(), true);
  if (!errors.ok()) return done(errors.ToStatus());
  Target target;
  target.team_id = request.team_id();
  access_.Authorize(
      actor, methods::kGetTeamReport, target,
      [this, actor, &request, deadline, response,
       done = std::move(done)](absl::Status admitted) mutable {
        if (!admitted.ok()) return done(admitted);
        ReadView(
            engine_, projections::TeamReportProjection::kName, request.min_position(), deadline,
            [this, actor, &request, response](const projections::View& view) {
              auto policy = cases_.LoadPolicy(actor.org_id);
              if (!policy.ok()) return policy.status();
              return MoveValueTo(projections::GetTeamReport(view, actor.org_id, request,
                                                            (*policy)->state, clock_.Now()),
                                 *response);
            },
            std::move(done));
      });
}

}  // namespace caseledger::app
