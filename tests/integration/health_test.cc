// grpc.health.v1 cannot lie: a writer that refuses appends takes the command services out of
// service, a projection that stops keeping up takes the query services out, and both come back
// when the cause goes.

#include <chrono>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "eventstore/memory_store.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "services/health.h"
#include "services/server.h"
#include "tests/integration/command_client.h"

namespace caseledger {
namespace {

using grpc::health::v1::HealthCheckResponse;
using services::HealthOptions;
using services::HealthReport;
using services::JudgeHealth;

constexpr char kCommands[] = "caseledger.v1.CaseCommands";
constexpr char kQueries[] = "caseledger.v1.Caseload";

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

projections::ProjectionStatus Running(const std::string& name) {
  projections::ProjectionStatus status;
  status.name = name;
  status.heartbeat = kNow - absl::Milliseconds(20);
  return status;
}

TEST(JudgeHealthTest, AWellServerServesEverything) {
  HealthReport report = JudgeHealth({}, {Running("caseload"), Running("diary")}, kNow, {});
  EXPECT_TRUE(report.commands);
  EXPECT_TRUE(report.queries);
  EXPECT_TRUE(report.threads);
}

TEST(JudgeHealthTest, AWriterThatRefusesAppendsStopsCommandsOnly) {
  eventstore::StoreStats store;
  store.writer = absl::UnavailableError("fsync failed: Input/output error");
  HealthReport report = JudgeHealth(store, {Running("caseload")}, kNow, {});
  EXPECT_FALSE(report.commands);
  EXPECT_EQ(report.commands_reason, "fsync failed: Input/output error");
  EXPECT_TRUE(report.queries);
  EXPECT_TRUE(report.threads) << "a writer that refuses is not wedged";
}

TEST(JudgeHealthTest, AnAppendWaitingPastTheStallLimitMeansAWedgedWriter) {
  eventstore::StoreStats store;
  store.oldest_waiting_append = absl::Seconds(31);
  HealthReport report = JudgeHealth(store, {}, kNow, {});
  EXPECT_FALSE(report.commands);
  EXPECT_FALSE(report.threads);
  EXPECT_NE(report.threads_reason.find("31s"), std::string::npos) << report.threads_reason;
  store.oldest_waiting_append = absl::Seconds(29);
  EXPECT_TRUE(JudgeHealth(store, {}, kNow, {}).threads);
}

TEST(JudgeHealthTest, AProjectionBehindForLongerThanTheLimitStopsQueries) {
  projections::ProjectionStatus behind = Running("diary");
  behind.lag = absl::Seconds(31);
  HealthReport report = JudgeHealth({}, {Running("caseload"), behind}, kNow, {});
  EXPECT_TRUE(report.commands);
  EXPECT_FALSE(report.queries);
  EXPECT_NE(report.queries_reason.find("diary"), std::string::npos) << report.queries_reason;
  behind.lag = absl::Seconds(29);
  EXPECT_TRUE(JudgeHealth({}, {behind}, kNow, {}).queries);
}

// A view that only speeds reads up (the replay folds, first built over a long log after an
// upgrade) stops no query while it is behind or failing; its thread must still go round.
TEST(JudgeHealthTest, AViewReadsDoNotNeedStopsNoQueryWhileBehindOrFailingButMustNotStall) {
  projections::ProjectionStatus folds = Running("replay-folds");
  folds.required_by_reads = false;
  folds.lag = absl::Hours(2);
  folds.failure = absl::DataLossError("a damaged block");
  folds.failing_since = kNow - absl::Hours(1);
  HealthReport report = JudgeHealth({}, {Running("caseload"), folds}, kNow, {});
  EXPECT_TRUE(report.queries) << report.queries_reason;
  folds.heartbeat = kNow - absl::Minutes(5);
  report = JudgeHealth({}, {Running("caseload"), folds}, kNow, {});
  EXPECT_FALSE(report.threads);
  EXPECT_NE(report.threads_reason.find("replay-folds"), std::string::npos);
}

TEST(JudgeHealthTest, AProjectionFailingPastTheLimitStopsQueriesButABriefFailureDoesNot) {
  projections::ProjectionStatus failing = Running("caseload");
  failing.failure = absl::DataLossError("a damaged block");
  failing.failing_since = kNow - absl::Seconds(2);
  EXPECT_TRUE(JudgeHealth({}, {failing}, kNow, {}).queries);
  failing.failing_since = kNow - absl::Seconds(11);
  HealthReport report = JudgeHealth({}, {failing}, kNow, {});
  EXPECT_FALSE(report.queries);
  EXPECT_NE(report.queries_reason.find("a damaged block"), std::string::npos);
}

TEST(JudgeHealthTest, AProjectionThreadThatStopsGoingRoundIsWedged) {
  projections::ProjectionStatus stuck = Running("caseload");
  stuck.heartbeat = kNow - absl::Seconds(45);
  HealthReport report = JudgeHealth({}, {stuck}, kNow, {});
  EXPECT_FALSE(report.threads);
  EXPECT_FALSE(report.queries);
}

// A server over a store in memory that tests make fail as a disk would.
class HealthTest : public ::testing::Test {
 protected:
  HealthTest() {
    services::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.retention_interval = absl::ZeroDuration();
    options.health.projection_failure_limit = absl::Milliseconds(200);
    options.health.interval = absl::Milliseconds(20);
    server_ = *services::Server::Start(options, store_.storage());
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    health_ = grpc::health::v1::Health::NewStub(channel_);
    cases_ = v1::CaseCommands::NewStub(channel_);
  }

  HealthCheckResponse::ServingStatus Check(const std::string& service) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::Status status = health_->Check(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.status();
  }

  // Whether `service` reaches `wanted` within 10 seconds.
  bool Becomes(const std::string& service, HealthCheckResponse::ServingStatus wanted) {
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (absl::Now() < deadline) {
      if (Check(service) == wanted) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }

  grpc::Status Open(const std::string& case_id) {
    v1::OpenCaseRequest request = testing::AdviceCase(case_id);
    v1::CommandResult result;
    grpc::ClientContext context;
    context.AddMetadata("x-caseledger-actor", "ana");
    context.AddMetadata("x-caseledger-role", "caseworker");
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return cases_->OpenCase(&context, request, &result);
  }

  eventstore::MemoryStore store_;
  std::unique_ptr<services::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  std::unique_ptr<v1::CaseCommands::Stub> cases_;
};

TEST_F(HealthTest, AWriterThatFailsTakesTheCommandServicesOutOfService) {
  ASSERT_EQ(Check(kCommands), HealthCheckResponse::SERVING);
  ASSERT_EQ(Check(""), HealthCheckResponse::SERVING);
  ASSERT_TRUE(Open("case-1").ok());

  store_.FailAppends(absl::UnavailableError("fsync failed: Input/output error"));
  EXPECT_TRUE(Becomes(kCommands, HealthCheckResponse::NOT_SERVING));
  EXPECT_EQ(Check(""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Check(kQueries), HealthCheckResponse::SERVING) << "what was written can be read";
  grpc::Status refused = Open("case-2");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE) << refused.error_message();

  store_.FailAppends(absl::OkStatus());
  EXPECT_TRUE(Becomes(kCommands, HealthCheckResponse::SERVING));
  EXPECT_TRUE(server_->Health().commands);
}

TEST_F(HealthTest, AProjectionThatStopsKeepingUpTakesTheQueryServicesOutOfService) {
  ASSERT_EQ(Check(kQueries), HealthCheckResponse::SERVING);
  ASSERT_TRUE(Open("case-0").ok());
  store_.FailReads(absl::DataLossError("a damaged block"));
  // An event the projections must read (and will pass over once they can), appended without
  // reading the log.
  eventstore::AppendRequest probe;
  probe.stream_id = "probe-1";
  eventstore::ProposedEvent event;
  event.type = "Probed";
  event.payload = "probe";
  event.metadata.set_actor("ops");
  probe.events.push_back(std::move(event));
  ASSERT_TRUE(store_.Append(std::move(probe)).ok());
  EXPECT_TRUE(Becomes(kQueries, HealthCheckResponse::NOT_SERVING));
  EXPECT_EQ(Check(""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Check(kCommands), HealthCheckResponse::SERVING);
  EXPECT_NE(server_->Health().queries_reason.find("a damaged block"), std::string::npos)
      << server_->Health().queries_reason;

  store_.FailReads(absl::OkStatus());
  EXPECT_TRUE(Becomes(kQueries, HealthCheckResponse::SERVING));
  EXPECT_EQ(Check(""), HealthCheckResponse::SERVING);
}

}  // namespace
}  // namespace caseledger
