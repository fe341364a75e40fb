#include "services/caseload_service.h"

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "domain/field_errors.h"
#include "projections/attention.h"
#include "projections/caseload_projection.h"
#include "projections/caseload_queries.h"
#include "projections/summary.h"
#include "services/admission.h"
#include "services/grpc_status.h"

namespace caseledger::services {

grpc::ServerUnaryReactor* CaseloadService::Query(grpc::CallbackServerContext* context,
                                                 const char* method, const std::string& worker_id,
                                                 const std::string& team_id,
                                                 uint64_t min_position, Answer answer) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  Target target;
  target.worker_id = worker_id;
  target.team_id = team_id;
  absl::StatusOr<Actor> actor = Admit(*context, authenticator_, authorizer_, method, target);
  if (!actor.ok()) {
    reactor->Finish(ToGrpcStatus(actor.status()));
    return reactor;
  }
  const std::string view_name = projections::CaseloadProjection::kName;
  engine_.WhenReached(
      view_name, min_position, WaitDeadline(*context),
      [this, reactor, view_name, answer = std::move(answer),
       actor = *std::move(actor)](absl::Status reached) {
        if (reached.ok()) {
          std::shared_ptr<const projections::View> view = engine_.Serving(view_name);
          reached = view == nullptr ? absl::UnavailableError("the caseload view is not running")
                                    : answer(actor, *view);
        }
        reactor->Finish(ToGrpcStatus(reached));
      });
  return reactor;
}

grpc::ServerUnaryReactor* CaseloadService::GetCase(grpc::CallbackServerContext* context,
                                                   const v1::GetCaseRequest* request,
                                                   v1::CaseView* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = ShowCase(*context, reactor, *request, *response);
  if (!status.ok()) {
    reactor->Finish(ToGrpcStatus(status));
  }
  return reactor;
}

absl::Status CaseloadService::ShowCase(grpc::CallbackServerContext& context,
                                       grpc::ServerUnaryReactor* reactor,
                                       const v1::GetCaseRequest& request, v1::CaseView& response) {
  // The case is folded from its stream, which holds every acknowledged command: it is
  // always at or past any min_position a client was given.
  std::shared_ptr<const FoldedCase> folded;
  absl::StatusOr<Actor> actor = AdmitToCase(context, authenticator_, authorizer_, runner_,
                                            "Caseload.GetCase", request.case_id(), folded);
  if (!actor.ok()) return actor.status();
  if (folded->revision == 0) {
    return absl::NotFoundError(absl::StrCat("case ", request.case_id(), " does not exist"));
  }
  const v1::CaseState& state = folded->state.state;
  auto policy = runner_.LoadPolicy(state.org_id());
  if (!policy.ok()) return policy.status();
  *response.mutable_state() = state;
  const v1::CaseSummary summary = projections::Summarize(state);
  const v1::Policy& rules = (*policy)->state.policy();
  for (auto& reason : projections::AttentionReasons(summary, rules, clock_.Now())) {
    *response.add_attention() = std::move(reason);
  }
  if (auto due = projections::ContactDueBy(summary, rules); due.has_value()) {
    *response.mutable_contact_due_by() = ToProto(*due);
  }
  access_.RecordView(*actor, "Caseload.GetCase", request.case_id(),
                     [reactor](absl::Status recorded) { reactor->Finish(ToGrpcStatus(recorded)); });
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* CaseloadService::ListCaseload(grpc::CallbackServerContext* context,
                                                        const v1::ListCaseloadRequest* request,
                                                        v1::ListCaseloadResponse* response) {
  return Query(context, "Caseload.ListCaseload", request->worker_id(), request->team_id(),
               request->min_position(),
               [this, request, response](const Actor& actor, const projections::View& view) {
                 auto policy = runner_.LoadPolicy(actor.org_id);
                 if (!policy.ok()) return policy.status();
                 auto result = projections::ListCaseload(view, actor.org_id, *request, (*policy)->state.policy(),
                                                         clock_.Now());
                 if (result.ok()) *response = *std::move(result);
                 return result.status();
               });
}

grpc::ServerUnaryReactor* CaseloadService::GetWorkload(grpc::CallbackServerContext* context,
                                                       const v1::GetWorkloadRequest* request,
                                                       v1::GetWorkloadResponse* response) {
  return Query(context, "Caseload.GetWorkload", request->worker_id(), request->team_id(),
               request->min_position(),
               [this, request, response](const Actor& actor, const projections::View& view) {
                 auto policy = runner_.LoadPolicy(actor.org_id);
                 if (!policy.ok()) return policy.status();
                 auto result = projections::GetWorkload(view, actor.org_id, *request, (*policy)->state);
                 if (result.ok()) *response = *std::move(result);
                 return result.status();
               });
}

grpc::ServerUnaryReactor* CaseloadService::ListDiary(grpc::CallbackServerContext* context,
                                                     const v1::ListDiaryRequest* request,
                                                     v1::ListDiaryResponse* response) {
  return Query(context, "Caseload.ListDiary", request->worker_id(), request->team_id(),
               request->min_position(),
               [this, request, response](const Actor& actor, const projections::View& view) {
                 auto result = projections::ListDiary(view, actor.org_id, *request, clock_.Now());
                 if (result.ok()) *response = *std::move(result);
                 return result.status();
               });
}

grpc::ServerUnaryReactor* CaseloadService::ListAttention(grpc::CallbackServerContext* context,
                                                         const v1::ListAttentionRequest* request,
                                                         v1::ListAttentionResponse* response) {
  return Query(context, "Caseload.ListAttention", request->worker_id(), request->team_id(),
               request->min_position(),
               [this, request, response](const Actor& actor, const projections::View& view) {
                 auto policy = runner_.LoadPolicy(actor.org_id);
                 if (!policy.ok()) return policy.status();
                 auto result = projections::ListAttention(view, actor.org_id, *request,
                                                          (*policy)->state.policy(), clock_.Now());
                 if (result.ok()) *response = *std::move(result);
                 return result.status();
               });
}

}  // namespace caseledger::services
