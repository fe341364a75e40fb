// TLS and mutual TLS on a real loopback channel, with certificates the test makes.

#include <httplib.h>

#include <fstream>
#include <sstream>

#include "eventstore/rocksdb_event_store.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "services/server.h"
#include "tests/support/child_process.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tokens.h"

namespace caseledger::services {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    OpenSsl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir_.Sub("ca.key"), "-out",
             dir_.Sub("ca.pem"), "-days", "1", "-subj", "/CN=caseledger test CA"});
    Issue("server", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    Issue("client", "extendedKeyUsage=clientAuth\n");
    eventstore::StoreOptions options;
    options.path = dir_.Sub("data");
    options.durability = eventstore::Durability::kOs;
    store_ = *eventstore::RocksDbEventStore::Open(options);
  }

  void OpenSsl(std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/bin/openssl");
    testing::ChildProcess openssl(args);
    ASSERT_EQ(openssl.Wait(absl::Seconds(60)), 0) << openssl.Stderr();
  }

  // A key and a certificate signed by the test CA, with the given extensions.
  void Issue(const std::string& name, const std::string& extensions) {
    OpenSsl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir_.Sub(name + ".key"), "-out",
             dir_.Sub(name + ".csr"), "-subj", "/CN=" + name});
    std::ofstream(dir_.Sub(name + ".ext")) << extensions;
    OpenSsl({"x509", "-req", "-in", dir_.Sub(name + ".csr"), "-CA", dir_.Sub("ca.pem"), "-CAkey",
             dir_.Sub("ca.key"), "-CAcreateserial", "-out", dir_.Sub(name + ".pem"), "-days", "1",
             "-extfile", dir_.Sub(name + ".ext")});
  }

  // A server on TLS; with `http`, HTTP on TLS too, accepting only HS256 bearer tokens.
  std::unique_ptr<Server> Start(bool mutual, bool http = false) {
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    if (http) {
      options.http.emplace();
      options.http->listen = "127.0.0.1:0";
      options.auth.mode = AuthOptions::Mode::kJwt;
      options.auth.jwt.algorithm = app::JwtOptions::Algorithm::kHs256;
      options.auth.jwt.key = kSecret;
    }
    options.transport.tls_cert_file = dir_.Sub("server.pem");
    options.transport.tls_key_file = dir_.Sub("server.key");
    if (mutual) options.transport.tls_client_ca_file = dir_.Sub("ca.pem");
    auto server = Server::Start(options, store_->storage());
    EXPECT_THAT(server, IsOk());
    return server.ok() ? *std::move(server) : nullptr;
  }

  // A health check over `credentials`; true when the server answers SERVING.
  static bool Healthy(const std::string& address,
                      const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
    auto health = grpc::health::v1::Health::NewStub(grpc::CreateChannel(address, credentials));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::health::v1::HealthCheckResponse response;
    return health->Check(&context, grpc::health::v1::HealthCheckRequest(), &response).ok() &&
           response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  }

  std::shared_ptr<grpc::ChannelCredentials> Tls(bool with_client_certificate) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = Read(dir_.Sub("ca.pem"));
    if (with_client_certificate) {
      options.pem_private_key = Read(dir_.Sub("client.key"));
      options.pem_cert_chain = Read(dir_.Sub("client.pem"));
    }
    return grpc::SslCredentials(options);
  }

  // GetCase of a case that does not exist, over HTTPS, as ana with a token or without one:
  // the HTTP status, or -1 when no TLS connection was made.
  int GetCaseOverHttps(int port, bool with_token, bool with_client_certificate) {
    std::unique_ptr<httplib::SSLClient> client =
        with_client_certificate
            ? std::make_unique<httplib::SSLClient>("127.0.0.1", port, dir_.Sub("client.pem"),
                                                   dir_.Sub("client.key"))
            : std::make_unique<httplib::SSLClient>("127.0.0.1", port);
    client->set_ca_cert_path(dir_.Sub("ca.pem").c_str());
    client->enable_server_certificate_verification(true);
    httplib::Headers headers;
    if (with_token) {
      headers.emplace("Authorization",
                      "Bearer " + testing::Token(JWT_ALG_HS256, kSecret, "ana", "caseworker",
                                                 absl::Now() + absl::Minutes(5)));
    }
    auto answer = client->Post("/caseledger.v1.Caseload/GetCase", headers, R"({"caseId":"c"})",
                               "application/json");
    return answer ? answer->status : -1;
  }

  static constexpr char kSecret[] = "a secret of at least thirty-two bytes, for HS256";
  testing::TempDir dir_;
  std::unique_ptr<eventstore::RocksDbEventStore> store_;
};

TEST_F(TlsTest, HttpSpeaksTlsWithTheSameCertificateAndTakesBearerTokens) {
  auto server = Start(/*mutual=*/false, /*http=*/true);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(GetCaseOverHttps(server->http_port(), true, false), 404) << "served: no such case";
  EXPECT_EQ(GetCaseOverHttps(server->http_port(), false, false), 401);
  httplib::Client plaintext("127.0.0.1", server->http_port());
  EXPECT_FALSE(plaintext.Post("/caseledger.v1.Caseload/GetCase", "{}", "application/json"))
      << "no plaintext on a TLS port";
  httplib::SSLClient unknown_ca("127.0.0.1", server->http_port());
  unknown_ca.enable_server_certificate_verification(true);
  unknown_ca.set_ca_cert_path("/dev/null");
  EXPECT_FALSE(unknown_ca.Post("/caseledger.v1.Caseload/GetCase", "{}", "application/json"));
}

TEST_F(TlsTest, HttpWithMutualTlsServesOnlyClientsWithACertificateFromTheCa) {
  auto server = Start(/*mutual=*/true, /*http=*/true);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(GetCaseOverHttps(server->http_port(), true, true), 404);
  EXPECT_EQ(GetCaseOverHttps(server->http_port(), true, false), -1);
}

TEST_F(TlsTest, ATlsClientIsServedAndAPlaintextClientIsRefused) {
  auto server = Start(/*mutual=*/false);
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Healthy(server->address(), Tls(false)));
  EXPECT_FALSE(Healthy(server->address(), grpc::InsecureChannelCredentials()));
}

TEST_F(TlsTest, MutualTlsServesOnlyClientsWithACertificateFromTheCa) {
  auto server = Start(/*mutual=*/true);
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Healthy(server->address(), Tls(true)));
  EXPECT_FALSE(Healthy(server->address(), Tls(false)));
  EXPECT_FALSE(Healthy(server->address(), grpc::InsecureChannelCredentials()));
}

TEST_F(TlsTest, PlaintextBeyondLoopbackIsRefusedUnlessInsecure) {
  ServerOptions options;
  options.listen = "0.0.0.0:0";
  EXPECT_THAT(Server::Start(options, store_->storage()),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::HasSubstr("--insecure")));
  EXPECT_TRUE(IsLoopback("127.0.0.1"));
  EXPECT_TRUE(IsLoopback("localhost"));
  EXPECT_FALSE(IsLoopback("10.0.0.5"));
  TransportOptions insecure;
  insecure.insecure = true;
  EXPECT_THAT(ServerCredentialsFor("0.0.0.0", insecure), IsOk());
  TransportOptions half;
  half.tls_cert_file = dir_.Sub("server.pem");
  EXPECT_THAT(ServerCredentialsFor("127.0.0.1", half),
              StatusIs(absl::StatusCode::kInvalidArgument));

  ServerOptions http_beyond_loopback;
  http_beyond_loopback.listen = "127.0.0.1:0";
  http_beyond_loopback.http.emplace();
  http_beyond_loopback.http->listen = "0.0.0.0:0";
  EXPECT_THAT(Server::Start(http_beyond_loopback, store_->storage()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       ::testing::HasSubstr("development authenticator")))
      << "the development authenticator trusts anyone: never beyond loopback, on any port";
}

}  // namespace
}  // namespace caseledger::services
