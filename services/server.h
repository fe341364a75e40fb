#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/application.h"
#include "app/jwt_authenticator.h"
#include "base/clock.h"
#include "eventstore/log_copies.h"
#include "eventstore/storage.h"
#include "grpcpp/server.h"
#include "projections/projection_engine.h"
#include "relay/replicated_log.h"
#include "services/health.h"
#include "services/http_server.h"
#include "services/metrics.h"
#include "services/transport.h"

namespace caseledger::services {

// Who callers are: the development authenticator (x-caseledger-actor and -role metadata,
// trusted as given; loopback only) or signed bearer tokens.
struct AuthOptions {
  enum class Mode { kDevelopment, kJwt };
  Mode mode = Mode::kDevelopment;
  app::JwtOptions jwt;
};

struct ServerOptions {
  // host:port; port 0 picks a free one (see Server::port()).
  std::string listen = "127.0.0.1:7700";
  // TLS, mutual TLS, or plaintext (loopback only unless insecure).
  TransportOptions transport;
  AuthOptions auth;
  // Where "now" comes from for commands.
  const Clock* clock = &SystemClock();
  projections::EngineOptions projections;
  // See app::ApplicationOptions::cached_cases.
  size_t cached_cases = 100000;
  // See app::ApplicationOptions::replay_fold_every.
  uint64_t replay_fold_every = 100;
  // When set, committed events are relayed to this NATS JetStream server.
  std::string nats_url;
  std::string nats_stream = "CASELEDGER";
  size_t nats_batch = 1000;
  int nats_replicas = 1;
  // With nats_url: how commands are acknowledged (relay/replicated_log.h), and how long one
  // waits for the broker in sync mode.
  relay::Replication replication = relay::Replication::kAsync;
  absl::Duration sync_timeout = absl::Seconds(10);
  // With nats_url: a read replica of the broker's stream, copying into `log_copies` (the
  // store's), until promoted (Operations.Promote).
  bool follow = false;
  eventstore::LogCopies* log_copies = nullptr;
  // The address replicas name as the primary's ("": the address bound).
  std::string advertise;
  // With nats_url: 32 bytes, the same on every node, that the subject keys are wrapped under in
  // the broker, which then replicates them (relay/replicated_keys.h). Empty: keys stay on this
  // node, and a replica cannot open personal fields.
  std::string key_encryption_key;
  // Events queued for each Events.Subscribe client, and how long a client may leave a full
  // queue unread before it is cut off with RESOURCE_EXHAUSTED.
  size_t subscribe_buffer = 1024;
  absl::Duration subscribe_stall = absl::Seconds(10);
  // How often the retention rule is applied; zero: never.
  absl::Duration retention_interval = absl::Hours(1);
  // Who may do what; nullptr: the role table.
  const app::Authorizer* authorizer = nullptr;
  // When set, every call and the server's gauges are reported to it. Must outlive the server.
  Metrics* metrics = nullptr;
  // Where each case command's stages are told; nullptr: to `metrics`, when set. Must outlive
  // the server.
  app::CommandStageObserver* command_stages = nullptr;
  // When the health service stops calling commands or queries SERVING.
  HealthOptions health;
  // When set, the same services over HTTP (the Connect protocol) and the web console, with the
  // transport (TLS) of `transport`.
  std::optional<HttpOptions> http;
};

struct ServerParts;

// caseledger's gRPC server: the health service, server reflection and caseledger's own
// services, on one port, over the application's workflows. Thread-safe.
class Server {
 public:
  // Starts the application and serves it. UNAVAILABLE when the address can't be bound.
  // `storage` must outlive the server.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                                       eventstore::Storage storage);
  // Shutdown(0s).
  ~Server();

  int port() const { return port_; }
  // The HTTP port bound (see ServerOptions::http); 0 when HTTP is not served.
  int http_port() const;
  // "host:port" actually bound.
  std::string address() const;
  // A channel to the server within this process: every call meets what a call over the
  // network meets (authentication, roles, metrics) without the network.
  std::shared_ptr<grpc::Channel> InProcessChannel() const;

  // What the health service reports now, and why.
  HealthReport Health() const;

  // Reports NOT_SERVING, stops taking calls, lets calls in flight finish for up to
  // `grace`, then cancels the rest. Returns when everything has ended.
  void Shutdown(absl::Duration grace);

 private:
  Server(std::string host, int port, std::unique_ptr<ServerParts> parts);

  const std::string host_;
  const int port_;
  // The services and what they share; holds the grpc::Server, built last and stopped first.
  std::unique_ptr<ServerParts> parts_;
  std::atomic<bool> stopped_{false};
};

}  // namespace caseledger::services
