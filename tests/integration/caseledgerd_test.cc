// Runs the caseledgerd binary as a user would.

#include <signal.h>

#include <atomic>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "caseledger/v1/events.grpc.pb.h"
#include "caseledger/v1/providers.grpc.pb.h"
#include "eventstore/rocksdb_event_store.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/data_files.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace caseledger {
namespace {

using ::testing::HasSubstr;

bool Healthy(const std::string& address) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return health->Check(&context, request, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

TEST(CaseledgerdTest, ServesHealthRefusesALockedFolderAndStopsCleanlyOnSigterm) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  testing::ChildProcess server({CASELEDGERD_PATH, "--data-dir", data, "--listen", "127.0.0.1:0",
                                "--metrics-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0",
                                "--durability", "os"});
  std::optional<std::string> address = testing::WaitForListening(server, absl::Seconds(30));
  ASSERT_TRUE(address.has_value()) << server.Stderr();
  EXPECT_TRUE(Healthy(*address));

  testing::ChildProcess second({CASELEDGERD_PATH, "--data-dir", data, "--listen", "127.0.0.1:0",
                                "--metrics-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"});
  EXPECT_EQ(second.Wait(absl::Seconds(30)), 1);
  EXPECT_THAT(second.Stderr(), HasSubstr("is in use by another caseledger process"));

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << server.Stderr();
  EXPECT_THAT(server.Stderr(), HasSubstr("caseledgerd stopped cleanly"));

  // The folder was released: the store opens again.
  eventstore::StoreOptions options;
  options.path = data;
  EXPECT_THAT(eventstore::RocksDbEventStore::Open(options), testing::IsOk());
}

// The position of the last event in the server's log, asked as an administrator.
uint64_t LogHead(const std::string& address) {
  auto events =
      v1::Events::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata("x-caseledger-actor", "ops");
  context.AddMetadata("x-caseledger-role", "administrator");
  v1::RelayStatusResponse response;
  const grpc::Status status = events->RelayStatus(&context, v1::RelayStatusRequest(), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.head();
}

TEST(CaseledgerdTest, CommandsAcknowledgedBeforeASigkillAreAllThereAfterIt) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  uint64_t head = 0;
  // Twice: the second server starts from the log the first was killed writing.
  for (int round = 1; round <= 2; ++round) {
    testing::ChildProcess server({CASELEDGERD_PATH, "--data-dir", data, "--listen", "127.0.0.1:0",
                                  "--metrics-listen", "127.0.0.1:0", "--http-listen",
                                  "127.0.0.1:0"});
    std::optional<std::string> listening = testing::WaitForListening(server, absl::Seconds(30));
    ASSERT_TRUE(listening.has_value()) << server.Stderr();
    const std::string address = *listening;
    EXPECT_EQ(LogHead(address), head) << "round " << round;
    testing::ChildProcess demo({CASELEDGER_PATH, "--server", address, "demo", "--cases", "10",
                                "--workers", "2", "--seed", absl::StrCat(round)});
    ASSERT_EQ(demo.Wait(absl::Seconds(120)), 0) << demo.Stderr();
    head = LogHead(address);
    ASSERT_GT(head, 0u);
    server.Signal(SIGKILL);
    EXPECT_EQ(server.Wait(absl::Seconds(30)), 128 + SIGKILL);
    // The log the server was writing keeps its presized length: recovery reads past its data.
    EXPECT_GE(testing::LargestWalFile(data), uintmax_t{1} << 20);
  }
  eventstore::StoreOptions options;
  options.path = data;
  auto store = eventstore::RocksDbEventStore::Open(options);
  ASSERT_THAT(store, testing::IsOk());
  EXPECT_EQ((*store)->Head().position, head) << "every acknowledged event, and nothing more";
  auto verified = (*store)->VerifyLog(0, 0);
  ASSERT_THAT(verified, testing::IsOk());
  EXPECT_TRUE(verified->ok) << verified->problem;
}

// Opens inspection cases for `provider` from `clients` threads, each opening going to the case
// and the provider in one append, until the server stops answering; returns how many were
// acknowledged.
int OpenInspectionCasesUntilStopped(const std::string& address, const std::string& provider,
                                    int clients, std::atomic<int>& acknowledged) {
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto cases = v1::CaseCommands::NewStub(
          grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
      for (int i = 0;; ++i) {
        v1::OpenCaseRequest open;
        open.mutable_header()->set_command_id(absl::StrCat("open-", c, "-", i));
        open.mutable_header()->set_case_id(absl::StrCat("c-", c, "-", i));
        open.set_kind(v1::INSPECTION);
        open.set_category("care home");
        open.set_provider_ref(provider);
        open.set_complexity(v1::MEDIUM);
        grpc::ClientContext context;
        context.AddMetadata("x-caseledger-actor", "ines");
        context.AddMetadata("x-caseledger-role", "inspector");
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        v1::CommandResult result;
        if (!cases->OpenCase(&context, open, &result).ok()) return;
        ++acknowledged;
      }
    });
  }
  for (auto& t : threads) t.join();
  return acknowledged.load();
}

TEST(CaseledgerdTest, AnAppendToACaseAndItsProviderIsWholeOrAbsentAfterASigkill) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  testing::ChildProcess server({CASELEDGERD_PATH, "--data-dir", data, "--listen", "127.0.0.1:0",
                                "--metrics-listen", "", "--http-listen", ""});
  std::optional<std::string> listening = testing::WaitForListening(server, absl::Seconds(30));
  ASSERT_TRUE(listening.has_value()) << server.Stderr();
  const std::string address = *listening;
  {
    auto providers =
        v1::Providers::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    v1::RegisterProviderRequest request;
    request.mutable_header()->set_command_id("register-p1");
    request.mutable_header()->set_provider_id("p1");
    request.mutable_details()->set_reference("1-0001");
    request.mutable_details()->set_name("Sunnyside");
    request.mutable_details()->set_service_type("care home");
    request.set_team_id("north");
    request.set_lead_inspector("ines");
    grpc::ClientContext context;
    context.AddMetadata("x-caseledger-actor", "ines");
    context.AddMetadata("x-caseledger-role", "inspector");
    v1::ProviderCommandResult result;
    ASSERT_TRUE(providers->RegisterProvider(&context, request, &result).ok());
  }
  std::atomic<int> acknowledged{0};
  std::thread killer([&] {
    // Killed while eight clients keep appending, well after the first appends.
    while (acknowledged.load() < 200) absl::SleepFor(absl::Milliseconds(5));
    server.Signal(SIGKILL);
  });
  const int opened = OpenInspectionCasesUntilStopped(address, "p1", 8, acknowledged);
  killer.join();
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 128 + SIGKILL);

  eventstore::StoreOptions options;
  options.path = data;
  auto store = eventstore::RocksDbEventStore::Open(options);
  ASSERT_THAT(store, testing::IsOk());
  auto records = (*store)->ReadAll(1, 1000000);
  ASSERT_THAT(records, testing::IsOk());
  // Each opening's two events, by its command: the case's, then the provider's at once after.
  std::map<std::string, std::vector<const v1::EventRecord*>> by_command;
  for (const v1::EventRecord& record : *records) {
    if (record.type() == "CaseOpened" || record.type() == "InspectionCaseOpened") {
      by_command[record.metadata().command_id()].push_back(&record);
    }
  }
  for (const auto& [command, pair] : by_command) {
    ASSERT_EQ(pair.size(), 2u) << command << " is in one stream and not the other";
    EXPECT_EQ(pair[0]->stream_id().rfind("case-", 0), 0u);
    EXPECT_EQ(pair[1]->stream_id(), "provider-p1");
    EXPECT_EQ(pair[1]->position(), pair[0]->position() + 1);
  }
  EXPECT_GE(by_command.size(), static_cast<size_t>(opened))
      << "every acknowledged opening is there";
  EXPECT_EQ(*(*store)->StreamRevision("provider-p1"), 1 + by_command.size());
  auto verified = (*store)->VerifyLog(0, 0);
  ASSERT_THAT(verified, testing::IsOk());
  EXPECT_TRUE(verified->ok) << verified->problem;
}

TEST(CaseledgerdTest, RefusesADataFolderThatIsAFile) {
  testing::TempDir dir;
  const std::string file = dir.Sub("not-a-folder");
  FILE* f = fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  fclose(f);
  testing::ChildProcess server({CASELEDGERD_PATH, "--data-dir", file, "--listen", "127.0.0.1:0",
                                "--metrics-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"});
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 1);
  EXPECT_THAT(server.Stderr(), HasSubstr("data folder"));
}

TEST(CaseledgerdTest, RejectsABadFlagValueNamingTheFlag) {
  for (const auto& [flag, value] :
       {std::pair("--durability", "maybe"), std::pair("--replay-fold-every", "-1")}) {
    testing::ChildProcess server({CASELEDGERD_PATH, flag, value});
    const auto code = server.Wait(absl::Seconds(30));
    ASSERT_TRUE(code.has_value()) << flag;
    EXPECT_NE(*code, 0) << flag;
    EXPECT_THAT(server.Stderr(), HasSubstr(flag));
  }
}

TEST(CaseledgerdTest, HelpListsItsFlags) {
  testing::ChildProcess help({CASELEDGERD_PATH, "--help"});
  EXPECT_EQ(help.Wait(absl::Seconds(30)), 0);
  const std::string out = help.Stdout();
  for (const char* flag :
       {"--data-dir", "--listen", "--durability", "--metrics-listen", "--log-format"}) {
    EXPECT_THAT(out, HasSubstr(flag));
  }
}

}  // namespace
}  // namespace caseledger
