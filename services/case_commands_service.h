#pragma once

#include "app/authenticator.h"
#include "app/case_command_runner.h"
#include "caseledger/v1/case_commands.grpc.pb.h"

namespace caseledger::services {

// The CaseCommands gRPC service: authenticates the caller, then hands each request to the
// runner as the command app::ToCommand makes of it.
class CaseCommandsService final : public v1::CaseCommands::CallbackService {
 public:
  CaseCommandsService(const app::Authenticator& authenticator, app::CaseCommandRunner& runner)
      : authenticator_(authenticator), runner_(runner) {}

  grpc::ServerUnaryReactor* OpenCase(grpc::CallbackServerContext* context,
                                     const v1::OpenCaseRequest* request,
                                     v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* AssignCase(grpc::CallbackServerContext* context,
                                       const v1::AssignCaseRequest* request,
                                       v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* ChangeStatus(grpc::CallbackServerContext* context,
                                         const v1::ChangeStatusRequest* request,
                                         v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordNote(grpc::CallbackServerContext* context,
                                       const v1::RecordNoteRequest* request,
                                       v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* CorrectNote(grpc::CallbackServerContext* context,
                                        const v1::CorrectNoteRequest* request,
                                        v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* SetDeadline(grpc::CallbackServerContext* context,
                                        const v1::SetDeadlineRequest* request,
                                        v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* CompleteDeadline(grpc::CallbackServerContext* context,
                                             const v1::CompleteDeadlineRequest* request,
                                             v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordDeadlineAction(grpc::CallbackServerContext* context,
                                                 const v1::RecordDeadlineActionRequest* request,
                                                 v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* AssessPriority(grpc::CallbackServerContext* context,
                                           const v1::AssessPriorityRequest* request,
                                           v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* Reprioritise(grpc::CallbackServerContext* context,
                                         const v1::ReprioritiseRequest* request,
                                         v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* FlagUntowardIncident(grpc::CallbackServerContext* context,
                                                 const v1::FlagUntowardIncidentRequest* request,
                                                 v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* ResolveIncident(grpc::CallbackServerContext* context,
                                            const v1::ResolveIncidentRequest* request,
                                            v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordReferral(grpc::CallbackServerContext* context,
                                           const v1::RecordReferralRequest* request,
                                           v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordObstacle(grpc::CallbackServerContext* context,
                                           const v1::RecordObstacleRequest* request,
                                           v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* ResolveObstacle(grpc::CallbackServerContext* context,
                                            const v1::ResolveObstacleRequest* request,
                                            v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* SetOutcome(grpc::CallbackServerContext* context,
                                       const v1::SetOutcomeRequest* request,
                                       v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordOutcomeProgress(grpc::CallbackServerContext* context,
                                                  const v1::RecordOutcomeProgressRequest* request,
                                                  v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* RecordFileReview(grpc::CallbackServerContext* context,
                                             const v1::RecordFileReviewRequest* request,
                                             v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* AddKeyPerson(grpc::CallbackServerContext* context,
                                         const v1::AddKeyPersonRequest* request,
                                         v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* CompleteReviewAction(grpc::CallbackServerContext* context,
                                                 const v1::CompleteReviewActionRequest* request,
                                                 v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* AcknowledgeEscalation(grpc::CallbackServerContext* context,
                                                  const v1::AcknowledgeEscalationRequest* request,
                                                  v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* UpdateKeyPerson(grpc::CallbackServerContext* context,
                                            const v1::UpdateKeyPersonRequest* request,
                                            v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* WithdrawKeyPersonConsent(
      grpc::CallbackServerContext* context, const v1::WithdrawKeyPersonConsentRequest* request,
      v1::CommandResult* result) override;
  grpc::ServerUnaryReactor* EndKeyPersonInvolvement(
      grpc::CallbackServerContext* context, const v1::EndKeyPersonInvolvementRequest* request,
      v1::CommandResult* result) override;

 private:
  template <typename Request>
  grpc::ServerUnaryReactor* Handle(grpc::CallbackServerContext* context, const Request& request,
                                   v1::CommandResult* result);

  const app::Authenticator& authenticator_;
  app::CaseCommandRunner& runner_;
};

}  // namespace caseledger::services
