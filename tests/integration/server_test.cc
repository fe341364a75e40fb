#include "services/server.h"

#include <jwt.h>

#include "caseledger/v1/case_commands.grpc.pb.h"
#include "eventstore/rocksdb_event_store.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/health_check_service_interface.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tokens.h"

namespace caseledger::services {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::caseledger::testing::Token;
using ::testing::HasSubstr;

TEST(ServerTest, AnswersAHealthCheckOverARealChannel) {
  testing::TempDir dir;
  eventstore::StoreOptions store_options;
  store_options.path = dir.Sub("data");
  auto store = eventstore::RocksDbEventStore::Open(store_options);
  ASSERT_THAT(store, IsOk());
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  auto server = Server::Start(options, (*store)->storage());
  ASSERT_THAT(server, IsOk());
  ASSERT_GT((*server)->port(), 0);

  auto channel = grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status status = health->Check(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  (*server)->Shutdown(absl::Seconds(1));
  grpc::ClientContext after;
  after.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  EXPECT_FALSE(health->Check(&after, request, &response).ok()) << "a stopped server answers no one";
}

TEST(ServerTest, RefusesAnAddressThatIsNotHostAndPort) {
  testing::TempDir dir;
  eventstore::StoreOptions store_options;
  store_options.path = dir.Sub("data");
  auto store = eventstore::RocksDbEventStore::Open(store_options);
  ASSERT_THAT(store, IsOk());
  ServerOptions options;
  options.listen = "nonsense";
  EXPECT_THAT(Server::Start(options, (*store)->storage()),
              testing::StatusIs(absl::StatusCode::kInvalidArgument));
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
  options.auth.mode = AuthOptions::Mode::kJwt;
  options.auth.jwt.key = secret;
  auto server = Server::Start(options, store->storage());
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
  bearer.AddMetadata("authorization", "Bearer " + Token(JWT_ALG_HS256, secret, "ana", "caseworker",
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
  EXPECT_THAT(Server::Start(open_to_all, store->storage()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("loopback only")));
}

}  // namespace
}  // namespace caseledger::services
