#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/connect_gateway.h"
#include "services/transport.h"

namespace httplib {
class Server;
}

namespace caseledger::services {

struct HttpOptions {
  // host:port; port 0 picks a free one (see HttpServer::port()).
  std::string listen = "127.0.0.1:7780";
  // The same certificates as gRPC: TLS when a certificate and key are given (a client CA
  // requires client certificates); plaintext on loopback only unless `insecure`.
  TransportOptions transport;
  // The built web console, served at /; empty: none.
  std::string console_dir;
  // Origins whose pages may call the API from another origin (CORS); none by default.
  std::vector<std::string> allowed_origins;
  // Connections served at once (each takes a thread while it is open), and the part of them
  // that may hold a server stream.
  int threads = 64;
  int max_streams = 32;
};

// The HTTP side of caseledgerd: the API over the Connect protocol (through a ConnectGateway,
// so with every rule of the gRPC services) and the web console's files, with strict security
// headers on every answer. No cookies: callers send their bearer token (or, on a development
// server, x-caseledger-* headers) with each call. Thread-safe.
class HttpServer {
 public:
  // Binds and serves on a thread of its own. UNAVAILABLE when the address cannot be bound;
  // the errors of UsesTls for a transport that is not allowed. `gateway` must outlive it.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const HttpOptions& options,
                                                           ConnectGateway& gateway);
  // Stop().
  ~HttpServer();

  int port() const { return port_; }

  // Ends every stream, stops taking connections and waits for the serving thread.
  void Stop();

 private:
  HttpServer(const HttpOptions& options, ConnectGateway& gateway, bool tls);
  void Route();
  // Registers a stream so that Stop() can end it; false when `max_streams` are open.
  bool Admit(ConnectStream* stream);
  void Release(ConnectStream* stream);

  const HttpOptions options_;
  ConnectGateway& gateway_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  std::thread serving_;

  absl::Mutex mu_;
  absl::flat_hash_set<ConnectStream*> streams_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace caseledger::services
