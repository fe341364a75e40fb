#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"

namespace caseledger::services {

struct TransportOptions {
  // PEM files. With a certificate and key the server speaks TLS only; with a client CA as
  // well, it also requires and verifies a client certificate (mutual TLS).
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // Allows plaintext on an address other than loopback.
  bool insecure = false;
};

// True for 127.0.0.0/8, ::1 and localhost.
bool IsLoopback(const std::string& host);

// Whether `options` serve TLS on `host`. FAILED_PRECONDITION for plaintext on an address other
// than loopback without `insecure`; INVALID_ARGUMENT for half a TLS configuration.
absl::StatusOr<bool> UsesTls(const std::string& host, const TransportOptions& options);

// The credentials to listen on `host` with. FAILED_PRECONDITION for plaintext on an address
// other than loopback without `insecure`; INVALID_ARGUMENT for half a TLS configuration;
// NOT_FOUND for a file that can't be read.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const std::string& host, const TransportOptions& options);

}  // namespace caseledger::services
