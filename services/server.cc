#include "services/server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/log.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "projections/event_organisations.h"
#include "relay/replicated_keys.h"
#include "relay/replication_node.h"
#include "services/audit_service.h"
#include "services/case_commands_service.h"
#include "services/caseload_service.h"
#include "services/events_service.h"
#include "services/inspections_service.h"
#include "services/operations_service.h"
#include "services/policy_commands_service.h"
#include "services/providers_service.h"
#include "services/server_gauges.h"
#include "services/subjects_service.h"
#include "services/supervision_service.h"
#include "services/unreadable_request.h"
#include "services/work_plans_service.h"

namespace caseledger::services {

struct ServerParts {
  ServerParts(const ServerOptions& options, std::unique_ptr<app::Authenticator> caller,
              std::unique_ptr<projections::EventOrganisations> organisations_of_events,
              std::unique_ptr<relay::ReplicationNode> node,
              std::unique_ptr<relay::ReplicatedKeys> node_keys,
              std::unique_ptr<app::Application> workflows)
      : authenticator(std::move(caller)),
        organisations(std::move(organisations_of_events)),
        replication(std::move(node)),
        keys(std::move(node_keys)),
        app(std::move(workflows)),
        case_commands(*authenticator, app->commands()),
        inspections(*authenticator, app->commands()),
        providers(*authenticator, app->providers(), app->provider_reads()),
        work_plans(*authenticator, app->work_plans()),
        policy_commands(*authenticator, app->policies()),
        caseload(*authenticator, app->case_reads()),
        audit(*authenticator, app->audit_reads()),
        subjects(*authenticator, app->subjects()),
        supervision(*authenticator, app->worker_commands(), app->supervision_reads()),
        operations(*authenticator, app->access(), app->backups(), replication.get()),
        events(*authenticator, app->access(), app->storage().log, *organisations, replication.get(),
               options.subscribe_buffer, options.subscribe_stall) {}

  std::unique_ptr<app::Authenticator> authenticator;
  // Which organisation each event belongs to, for the relay and the subscribers.
  std::unique_ptr<projections::EventOrganisations> organisations;
  // The relay to the broker, or the copy from it on a read replica; null without a broker.
  std::unique_ptr<relay::ReplicationNode> replication;
  // The subject keys, replicated through the broker; null without a key-encryption key.
  std::unique_ptr<relay::ReplicatedKeys> keys;
  std::unique_ptr<app::Application> app;
  CaseCommandsService case_commands;
  InspectionsService inspections;
  ProvidersService providers;
  WorkPlansService work_plans;
  PolicyCommandsService policy_commands;
  CaseloadService caseload;
  AuditService audit;
  SubjectsService subjects;
  SupervisionService supervision;
  OperationsService operations;
  EventsService events;
  std::shared_ptr<ServerGauges> gauges;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<HealthWatch> health;
  // HTTP: the Connect gateway over an in-process channel to `server`, and what serves it.
  std::unique_ptr<ConnectGateway> gateway;
  std::unique_ptr<HttpServer> http;
};

namespace {

absl::StatusOr<std::unique_ptr<app::Authenticator>> AuthenticatorFor(
    const std::vector<std::string>& hosts, const AuthOptions& auth) {
  if (auth.mode == AuthOptions::Mode::kJwt) {
    if (auth.jwt.key.empty()) {
      return absl::InvalidArgumentError(
          "JWT authentication needs a key (--jwt-hs256-secret or --jwt-rs256-public-key)");
    }
    return std::make_unique<app::JwtAuthenticator>(auth.jwt);
  }
  for (const std::string& host : hosts) {
    if (!IsLoopback(host)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the development authenticator trusts any caller: it serves loopback only, not ", host,
          "; use --auth jwt"));
    }
  }
  return std::make_unique<app::DevelopmentAuthenticator>();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                                      eventstore::Storage storage) {
  const size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address must be host:port, not '", options.listen, "'"));
  }
  std::string host = options.listen.substr(0, colon);
  auto credentials = ServerCredentialsFor(host, options.transport);
  if (!credentials.ok()) return credentials.status();
  std::vector<std::string> hosts = {host};
  if (options.http.has_value()) {
    hosts.push_back(options.http->listen.substr(0, options.http->listen.rfind(':')));
  }
  auto authenticator = AuthenticatorFor(hosts, options.auth);
  if (!authenticator.ok()) return authenticator.status();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  auto organisations = std::make_unique<projections::EventOrganisations>(storage.log);
  std::unique_ptr<relay::ReplicationNode> replication;
  if (!options.nats_url.empty()) {
    relay::NodeOptions node;
    node.relay.url = options.nats_url;
    node.relay.stream = options.nats_stream;
    node.relay.batch = options.nats_batch;
    node.relay.replicas = options.nats_replicas;
    node.relay.primary_address = options.advertise;
    node.relay.organisation_of = [of = organisations.get()](const v1::EventRecord& record) {
      return of->Of(record);
    };
    node.mode = options.replication;
    node.follow = options.follow;
    node.sync_timeout = options.sync_timeout;
    if (options.metrics != nullptr) {
      node.on_copied = [metrics = options.metrics](absl::Duration lag) {
        metrics->ObserveReplicaLag(lag);
      };
    }
    auto started = relay::ReplicationNode::Start(storage.log, options.log_copies,
                                                 storage.checkpoints, std::move(node));
    if (!started.ok()) return started.status();
    replication = *std::move(started);
  }
  std::unique_ptr<relay::ReplicatedKeys> keys;
  if (replication != nullptr && !options.key_encryption_key.empty()) {
    relay::KeyReplicationOptions key_options;
    key_options.url = options.nats_url;
    key_options.stream = options.nats_stream;
    key_options.replicas = options.nats_replicas;
    key_options.key_encryption_key = options.key_encryption_key;
    auto created = relay::ReplicatedKeys::Create(storage.keys, replication->role(), key_options);
    if (!created.ok()) return created.status();
    keys = *std::move(created);
  }
  // The application appends through the replication node, and keeps its keys with the
  // broker's, when there are.
  eventstore::Storage app_storage{replication != nullptr ? replication->log() : storage.log,
                                  storage.views, storage.checkpoints,
                                  keys != nullptr ? *keys : storage.keys, storage.backups};
  app::ApplicationOptions app_options;
  app_options.clock = options.clock;
  app_options.projections = options.projections;
  app_options.cached_cases = options.cached_cases;
  app_options.replay_fold_every = options.replay_fold_every;
  app_options.retention_interval = options.retention_interval;
  app_options.authorizer = options.authorizer;
  app_options.command_stages =
      options.command_stages != nullptr ? options.command_stages : options.metrics;
  if (replication != nullptr) app_options.access_records = &replication->access_records();
  auto application = app::Application::Start(app_storage, app_options);
  if (!application.ok()) return application.status();
  auto parts = std::make_unique<ServerParts>(options, *std::move(authenticator),
                                             std::move(organisations), std::move(replication),
                                             std::move(keys), *std::move(application));
  if (parts->keys != nullptr) {
    parts->keys->StartWatching([app = parts->app.get()](const std::string& subject_id) {
      if (absl::Status erased = app->keys().Erase(subject_id); !erased.ok()) {
        log::Error("could not erase a subject the primary erased",
                   {{"subject", subject_id}, {"error", erased.message()}});
      }
    });
  }
  grpc::ServerBuilder builder;
  // In this order: the metrics count a call with the code its client is sent.
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(UnreadableRequestInterceptor());
  if (options.metrics != nullptr) interceptors.push_back(options.metrics->CallInterceptor());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  if (options.metrics != nullptr) {
    parts->gauges = std::make_shared<ServerGauges>(*parts->app, parts->replication.get(),
                                                   parts->events.subscribers());
    options.metrics->Expose(parts->gauges);
  }
  int port = 0;
  builder.AddListeningPort(options.listen, *credentials, &port);
  builder.RegisterService(&parts->case_commands);
  builder.RegisterService(&parts->inspections);
  builder.RegisterService(&parts->providers);
  builder.RegisterService(&parts->work_plans);
  builder.RegisterService(&parts->policy_commands);
  builder.RegisterService(&parts->caseload);
  builder.RegisterService(&parts->audit);
  builder.RegisterService(&parts->subjects);
  builder.RegisterService(&parts->supervision);
  builder.RegisterService(&parts->events);
  builder.RegisterService(&parts->operations);
  parts->server = builder.BuildAndStart();
  if (parts->server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen, ": the address is in use or not local"));
  }
  HealthWatch::Services services{
      .commands = {v1::CaseCommands::service_full_name(), v1::Inspections::service_full_name(),
                   v1::PolicyCommands::service_full_name(), v1::Subjects::service_full_name()},
      .queries = {v1::Caseload::service_full_name(), v1::Audit::service_full_name()},
      .both = {v1::Providers::service_full_name(), v1::WorkPlans::service_full_name(),
               v1::Supervision::service_full_name()},
      .others = {v1::Events::service_full_name(), v1::Operations::service_full_name()}};
  if (parts->replication != nullptr && options.advertise.empty()) {
    parts->replication->Advertise(absl::StrCat(host, ":", port));
  }
  HealthOptions health = options.health;
  if (parts->replication != nullptr) {
    health.replication = [node = parts->replication.get()](HealthReport& report) {
      const relay::RelayStatus status = node->Status();
      if (status.role == "primary") return;
      report.commands = false;
      report.read_only = status.role != "fenced";
      report.commands_reason = status.role == "fenced"
                                   ? "fenced: another primary writes to the broker's stream"
                                   : "a read replica: commands go to the primary";
      if (status.role == "stopped") {
        report.queries = false;
        report.queries_reason =
            absl::StrCat("the copy of the primary's log stopped: ", status.last_error);
      }
    };
  }
  parts->health = std::make_unique<HealthWatch>(
      *parts->app, *parts->server->GetHealthCheckService(), std::move(services), health);
  auto server = std::unique_ptr<Server>(new Server(std::move(host), port, std::move(parts)));
  if (options.http.has_value()) {
    ServerParts& started = *server->parts_;
    started.gateway = std::make_unique<ConnectGateway>(
        started.server->InProcessChannel(grpc::ChannelArguments()), GatewayOptions());
    HttpOptions http = *options.http;
    http.transport = options.transport;
    auto serving = HttpServer::Start(http, *started.gateway);
    if (!serving.ok()) return serving.status();
    started.http = *std::move(serving);
  }
  return server;
}

Server::Server(std::string host, int port, std::unique_ptr<ServerParts> parts)
    : host_(std::move(host)), port_(port), parts_(std::move(parts)) {}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

HealthReport Server::Health() const { return parts_->health->Latest(); }

int Server::http_port() const { return parts_->http == nullptr ? 0 : parts_->http->port(); }

std::string Server::address() const { return absl::StrCat(host_, ":", port_); }

std::shared_ptr<grpc::Channel> Server::InProcessChannel() const {
  return parts_->server->InProcessChannel(grpc::ChannelArguments());
}

void Server::Shutdown(absl::Duration grace) {
  if (stopped_.exchange(true)) return;
  parts_->health->Stop();
  // HTTP first: its calls go through the gRPC server, which lets them finish.
  if (parts_->http != nullptr) parts_->http->Stop();
  parts_->server->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  parts_->server->Wait();
  // What calls into the application from threads of its own stops before it does.
  if (parts_->keys != nullptr) parts_->keys->StopWatching();
  if (parts_->replication != nullptr) parts_->replication->Stop();
  parts_->app->Stop();
}

}  // namespace caseledger::services
