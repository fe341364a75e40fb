#include "services/server.h"

#include "eventstore/rocksdb_event_store.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/health_check_service_interface.h"
#include "gtest/gtest.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace caseledger::services {
namespace {

using ::caseledger::testing::IsOk;

TEST(ServerTest, AnswersAHealthCheckOverARealChannel) {
  testing::TempDir dir;
  eventstore::StoreOptions store_options;
  store_options.path = dir.Sub("data");
  auto store = eventstore::RocksDbEventStore::Open(store_options);
  ASSERT_THAT(store, IsOk());
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  auto server = Server::Start(options, **store);
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
  EXPECT_THAT(Server::Start(options, **store),
              testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace caseledger::services
