#pragma once

#include "app/authenticator.h"
#include "app/work_plans.h"
#include "caseledger/v1/workplans.grpc.pb.h"

namespace caseledger::services {

// The WorkPlans gRPC service, an adapter of app::WorkPlans.
class WorkPlansService final : public v1::WorkPlans::CallbackService {
 public:
  WorkPlansService(const app::Authenticator& authenticator, app::WorkPlans& plans)
      : authenticator_(authenticator), plans_(plans) {}

  grpc::ServerUnaryReactor* AgreeWorkPlan(grpc::CallbackServerContext* context,
                                          const v1::AgreeWorkPlanRequest* request,
                                          v1::WorkPlanResult* result) override;
  grpc::ServerUnaryReactor* RecordObjectiveProgress(
      grpc::CallbackServerContext* context, const v1::RecordObjectiveProgressRequest* request,
      v1::WorkPlanResult* result) override;
  grpc::ServerUnaryReactor* ReviewWorkPlan(grpc::CallbackServerContext* context,
                                           const v1::ReviewWorkPlanRequest* request,
                                           v1::WorkPlanResult* result) override;
  grpc::ServerUnaryReactor* GetWorkPlan(grpc::CallbackServerContext* context,
                                        const v1::GetWorkPlanRequest* request,
                                        v1::WorkPlanView* response) override;

 private:
  const app::Authenticator& authenticator_;
  app::WorkPlans& plans_;
};

}  // namespace caseledger::services
