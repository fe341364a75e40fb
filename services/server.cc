#include "services/server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "projections/caseload_projection.h"
#include "services/audit_service.h"
#include "services/auth.h"
#include "services/case_command_runner.h"
#include "services/caseload_service.h"
#include "services/events_service.h"
#include "services/jwt_authenticator.h"
#include "services/case_commands_service.h"
#include "services/policy_commands_service.h"
#include "services/retention.h"
#include "services/roles.h"
#include "services/subjects_service.h"

namespace caseledger::services {

struct ServerParts {
  ServerParts(eventstore::RocksDbEventStore& store, const ServerOptions& options,
              std::unique_ptr<Authenticator> caller, std::unique_ptr<privacy::SubjectKeys> sealer,
              std::unique_ptr<relay::NatsRelay> nats)
      : authenticator(std::move(caller)),
        keys(std::move(sealer)),
        access(store),
        authorizer(access),
        relay(std::move(nats)),
        engine(store, options.projections),
        runner(store, *keys, authorizer, *options.clock),
        case_commands(*authenticator, runner),
        policy_commands(*authenticator, authorizer, store, runner, *options.clock),
        caseload(*authenticator, authorizer, access, engine, runner, *options.clock),
        audit(*authenticator, authorizer, access, store, *keys, engine, runner),
        subjects(*authenticator, authorizer, access, store, *keys, runner),
        retention(runner, *keys, engine, *options.clock),
        events(*authenticator, authorizer, store, relay.get(), options.subscribe_buffer,
               options.subscribe_stall) {
    keys->OnErase([this] { audit.ForgetKeptPages(); });
  }

  std::unique_ptr<Authenticator> authenticator;
  std::unique_ptr<privacy::SubjectKeys> keys;
  AccessLog access;
  RoleAuthorizer authorizer;
  std::unique_ptr<relay::NatsRelay> relay;
  projections::ProjectionEngine engine;
  CaseCommandRunner runner;
  CaseCommandsService case_commands;
  PolicyCommandsService policy_commands;
  CaseloadService caseload;
  AuditService audit;
  SubjectsService subjects;
  Retention retention;
  EventsService events;
  std::unique_ptr<grpc::Server> server;
};

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                                      eventstore::RocksDbEventStore& store) {
  const size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address must be host:port, not '", options.listen, "'"));
  }
  std::string host = options.listen.substr(0, colon);
  auto credentials = ServerCredentialsFor(host, options.transport);
  if (!credentials.ok()) return credentials.status();
  std::unique_ptr<Authenticator> authenticator;
  if (options.auth.mode == AuthOptions::Mode::kJwt) {
    if (options.auth.jwt.key.empty()) {
      return absl::InvalidArgumentError("JWT authentication needs a key (--jwt-hs256-secret or --jwt-rs256-public-key)");
    }
    authenticator = std::make_unique<JwtAuthenticator>(options.auth.jwt);
  } else if (!IsLoopback(host)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the development authenticator trusts any caller: it serves loopback only, not ", host,
        "; use --auth jwt"));
  } else {
    authenticator = std::make_unique<DevelopmentAuthenticator>();
  }
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<relay::NatsRelay> nats;
  if (!options.nats_url.empty()) {
    relay::RelayOptions relay_options;
    relay_options.url = options.nats_url;
    relay_options.stream = options.nats_stream;
    relay_options.batch = options.nats_batch;
    relay_options.log = options.projections.log;
    auto started = relay::NatsRelay::Start(store, relay_options);
    if (!started.ok()) return started.status();
    nats = *std::move(started);
  }
  auto keys = privacy::SubjectKeys::Open(store);
  if (!keys.ok()) return keys.status();
  auto parts = std::make_unique<ServerParts>(store, options, std::move(authenticator),
                                             *std::move(keys), std::move(nats));
  if (absl::Status s = parts->engine.Add(std::make_unique<projections::CaseloadProjection>(store));
      !s.ok()) {
    return s;
  }
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, *credentials, &port);
  builder.RegisterService(&parts->case_commands);
  builder.RegisterService(&parts->policy_commands);
  builder.RegisterService(&parts->caseload);
  builder.RegisterService(&parts->audit);
  builder.RegisterService(&parts->subjects);
  builder.RegisterService(&parts->events);
  parts->server = builder.BuildAndStart();
  if (parts->server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen,
                                               ": the address is in use or not local"));
  }
  parts->server->GetHealthCheckService()->SetServingStatus(true);
  if (options.retention_interval > absl::ZeroDuration()) {
    parts->retention.Start(options.retention_interval);
  }
  return std::unique_ptr<Server>(
      new Server(options.listen.substr(0, colon), port, std::move(parts)));
}

Server::Server(std::string host, int port, std::unique_ptr<ServerParts> parts)
    : host_(std::move(host)), port_(port), parts_(std::move(parts)) {}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

std::string Server::address() const { return absl::StrCat(host_, ":", port_); }

void Server::Shutdown(absl::Duration grace) {
  if (stopped_.exchange(true)) return;
  parts_->server->GetHealthCheckService()->SetServingStatus(false);
  parts_->server->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  parts_->server->Wait();
  parts_->retention.Stop();
  parts_->engine.Stop();
}

}  // namespace caseledger::services
