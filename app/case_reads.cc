#include "app/case_reads.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "app/case_admission.h"
#include "app/methods.h"
#include "app/monitoring_levels.h"
#include "app/view_query.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "projections/attention.h"
#include "projections/caseload_projection.h"
#include "projections/caseload_queries.h"
#include "projections/diary.h"
#include "projections/programme_projection.h"
#include "projections/programme_queries.h"
#include "projections/review_schedule.h"
#include "projections/summary.h"

namespace caseledger::app {

void CaseReads::Query(const Actor& actor, const char* method, const std::string& worker_id,
                      const std::string& team_id, uint64_t min_position, absl::Time deadline,
                      Answer answer, Done done) {
  Target target;
  target.worker_id = worker_id;
  target.team_id = team_id;
  QueryView(access_, engine_, actor, method, std::move(target),
            projections::CaseloadProjection::kName, min_position, deadline, std::move(answer),
            std::move(done));
}

void CaseReads::GetCase(const Actor& actor, const v1::GetCaseRequest& request, absl::Time deadline,
                        v1::CaseView* response, Done done) {
  // The case is folded from its stream, which holds every acknowledged command once the log
  // holds min_position: at once here, unless this is a read replica still copying it.
  engine_.WhenLogReached(
      request.min_position(), deadline,
      [this, actor, &request, response, done = std::move(done)](absl::Status reached) mutable {
        if (!reached.ok()) return done(reached);
        Fold(actor, request, response, std::move(done));
      });
}

void CaseReads::Fold(const Actor& actor, const v1::GetCaseRequest& request, v1::CaseView* response,
                     Done done) {
  AdmitToCase(access_, runner_, actor, methods::kGetCase, request.case_id(),
              [this, actor, &request, response, done = std::move(done)](
                  absl::StatusOr<std::shared_ptr<const FoldedCase>> folded) mutable {
                if (!folded.ok()) return done(folded.status());
                if ((*folded)->revision == 0) {
                  return done(absl::NotFoundError(
                      absl::StrCat("case ", request.case_id(), " does not exist")));
                }
                const v1::CaseState& state = (*folded)->state.state;
                auto policy = runner_.LoadPolicy(state.org_id());
                if (!policy.ok()) return done(policy.status());
                *response->mutable_state() = state;
                const v1::CaseSummary summary = projections::Summarize(state);
                const v1::Policy& rules = (*policy)->state.policy();
                for (auto& reason : projections::AttentionReasons(summary, rules, clock_.Now())) {
                  *response->add_attention() = std::move(reason);
                }
                if (auto due = projections::ContactDueBy(summary, rules); due.has_value()) {
                  *response->mutable_contact_due_by() = ToProto(*due);
                }
                log_.RecordView(actor, methods::kGetCase, request.case_id(), std::move(done));
              });
}

void CaseReads::ListCaseload(const Actor& actor, const v1::ListCaseloadRequest& request,
                             absl::Time deadline, v1::ListCaseloadResponse* response, Done done) {
  Query(
      actor, methods::kListCaseload, request.worker_id(), request.team_id(), request.min_position(),
      deadline,
      [this, actor, &request, response](const projections::View& view) {
        auto policy = runner_.LoadPolicy(actor.org_id);
        if (!policy.ok()) return policy.status();
        auto result = projections::ListCaseload(view, actor.org_id, request,
                                                (*policy)->state.policy(), clock_.Now());
        return MoveValueTo(std::move(result), *response);
      },
      std::move(done));
}

void CaseReads::GetWorkload(const Actor& actor, const v1::GetWorkloadRequest& request,
                            absl::Time deadline, v1::GetWorkloadResponse* response, Done done) {
  Query(
      actor, methods::kGetWorkload, request.worker_id(), request.team_id(), request.min_position(),
      deadline,
      [this, actor, &request, response](const projections::View& view) {
        auto policy = runner_.LoadPolicy(actor.org_id);
        if (!policy.ok()) return policy.status();
        auto result = projections::GetWorkload(view, actor.org_id, request, (*policy)->state);
        return MoveValueTo(std::move(result), *response);
      },
      // Then the capacity the work plans give, once the programme view has them too.
      [this, actor, &request, deadline, response, done = std::move(done)](absl::Status counted) {
        if (!counted.ok()) return done(counted);
        ReadView(
            engine_, projections::ProgrammeProjection::kName, request.min_position(), deadline,
            [this, actor, response](const projections::View& programme) {
              return AddCapacity(programme, actor.org_id, *response);
            },
            std::move(done));
      });
}

absl::Status CaseReads::AddCapacity(const projections::View& programme, const std::string& org_id,
                                    v1::GetWorkloadResponse& response) const {
  const absl::Time now = clock_.Now();
  for (v1::WorkerLoad& worker : *response.mutable_workers()) {
    auto plan = projections::WorkPlanAt(programme, worker.worker_id(), org_id, now);
    if (!plan.ok()) return plan.status();
    if (!plan->has_value()) continue;
    worker.set_capacity_days((*plan)->capacity_days());
    response.mutable_total()->set_capacity_days(response.total().capacity_days() +
                                                worker.capacity_days());
  }
  return absl::OkStatus();
}

void CaseReads::ListDiary(const Actor& actor, const v1::ListDiaryRequest& request,
                          absl::Time deadline, v1::ListDiaryResponse* response, Done done) {
  Query(
      actor, methods::kListDiary, request.worker_id(), request.team_id(), request.min_position(),
      deadline,
      [this, actor, &request, response](const projections::View& view) {
        auto policy = runner_.LoadPolicy(actor.org_id);
        if (!policy.ok()) return policy.status();
        auto result = projections::ListDiary(view, actor.org_id, request, (*policy)->state.policy(),
                                             clock_.Now());
        return MoveValueTo(std::move(result), *response);
      },
      std::move(done));
}

void CaseReads::ListAttention(const Actor& actor, const v1::ListAttentionRequest& request,
                              absl::Time deadline, v1::ListAttentionResponse* response, Done done) {
  Query(
      actor, methods::kListAttention, request.worker_id(), request.team_id(),
      request.min_position(), deadline,
      [this, actor, &request, response](const projections::View& view) {
        auto policy = runner_.LoadPolicy(actor.org_id);
        if (!policy.ok()) return policy.status();
        const v1::Policy& rules = (*policy)->state.policy();
        const absl::Time now = clock_.Now();
        // A file review overdue under the worker's monitoring level, for a worker's or a
        // team's list.
        std::optional<projections::CaseReasons> reviews;
        if (workers_ != nullptr && (!request.worker_id().empty() || !request.team_id().empty())) {
          auto due = projections::ListFilesDueForReview(
              view, actor.org_id, request.worker_id(), request.team_id(),
              LevelsOf(*workers_, actor.org_id, rules), rules, now);
          if (!due.ok()) return due.status();
          reviews = projections::OverdueReviews(*due);
        }
        auto result = projections::ListAttention(view, actor.org_id, request, rules, now,
                                                 reviews.has_value() ? &*reviews : nullptr);
        return MoveValueTo(std::move(result), *response);
      },
      std::move(done));
}

}  // namespace caseledger::app
