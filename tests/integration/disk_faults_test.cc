// A disk that fails under a running server: once an fsync of the log fails, every command is
// refused UNAVAILABLE with the cause, queries of the views and of the log go on, and the
// health service says the server is not serving.

#include <chrono>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/integration/command_client.h"

namespace caseledger {
namespace {

using grpc::health::v1::HealthCheckResponse;
using testing::DiskFaults;
using ::testing::HasSubstr;

class DiskFaultsServerTest : public testing::ServerFixture {
 protected:
  DiskFaultsServerTest()
      : ServerFixture(absl::ZeroDuration(), false, false, false, std::make_shared<DiskFaults>()) {}

  grpc::Status Open(const std::string& case_id, v1::CommandResult* result) {
    return cases_->OpenCase(As("ana").get(), testing::AdviceCase(case_id), result);
  }

  // Whether the health service reports `service` NOT_SERVING within 10 seconds: it is told
  // each change as it happens.
  bool StopsServing(const std::string& service) {
    auto health = grpc::health::v1::Health::NewStub(channel_);
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto reader = health->Watch(&context, request);
    HealthCheckResponse response;
    while (reader->Read(&response)) {
      if (response.status() == HealthCheckResponse::NOT_SERVING) {
        context.TryCancel();
        reader->Finish().ok();
        return true;
      }
    }
    reader->Finish().ok();
    return false;
  }
};

TEST_F(DiskFaultsServerTest, AFailedFsyncRefusesCommandsWhileQueriesGoOn) {
  v1::CommandResult opened;
  grpc::Status status = Open("case-1", &opened);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::ListCaseloadRequest caseload;
  caseload.set_team_id("north");
  caseload.set_min_position(opened.position());
  v1::ListCaseloadResponse listed;
  status = caseload_->ListCaseload(As("cora", "compliance_officer").get(), caseload, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(listed.items_size(), 1);

  faults_->Fail(DiskFaults::Operation::kSync, DiskFaults::Files::kWal);
  v1::CommandResult refused;
  status = Open("case-2", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("injected sync fault"));
  EXPECT_THAT(status.error_message(), HasSubstr("appends are refused until caseledgerd restarts"));
  // The disk syncs again, but what reached the log is unknown until a restart.
  faults_->Heal();
  status = Open("case-3", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("appends are refused until caseledgerd restarts"));

  EXPECT_TRUE(StopsServing("caseledger.v1.CaseCommands"));
  EXPECT_TRUE(StopsServing(""));
  EXPECT_THAT(server_->Health().commands_reason, HasSubstr("injected sync fault"));

  listed.Clear();
  status = caseload_->ListCaseload(As("cora", "compliance_officer").get(), caseload, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(listed.items_size(), 1);
  EXPECT_EQ(listed.items(0).summary().case_id(), "case-1");
  v1::VerifyLogResponse verified;
  status =
      audit_->VerifyLog(As("cora", "compliance_officer").get(), v1::VerifyLogRequest(), &verified);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(verified.ok());
  EXPECT_EQ(verified.to_position(), opened.position());
  // A read of a case's content is answered only once its access record is in the log.
  v1::GetCaseRequest get;
  get.set_case_id("case-1");
  v1::CaseView view;
  status = caseload_->GetCase(As("ana", "caseworker", "north").get(), get, &view);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
}

}  // namespace
}  // namespace caseledger
