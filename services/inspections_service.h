#pragma once

#include "app/authenticator.h"
#include "app/case_command_runner.h"
#include "caseledger/v1/inspection_commands.grpc.pb.h"

namespace caseledger::services {

// The Inspections gRPC service: commands on inspection cases, run as case commands
// (app/inspection_commands.h).
class InspectionsService final : public v1::Inspections::CallbackService {
 public:
  InspectionsService(const app::Authenticator& authenticator, app::CaseCommandRunner& runner)
      : authenticator_(authenticator), runner_(runner) {}

  grpc::ServerUnaryReactor* PlanVisit(grpc::CallbackServerContext* context,
                                      const v1::PlanVisitRequest* request,
                                      v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordVisit(grpc::CallbackServerContext* context,
                                        const v1::RecordVisitRequest* request,
                                        v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordFindings(grpc::CallbackServerContext* context,
                                           const v1::RecordFindingsRequest* request,
                                           v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* DraftDocument(grpc::CallbackServerContext* context,
                                          const v1::DraftDocumentRequest* request,
                                          v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* SendForFactualAccuracy(grpc::CallbackServerContext* context,
                                                   const v1::SendForFactualAccuracyRequest* request,
                                                   v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordProviderComments(grpc::CallbackServerContext* context,
                                                   const v1::RecordProviderCommentsRequest* request,
                                                   v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* PublishDocument(grpc::CallbackServerContext* context,
                                            const v1::PublishDocumentRequest* request,
                                            v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RequireActionPlan(grpc::CallbackServerContext* context,
                                              const v1::RequireActionPlanRequest* request,
                                              v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordActionPlan(grpc::CallbackServerContext* context,
                                             const v1::RecordActionPlanRequest* request,
                                             v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordActionProgress(grpc::CallbackServerContext* context,
                                                 const v1::RecordActionProgressRequest* request,
                                                 v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* VerifyActionPlan(grpc::CallbackServerContext* context,
                                             const v1::VerifyActionPlanRequest* request,
                                             v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* TakeEnforcementAction(grpc::CallbackServerContext* context,
                                                  const v1::TakeEnforcementActionRequest* request,
                                                  v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* ConcludeEnforcementAction(
      grpc::CallbackServerContext* context, const v1::ConcludeEnforcementActionRequest* request,
      v1::CommandResult* result) override;

 private:
  const app::Authenticator& authenticator_;
  app::CaseCommandRunner& runner_;
};

}  // namespace caseledger::services
