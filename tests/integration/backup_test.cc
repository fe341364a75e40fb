// Backups of a live server (Operations.Backup) and restores of them (RocksDbEventStore::Restore,
// as caseledgerd --restore-from does): consistent while commands go on, verified to the head
// they report, and never bringing back a subject erased since.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "tests/integration/command_client.h"
#include "tests/support/data_files.h"

namespace caseledger {
namespace {

using ::testing::ElementsAre;

constexpr char kSubject[] = "subject-77";
constexpr char kSummary[] = "Summary-B4K rent arrears after a bereavement";

class BackupTest : public testing::ServerFixture {
 protected:
  static std::unique_ptr<grpc::ClientContext> Admin() { return As("adm", "administrator"); }

  grpc::Status Open(const std::string& id, const std::string& subject = "subject-other") {
    v1::OpenCaseRequest open;
    *open.mutable_header() = Header(absl::StrCat("open-", id), id);
    open.set_kind(v1::ADVICE);
    open.set_category("housing");
    open.set_client_ref(absl::StrCat("CREF", id));
    open.set_subject_id(subject);
    open.set_summary(subject == kSubject ? kSummary : "Another client");
    open.set_complexity(v1::MEDIUM);
    open.set_team_id("north");
    v1::CommandResult result;
    return cases_->OpenCase(As("ana", "caseworker", "north").get(), open, &result);
  }

  grpc::Status Backup(const std::string& to, v1::BackupResponse* response,
                      std::unique_ptr<grpc::ClientContext> caller = Admin()) {
    v1::BackupRequest request;
    request.set_to(to);
    return operations_->Backup(caller.get(), request, response);
  }

  // Stops the server and its store, restores `backup` into the data folder as caseledgerd
  // --restore-from does, and starts them again on it.
  void RestartFrom(const std::string& backup) {
    server_.reset();
    store_.reset();
    auto set_aside = eventstore::RocksDbEventStore::Restore(backup, dir_.Sub("data"), {});
    ASSERT_TRUE(set_aside.ok()) << set_aside.status();
    EXPECT_TRUE(std::filesystem::exists(*set_aside)) << "the folder replaced is kept";
    eventstore::StoreOptions store_options;
    store_options.path = dir_.Sub("data");
    store_options.durability = eventstore::Durability::kOs;
    store_options.clock = &clock_;
    auto reopened = eventstore::RocksDbEventStore::Open(store_options);
    ASSERT_TRUE(reopened.ok()) << reopened.status();
    store_ = *std::move(reopened);
    services::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.clock = &clock_;
    options.retention_interval = absl::ZeroDuration();
    auto started = services::Server::Start(options, store_->storage());
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = *std::move(started);
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    cases_ = v1::CaseCommands::NewStub(channel_);
    caseload_ = v1::Caseload::NewStub(channel_);
    subjects_ = v1::Subjects::NewStub(channel_);
    operations_ = v1::Operations::NewStub(channel_);
  }
};

TEST_F(BackupTest, ABackupTakenWhileCommandsGoOnRestoresToAStoreThatVerifiesToItsHead) {
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Open(absl::StrCat("before-", i)).ok());
  const uint64_t acknowledged = store_->Head().position;

  std::atomic<bool> stop{false};
  std::atomic<int> opened{0};
  std::thread load([&] {
    for (int i = 0; !stop.load(); ++i) {
      if (Open(absl::StrCat("during-", i)).ok()) opened.fetch_add(1);
    }
  });
  while (opened.load() < 10) absl::SleepFor(absl::Milliseconds(5));
  v1::BackupResponse backup;
  grpc::Status status = Backup(dir_.Sub("backup"), &backup);
  while (opened.load() < 40) absl::SleepFor(absl::Milliseconds(5));
  stop = true;
  load.join();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(backup.folder(), dir_.Sub("backup"));
  EXPECT_GE(backup.head_position(), acknowledged) << "everything acknowledged before it";
  EXPECT_LT(backup.head_position(), store_->Head().position) << "commands went on after it";

  RestartFrom(dir_.Sub("backup"));
  auto verified = store_->VerifyLog(1, 0);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_TRUE(verified->ok) << verified->problem;
  EXPECT_EQ(verified->to_position, backup.head_position());
  EXPECT_EQ(absl::BytesToHexString(verified->last_hash), backup.head_hash());
  EXPECT_EQ(store_->Head().position, backup.head_position());
  // The restored server takes commands on from there.
  EXPECT_TRUE(Open("after-restore").ok());
  v1::GetCaseRequest get;
  get.set_case_id("before-19");
  v1::CaseView view;
  EXPECT_TRUE(caseload_->GetCase(As("ana", "caseworker", "north").get(), get, &view).ok());
}

TEST_F(BackupTest, ASubjectErasedAfterTheBackupStaysErasedWhenItIsRestored) {
  ASSERT_TRUE(Open("e1", kSubject).ok());
  ASSERT_TRUE(Open("keep").ok());
  v1::BackupResponse backup;
  ASSERT_TRUE(Backup(dir_.Sub("backup"), &backup).ok());
  const std::string key = store_->storage().keys.Get(absl::StrCat("k/default/", kSubject))->value();
  ASSERT_EQ(key.size(), 32u);
  ASSERT_TRUE(testing::AnyFileHoldsKey(dir_.Sub("backup"), key)) << "the backup holds the key";

  v1::EraseSubjectRequest erase;
  erase.set_subject_id(kSubject);
  erase.set_reason("Erasure request ER-12");
  v1::EraseSubjectResponse erased;
  grpc::Status status = subjects_->EraseSubject(Admin().get(), erase, &erased);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(erased.case_ids(), ElementsAre("e1"));

  RestartFrom(dir_.Sub("backup"));
  v1::GetCaseRequest get;
  get.set_case_id("e1");
  v1::CaseView view;
  ASSERT_TRUE(caseload_->GetCase(As("ana", "caseworker", "north").get(), get, &view).ok());
  EXPECT_EQ(view.state().summary(), "[erased]");
  EXPECT_EQ(view.state().client_ref(), "[erased]");
  get.set_case_id("keep");
  ASSERT_TRUE(caseload_->GetCase(As("ana", "caseworker", "north").get(), get, &view).ok());
  EXPECT_EQ(view.state().summary(), "Another client") << "only the erased subject is gone";
  EXPECT_FALSE(store_->storage().keys.Get(absl::StrCat("k/default/", kSubject))->has_value());
  EXPECT_FALSE(testing::AnyFileHoldsKey(dir_.Sub("data"), key))
      << "no file of the store has the key";
}

TEST_F(BackupTest, OnlyAnAdministratorBacksUpAndABadFolderIsNamed) {
  v1::BackupResponse response;
  EXPECT_EQ(Backup(dir_.Sub("b1"), &response, As("cora", "compliance_officer")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Backup(dir_.Sub("b1"), &response, As("sam", "supervisor", "north")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("b1")));

  grpc::Status empty = Backup("", &response);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(empty), ElementsAre("to"));
  grpc::Status relative = Backup("backups/today", &response);
  EXPECT_EQ(relative.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(relative), ElementsAre("to"));

  ASSERT_TRUE(Backup(dir_.Sub("b2"), &response).ok());
  EXPECT_EQ(Backup(dir_.Sub("b2"), &response).error_code(), grpc::StatusCode::ALREADY_EXISTS)
      << "a backup never overwrites another";
}

TEST(RestoreTest, AFolderWithoutABackupIsRefusedAndNothingIsMoved) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("not-a-backup"));
  std::filesystem::create_directories(dir.Sub("data"));
  std::ofstream(dir.Sub("data") + "/CURRENT") << "kept";
  auto restored =
      eventstore::RocksDbEventStore::Restore(dir.Sub("not-a-backup"), dir.Sub("data"), {});
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kInvalidArgument) << restored.status();
  EXPECT_TRUE(std::filesystem::exists(dir.Sub("data") + "/CURRENT"));
}

}  // namespace
}  // namespace caseledger
