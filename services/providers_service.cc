#include "services/providers_service.h"

#include "services/grpc_call.h"

namespace caseledger::services {

grpc::ServerUnaryReactor* ProvidersService::RegisterProvider(
    grpc::CallbackServerContext* context, const v1::RegisterProviderRequest* request,
    v1::ProviderCommandResult* result) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    commands_.RegisterProvider(actor, *request, result, std::move(done));
  });
}

grpc::ServerUnaryReactor* ProvidersService::AssignProvider(grpc::CallbackServerContext* context,
                                                           const v1::AssignProviderRequest* request,
                                                           v1::ProviderCommandResult* result) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    commands_.AssignProvider(actor, *request, result, std::move(done));
  });
}

grpc::ServerUnaryReactor* ProvidersService::RecordRating(grpc::CallbackServerContext* context,
                                                         const v1::RecordRatingRequest* request,
                                                         v1::ProviderCommandResult* result) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    commands_.RecordRating(actor, *request, result, std::move(done));
  });
}

grpc::ServerUnaryReactor* ProvidersService::RecordIntelligence(
    grpc::CallbackServerContext* context, const v1::RecordIntelligenceRequest* request,
    v1::ProviderCommandResult* result) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    commands_.RecordIntelligence(actor, *request, result, std::move(done));
  });
}

grpc::ServerUnaryReactor* ProvidersService::ConsiderIntelligence(
    grpc::CallbackServerContext* context, const v1::ConsiderIntelligenceRequest* request,
    v1::ProviderCommandResult* result) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    commands_.ConsiderIntelligence(actor, *request, result, std::move(done));
  });
}

grpc::ServerUnaryReactor* ProvidersService::GetProvider(grpc::CallbackServerContext* context,
                                                        const v1::GetProviderRequest* request,
                                                        v1::ProviderView* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.GetProvider(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

grpc::ServerUnaryReactor* ProvidersService::ListProviders(grpc::CallbackServerContext* context,
                                                          const v1::ListProvidersRequest* request,
                                                          v1::ListProvidersResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ListProviders(actor, *request, WaitDeadline(*context), response, std::move(done));
  });
}

grpc::ServerUnaryReactor* ProvidersService::GetProviderHistory(
    grpc::CallbackServerContext* context, const v1::GetProviderHistoryRequest* request,
    v1::GetProviderHistoryResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.GetProviderHistory(actor, *request, response, std::move(done));
  });
}

grpc::ServerUnaryReactor* ProvidersService::ListInspectionProgramme(
    grpc::CallbackServerContext* context, const v1::ListInspectionProgrammeRequest* request,
    v1::ListInspectionProgrammeResponse* response) {
  return Answer(context, authenticator_, [&](const app::Actor& actor, auto done) {
    reads_.ListInspectionProgramme(actor, *request, WaitDeadline(*context), response,
                                   std::move(done));
  });
}

}  // namespace caseledger::services
