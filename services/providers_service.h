#pragma once

#include "app/authenticator.h"
#include "app/provider_commands.h"
#include "app/provider_reads.h"
#include "caseledger/v1/providers.grpc.pb.h"

namespace caseledger::services {

// The Providers gRPC service, an adapter of app::ProviderCommands and app::ProviderReads.
class ProvidersService final : public v1::Providers::CallbackService {
 public:
  ProvidersService(const app::Authenticator& authenticator, app::ProviderCommands& commands,
                   app::ProviderReads& reads)
      : authenticator_(authenticator), commands_(commands), reads_(reads) {}

  grpc::ServerUnaryReactor* RegisterProvider(grpc::CallbackServerContext* context,
                                             const v1::RegisterProviderRequest* request,
                                             v1::ProviderCommandResult* result) override;
  grpc::ServerUnaryReactor* AssignProvider(grpc::CallbackServerContext* context,
                                           const v1::AssignProviderRequest* request,
                                           v1::ProviderCommandResult* result) override;
  grpc::ServerUnaryReactor* RecordRating(grpc::CallbackServerContext* context,
                                         const v1::RecordRatingRequest* request,
                                         v1::ProviderCommandResult* result) override;
  grpc::ServerUnaryReactor* RecordIntelligence(grpc::CallbackServerContext* context,
                                               const v1::RecordIntelligenceRequest* request,
                                               v1::ProviderCommandResult* result) override;
  grpc::ServerUnaryReactor* ConsiderIntelligence(grpc::CallbackServerContext* context,
                                                 const v1::ConsiderIntelligenceRequest* request,
                                                 v1::ProviderCommandResult* result) override;
  grpc::ServerUnaryReactor* GetProvider(grpc::CallbackServerContext* context,
                                        const v1::GetProviderRequest* request,
                                        v1::ProviderView* response) override;
  grpc::ServerUnaryReactor* ListProviders(grpc::CallbackServerContext* context,
                                          const v1::ListProvidersRequest* request,
                                          v1::ListProvidersResponse* response) override;
  grpc::ServerUnaryReactor* GetProviderHistory(grpc::CallbackServerContext* context,
                                               const v1::GetProviderHistoryRequest* request,
                                               v1::GetProviderHistoryResponse* response) override;
  grpc::ServerUnaryReactor* ListInspectionProgramme(
      grpc::CallbackServerContext* context, const v1::ListInspectionProgrammeRequest* request,
      v1::ListInspectionProgrammeResponse* response) override;

 private:
  const app::Authenticator& authenticator_;
  app::ProviderCommands& commands_;
  app::ProviderReads& reads_;
};

}  // namespace caseledger::services
