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
                                                 const char* method, uint64_t min_position,
                                                 Answer answer) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Actor> actor = Admit(*context, authenticator_, authorizer_, method);
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
  // The case is folded from its stream, which holds every acknowledged command: it is
  // always at or past any min_position a client was given.
  auto folded = runner_.LoadCase(request->case_id());
  absl::Status status = folded.status();
  if (status.ok() && request->case_id().empty()) {
    status = domain::InvalidField("case_id", "is required");
  } else if (status.ok() && (*folded)->revision == 0) {
    status = absl::NotFoundError(absl::StrCat("case ", request->case_id(), " does not exist"));
  }
  if (status.ok()) {
    const v1::CaseState& state = (*folded)->state;
    status = Admit(*context, authenticator_, authorizer_, "Caseload.GetCase", &state).status();
    auto policy = status.ok() ? runner_.LoadPolicy(state.org_id()) : status;
    status = policy.status();
    if (status.ok()) {
      *response->mutable_state() = state;
      const v1::CaseSummary summary = projections::Summarize(state);
      const v1::Policy& rules = (*policy)->state.policy();
      for (auto& reason : projections::AttentionReasons(summary, rules, clock_.Now())) {
        *response->add_attention() = std::move(reason);
      }
      if (auto due = projections::ContactDueBy(summary, rules); due.has_value()) {
        *response->mutable_contact_due_by() = ToProto(*due);
      }
    }
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* CaseloadService::ListCaseload(grpc::CallbackServerContext* context,
                                                        const v1::ListCaseloadRequest* request,
                                                        v1::ListCaseloadResponse* response) {
  return Query(context, "Caseload.ListCaseload", request->min_position(),
               [this, request, response](const Actor& actor, const projections::View& view) {
                 auto policy = runner_.LoadPolicy(actor.org_id);
                 if (!policy.ok()) return policy.status();
                 auto result = projections::ListCaseload(view, *request, (*policy)->state.policy(),
                                                         clock_.Now());
                 if (result.ok()) *response = *std::move(result);
                 return result.status();
               });
}

grpc::ServerUnaryReactor* CaseloadService::GetWorkload(grpc::CallbackServerContext* context,
                                                       const v1::GetWorkloadRequest* request,
                                                       v1::GetWorkloadResponse* response) {
  return Query(context, "Caseload.GetWorkload", request->min_position(),
               [this, request, response](const Actor& actor, const projections::View& view) {
                 auto policy = runner_.LoadPolicy(actor.org_id);
                 if (!policy.ok()) return policy.status();
                 auto result = projections::GetWorkload(view, *request, (*policy)->state);
                 if (result.ok()) *response = *std::move(result);
                 return result.status();
               });
}

grpc::ServerUnaryReactor* CaseloadService::ListDiary(grpc::CallbackServerContext* context,
                                                     const v1::ListDiaryRequest* request,
                                                     v1::ListDiaryResponse* response) {
  return Query(context, "Caseload.ListDiary", request->min_position(),
               [this, request, response](const Actor&, const projections::View& view) {
                 auto result = projections::ListDiary(view, *request, clock_.Now());
                 if (result.ok()) *response = *std::move(result);
                 return result.status();
               });
}

grpc::ServerUnaryReactor* CaseloadService::ListAttention(grpc::CallbackServerContext* context,
                                                         const v1::ListAttentionRequest* request,
                                                         v1::ListAttentionResponse* response) {
  return Query(context, "Caseload.ListAttention", request->min_position(),
               [this, request, response](const Actor& actor, const projections::View& view) {
                 auto policy = runner_.LoadPolicy(actor.org_id);
                 if (!policy.ok()) return policy.status();
                 auto result = projections::ListAttention(view, *request,
                                                          (*policy)->state.policy(), clock_.Now());
                 if (result.ok()) *response = *std::move(result);
                 return result.status();
               });
}

}  // namespace caseledger::services
