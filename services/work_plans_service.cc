#include "services/work_plans_service.h"

#include "services/grpc_call.h"

namespace caseledger::services {

grpc::ServerUnaryReactor* WorkPlansService::AgreeWorkPlan(grpc::CallbackServerContext* context,
                                                          const v1::AgreeWorkPlanRequest* request,
                                                          v1::WorkPlanResult* result) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    plans_.AgreeWorkPlan(actor, *request, result, std::move(done));
  });
}

grpc::ServerUnaryReactor* WorkPlansService::RecordObjectiveProgress(
    grpc::CallbackServerContext* context, const v1::RecordObjectiveProgressRequest* request,
    v1::WorkPlanResult* result) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    plans_.RecordObjectiveProgress(actor, *request, result, std::move(done));
  });
}

grpc::ServerUnaryReactor* WorkPlansService::ReviewWorkPlan(grpc::CallbackServerContext* context,
                                                           const v1::ReviewWorkPlanRequest* request,
                                                           v1::WorkPlanResult* result) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    plans_.ReviewWorkPlan(actor, *request, result, std::move(done));
  });
}

grpc::ServerUnaryReactor* WorkPlansService::GetWorkPlan(grpc::CallbackServerContext* context,
                                                        const v1::GetWorkPlanRequest* request,
                                                        v1::WorkPlanView* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    plans_.GetWorkPlan(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

}  // namespace caseledger::services
