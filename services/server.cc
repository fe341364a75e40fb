#include "services/server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace caseledger::services {

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                                      eventstore::EventStore& store) {
  const size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address must be host:port, not '", options.listen, "'"));
  }
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &port);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen,
                                               ": the address is in use or not local"));
  }
  server->GetHealthCheckService()->SetServingStatus(true);
  return std::unique_ptr<Server>(
      new Server(options.listen.substr(0, colon), port, std::move(server)));
}

Server::Server(std::string host, int port, std::unique_ptr<grpc::Server> server)
    : host_(std::move(host)), port_(port), server_(std::move(server)) {}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

std::string Server::address() const { return absl::StrCat(host_, ":", port_); }

void Server::Shutdown(absl::Duration grace) {
  if (stopped_.exchange(true)) return;
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  server_->Wait();
}

}  // namespace caseledger::services
