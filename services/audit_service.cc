#include "services/audit_service.h"

#include "eventstore/record_hash.h"
#include "projections/case_history.h"
#include "projections/caseload_projection.h"
#include "projections/caseload_queries.h"
#include "services/admission.h"
#include "services/grpc_status.h"

namespace caseledger::services {

absl::StatusOr<Actor> AuditService::AdmitForCase(grpc::CallbackServerContext& context,
                                                 const char* method, const std::string& case_id) {
  std::shared_ptr<const FoldedCase> folded;
  return AdmitToCase(context, authenticator_, authorizer_, runner_, method, case_id, folded);
}

void AuditService::FinishShowing(grpc::ServerUnaryReactor* reactor,
                                 const absl::StatusOr<Actor>& actor, const char* method,
                                 const std::string& case_id, absl::Status status) {
  if (!status.ok()) return reactor->Finish(ToGrpcStatus(status));
  access_.RecordView(*actor, method, case_id, [reactor](absl::Status recorded) {
    reactor->Finish(ToGrpcStatus(recorded));
  });
}

grpc::ServerUnaryReactor* AuditService::GetCaseHistory(grpc::CallbackServerContext* context,
                                                       const v1::GetCaseHistoryRequest* request,
                                                       v1::GetCaseHistoryResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Actor> actor = AdmitForCase(*context, "Audit.GetCaseHistory", request->case_id());
  absl::Status status = actor.status();
  if (status.ok()) {
    auto history = pages_.Get(*request);
    status = history.status();
    if (status.ok()) history_answers_.Answer(*context, *std::move(history), response);
  }
  FinishShowing(reactor, actor, "Audit.GetCaseHistory", request->case_id(), status);
  return reactor;
}

grpc::ServerUnaryReactor* AuditService::ReplayCase(grpc::CallbackServerContext* context,
                                                   const v1::ReplayCaseRequest* request,
                                                   v1::ReplayCaseResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Actor> actor = AdmitForCase(*context, "Audit.ReplayCase", request->case_id());
  absl::Status status = actor.status();
  if (status.ok()) {
    auto replay = projections::ReplayCase(store_, keys_, *request);
    status = replay.status();
    if (status.ok()) *response = *std::move(replay);
  }
  FinishShowing(reactor, actor, "Audit.ReplayCase", request->case_id(), status);
  return reactor;
}

grpc::ServerUnaryReactor* AuditService::VerifyLog(grpc::CallbackServerContext* context,
                                                  const v1::VerifyLogRequest* request,
                                                  v1::VerifyLogResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = Admit(*context, authenticator_, authorizer_, "Audit.VerifyLog").status();
  if (status.ok()) {
    auto verified = store_.VerifyLog(request->from_position(), request->to_position());
    status = verified.status();
    if (status.ok()) {
      response->set_ok(verified->ok);
      response->set_from_position(verified->from_position);
      response->set_to_position(verified->to_position);
      response->set_records_checked(verified->records_checked);
      response->set_first_bad_position(verified->first_bad_position);
      response->set_problem(verified->problem);
      response->set_last_hash(eventstore::HashHex(verified->last_hash));
    }
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* AuditService::ListActorEvents(grpc::CallbackServerContext* context,
                                                        const v1::ListActorEventsRequest* request,
                                                        v1::ListActorEventsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  Target target;
  target.worker_id = request->actor();
  absl::Status admitted =
      Admit(*context, authenticator_, authorizer_, "Audit.ListActorEvents", target).status();
  if (!admitted.ok()) {
    reactor->Finish(ToGrpcStatus(admitted));
    return reactor;
  }
  const std::string view_name = projections::CaseloadProjection::kName;
  engine_.WhenReached(view_name, request->min_position(), WaitDeadline(*context),
                      [this, reactor, request, response, view_name](absl::Status reached) {
                        if (reached.ok()) {
                          auto view = engine_.Serving(view_name);
                          auto events = projections::ListActorEvents(*view, store_, *request);
                          reached = events.status();
                          if (reached.ok()) *response = *std::move(events);
                        }
                        reactor->Finish(ToGrpcStatus(reached));
                      });
  return reactor;
}

grpc::ServerUnaryReactor* AuditService::ListCaseAccess(grpc::CallbackServerContext* context,
                                                       const v1::ListCaseAccessRequest* request,
                                                       v1::ListCaseAccessResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Actor> actor =
      request->case_id().empty()
          ? Admit(*context, authenticator_, authorizer_, "Audit.ListCaseAccess")
          : AdmitForCase(*context, "Audit.ListCaseAccess", request->case_id());
  absl::Status status = actor.status();
  if (status.ok()) {
    auto page = access_.List(*request, actor->org_id);
    status = page.status();
    if (status.ok()) *response = *std::move(page);
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace caseledger::services
