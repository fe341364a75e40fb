#include "services/audit_service.h"

#include "eventstore/record_hash.h"
#include "projections/case_history.h"
#include "projections/caseload_projection.h"
#include "projections/caseload_queries.h"
#include "services/admission.h"
#include "services/grpc_status.h"

namespace caseledger::services {

absl::Status AuditService::AdmitForCase(grpc::CallbackServerContext& context, const char* method,
                                        const std::string& case_id) {
  auto folded = runner_.LoadCase(case_id);
  if (!folded.ok()) return folded.status();
  const v1::CaseState* state = (*folded)->revision > 0 ? &(*folded)->state : nullptr;
  return Admit(context, authenticator_, authorizer_, method, state).status();
}

grpc::ServerUnaryReactor* AuditService::GetCaseHistory(grpc::CallbackServerContext* context,
                                                       const v1::GetCaseHistoryRequest* request,
                                                       v1::GetCaseHistoryResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = AdmitForCase(*context, "Audit.GetCaseHistory", request->case_id());
  if (status.ok()) {
    auto history = projections::GetCaseHistory(store_, *request);
    status = history.status();
    if (status.ok()) *response = *std::move(history);
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* AuditService::ReplayCase(grpc::CallbackServerContext* context,
                                                   const v1::ReplayCaseRequest* request,
                                                   v1::ReplayCaseResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = AdmitForCase(*context, "Audit.ReplayCase", request->case_id());
  if (status.ok()) {
    auto replay = projections::ReplayCase(store_, *request);
    status = replay.status();
    if (status.ok()) *response = *std::move(replay);
  }
  reactor->Finish(ToGrpcStatus(status));
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
  absl::Status admitted =
      Admit(*context, authenticator_, authorizer_, "Audit.ListActorEvents").status();
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

}  // namespace caseledger::services
