#include "app/audit_reads.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "app/case_admission.h"
#include "app/methods.h"
#include "domain/field_errors.h"
#include "projections/case_history.h"
#include "projections/caseload_projection.h"
#include "projections/caseload_queries.h"
#include "projections/replay_folds.h"

namespace caseledger::app {

void AuditReads::GetCaseHistory(const Actor& actor, const v1::GetCaseHistoryRequest& request,
                                std::function<void(absl::StatusOr<History>)> done) {
  AdmitToCase(access_, runner_, actor, methods::kGetCaseHistory, request.case_id(),
              [this, actor, &request, done = std::move(done)](
                  absl::StatusOr<std::shared_ptr<const FoldedCase>> admitted) mutable {
                if (!admitted.ok()) return done(admitted.status());
                absl::StatusOr<History> history = pages_.Get(request);
                if (!history.ok()) return done(history.status());
                log_.RecordView(
                    actor, methods::kGetCaseHistory, request.case_id(),
                    [history = *std::move(history), done = std::move(done)](absl::Status recorded) {
                      if (!recorded.ok()) return done(recorded);
                      done(history);
                    });
              });
}

void AuditReads::ReplayCase(const Actor& actor, const v1::ReplayCaseRequest& request,
                            v1::ReplayCaseResponse* response, Done done) {
  AdmitToCase(access_, runner_, actor, methods::kReplayCase, request.case_id(),
              [this, actor, &request, response, done = std::move(done)](
                  absl::StatusOr<std::shared_ptr<const FoldedCase>> admitted) mutable {
                if (!admitted.ok()) return done(admitted.status());
                const std::shared_ptr<const projections::View> kept_folds =
                    engine_.Serving(projections::ReplayFoldsProjection::kName);
                if (absl::Status s = projections::ReplayCase(
                        store_, keys_, request, *response,
                        snapshots_.every() > 0 ? &snapshots_ : nullptr, kept_folds.get());
                    !s.ok()) {
                  return done(s);
                }
                log_.RecordView(actor, methods::kReplayCase, request.case_id(), std::move(done));
              });
}

void AuditReads::VerifyLog(const Actor& actor, const v1::VerifyLogRequest& request,
                           v1::VerifyLogResponse* response, Done done) {
  access_.Authorize(
      actor, methods::kVerifyLog, Target(),
      [this, &request, response, done = std::move(done)](absl::Status admitted) {
        if (!admitted.ok()) return done(admitted);
        // A range that ends before it starts would verify nothing and say ok.
        if (request.to_position() != 0 && request.from_position() > request.to_position()) {
          return done(domain::InvalidField(
              "from_position", absl::StrCat(request.from_position(), " is after to_position ",
                                            request.to_position())));
        }
        auto verified = store_.VerifyLog(request.from_position(), request.to_position());
        if (!verified.ok()) return done(verified.status());
        response->set_ok(verified->ok);
        response->set_from_position(verified->from_position);
        response->set_to_position(verified->to_position);
        response->set_records_checked(verified->records_checked);
        response->set_first_bad_position(verified->first_bad_position);
        response->set_problem(verified->problem);
        response->set_last_hash(absl::BytesToHexString(verified->last_hash));
        done(absl::OkStatus());
      });
}

void AuditReads::ListActorEvents(const Actor& actor, const v1::ListActorEventsRequest& request,
                                 absl::Time deadline, v1::ListActorEventsResponse* response,
                                 Done done) {
  Target target;
  target.worker_id = request.actor();
  access_.Authorize(
      actor, methods::kListActorEvents, target,
      [this, actor, &request, deadline, response,
       done = std::move(done)](absl::Status admitted) mutable {
        if (!admitted.ok()) return done(admitted);
        const std::string name = projections::CaseloadProjection::kName;
        engine_.WhenReached(
            name, request.min_position(), deadline,
            [this, actor, name, &request, response, done = std::move(done)](absl::Status reached) {
              if (!reached.ok()) return done(reached);
              std::shared_ptr<const projections::View> view = engine_.Serving(name);
              if (view == nullptr)
                return done(absl::UnavailableError("the caseload view is not running"));
              // Only what they did in the caller's organisation: an actor of another
              // organisation has done nothing in it.
              auto events = projections::ListActorEvents(*view, store_, actor.org_id, request);
              if (!events.ok()) return done(events.status());
              *response = *std::move(events);
              done(absl::OkStatus());
            });
      });
}

void AuditReads::ListCaseAccess(const Actor& actor, const v1::ListCaseAccessRequest& request,
                                v1::ListCaseAccessResponse* response, Done done) {
  auto answer = [this, actor, &request, response](absl::Status admitted) {
    if (!admitted.ok()) return admitted;
    auto page = log_.List(request, actor.org_id);
    if (!page.ok()) return page.status();
    *response = *std::move(page);
    return absl::OkStatus();
  };
  if (request.case_id().empty()) {
    return access_.Authorize(
        actor, methods::kListCaseAccess, Target(),
        [answer, done = std::move(done)](absl::Status admitted) { done(answer(admitted)); });
  }
  AdmitToCase(
      access_, runner_, actor, methods::kListCaseAccess, request.case_id(),
      [answer, done = std::move(done)](absl::StatusOr<std::shared_ptr<const FoldedCase>> admitted) {
        done(answer(admitted.status()));
      });
}

}  // namespace caseledger::app
