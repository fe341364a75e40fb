// Bearer tokens: signed, unexpired, naming an actor and a role; anything else refused.

#include "services/jwt_authenticator.h"

#include <jwt.h>

#include <fstream>
#include <sstream>

#include "caseledger/v1/case_commands.grpc.pb.h"
#include "eventstore/rocksdb_event_store.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "services/server.h"
#include "tests/support/child_process.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace caseledger::services {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1790000000);

// A token with the given claims, signed with `alg` and `key` (JWT_ALG_NONE: unsigned).
std::string Token(jwt_alg_t alg, const std::string& key, const std::string& sub,
                  const std::string& role, absl::Time expires) {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  if (!sub.empty()) jwt_add_grant(jwt, "sub", sub.c_str());
  if (!role.empty()) jwt_add_grant(jwt, "role", role.c_str());
  jwt_add_grant(jwt, "team", "north");
  jwt_add_grant_int(jwt, "exp", absl::ToUnixSeconds(expires));
  jwt_set_alg(jwt, alg, alg == JWT_ALG_NONE ? nullptr : reinterpret_cast<const unsigned char*>(key.data()),
              alg == JWT_ALG_NONE ? 0 : static_cast<int>(key.size()));
  char* encoded = jwt_encode_str(jwt);
  std::string token = encoded == nullptr ? "" : encoded;
  free(encoded);
  jwt_free(jwt);
  return token;
}

CallMetadata Bearer(const std::string& token, std::string& storage) {
  storage = "Bearer " + token;
  CallMetadata metadata;
  metadata.emplace("authorization", grpc::string_ref(storage));
  return metadata;
}

class JwtAuthenticatorTest : public ::testing::Test {
 protected:
  ManualClock clock_{kNow};
  const std::string secret_ = "a shared secret of at least thirty-two bytes";
  JwtAuthenticator hs256_{JwtOptions{JwtOptions::Algorithm::kHs256, secret_, &clock_}};
  std::string storage_;
};

TEST_F(JwtAuthenticatorTest, AValidTokenNamesTheActorRoleAndTeam) {
  auto actor = hs256_.Authenticate(
      Bearer(Token(JWT_ALG_HS256, secret_, "ana", "caseworker", kNow + absl::Hours(1)), storage_));
  ASSERT_THAT(actor, IsOk());
  EXPECT_EQ(actor->id, "ana");
  EXPECT_EQ(actor->role, "caseworker");
  EXPECT_EQ(actor->team_id, "north");
}

TEST_F(JwtAuthenticatorTest, MissingForgedExpiredAndUnsignedTokensAreRefused) {
  EXPECT_THAT(hs256_.Authenticate(CallMetadata()),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("bearer token")));
  const std::string forged =
      Token(JWT_ALG_HS256, "another secret that is also long enough", "ana", "caseworker",
            kNow + absl::Hours(1));
  EXPECT_THAT(hs256_.Authenticate(Bearer(forged, storage_)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("does not verify")));
  const std::string expired =
      Token(JWT_ALG_HS256, secret_, "ana", "caseworker", kNow - absl::Seconds(1));
  EXPECT_THAT(hs256_.Authenticate(Bearer(expired, storage_)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
  const std::string unsigned_token = Token(JWT_ALG_NONE, "", "ana", "caseworker", kNow + absl::Hours(1));
  EXPECT_THAT(hs256_.Authenticate(Bearer(unsigned_token, storage_)),
              StatusIs(absl::StatusCode::kUnauthenticated));
  const std::string no_role = Token(JWT_ALG_HS256, secret_, "ana", "wizard", kNow + absl::Hours(1));
  EXPECT_THAT(hs256_.Authenticate(Bearer(no_role, storage_)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("role")));
  EXPECT_THAT(hs256_.Authenticate(Bearer("not.a.token", storage_)),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(JwtAuthenticatorTest, Rs256TokensVerifyWithThePublicKeyOnly) {
  testing::TempDir dir;
  auto run = [](std::vector<std::string> args) {
    testing::ChildProcess openssl(args);
    return openssl.Wait(absl::Seconds(60));
  };
  ASSERT_EQ(run({"/usr/bin/openssl", "genrsa", "-out", dir.Sub("key.pem"), "2048"}), 0);
  ASSERT_EQ(run({"/usr/bin/openssl", "rsa", "-in", dir.Sub("key.pem"), "-pubout", "-out",
                 dir.Sub("public.pem")}),
            0);
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string private_key = read(dir.Sub("key.pem"));
  JwtAuthenticator rs256(JwtOptions{JwtOptions::Algorithm::kRs256, read(dir.Sub("public.pem")), &clock_});
  EXPECT_THAT(rs256.Authenticate(Bearer(
                  Token(JWT_ALG_RS256, private_key, "ines", "inspector", kNow + absl::Hours(1)),
                  storage_)),
              IsOk());
  // An HS256 token "signed" with the public key is the classic confusion: refused.
  EXPECT_THAT(rs256.Authenticate(Bearer(Token(JWT_ALG_HS256, read(dir.Sub("public.pem")), "ines",
                                              "inspector", kNow + absl::Hours(1)),
                                        storage_)),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(JwtServerTest, AServerWithTokensRefusesCallsWithoutOne) {
  testing::TempDir dir;
  eventstore::StoreOptions store_options;
  store_options.path = dir.Sub("data");
  store_options.durability = eventstore::Durability::kOs;
  auto store = *eventstore::RocksDbEventStore::Open(store_options);
  const std::string secret = "a shared secret of at least thirty-two bytes";
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.projections.log = [](const std::string&) {};
  options.auth.mode = AuthOptions::Mode::kJwt;
  options.auth.jwt.key = secret;
  auto server = Server::Start(options, *store);
  ASSERT_THAT(server, IsOk());
  auto stub = v1::CaseCommands::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  v1::OpenCaseRequest open;
  open.mutable_header()->set_command_id("open-j1");
  open.mutable_header()->set_case_id("j1");
  open.set_kind(v1::ADVICE);
  open.set_category("debt");
  open.set_client_ref("C-1");
  open.set_complexity(v1::LOW);
  v1::CommandResult result;
  grpc::ClientContext developer;
  developer.AddMetadata("x-caseledger-actor", "ana");
  developer.AddMetadata("x-caseledger-role", "caseworker");
  EXPECT_EQ(stub->OpenCase(&developer, open, &result).error_code(),
            grpc::StatusCode::UNAUTHENTICATED)
      << "development metadata is no identity here";
  grpc::ClientContext bearer;
  bearer.AddMetadata("authorization",
                     "Bearer " + Token(JWT_ALG_HS256, secret, "ana", "caseworker",
                                       absl::Now() + absl::Hours(1)));
  grpc::Status status = stub->OpenCase(&bearer, open, &result);
  EXPECT_TRUE(status.ok()) << status.error_message();
  auto records = store->ReadStream("case-j1", 1, eventstore::Direction::kForward, 1);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].metadata().actor(), "ana") << "the actor comes from the token";
  (*server)->Shutdown(absl::Seconds(1));

  ServerOptions open_to_all;
  open_to_all.listen = "0.0.0.0:0";
  open_to_all.transport.insecure = true;
  EXPECT_THAT(Server::Start(open_to_all, *store),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("loopback only")));
}

}  // namespace
}  // namespace caseledger::services
