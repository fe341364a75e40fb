// What the store does when the disk fails under it: a write or sync of the log that fails is
// never acknowledged and stops every later append until the store is opened again, reads go
// on, a failed read fails that read alone, a full disk is a clear error, and after a restart
// the log verifies with every acknowledged append in it.

#include <sys/mount.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "tests/eventstore/store_fixture.h"
#include "tests/support/faulty_file_system.h"

namespace caseledger::eventstore {
namespace {

using ::caseledger::testing::DiskFaults;
using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kRefusedUntilRestart[] = "appends are refused until caseledgerd restarts";

// A store with fsync durability in `folder`, which remembers what it acknowledged.
class AcknowledgedAppends : public ::testing::Test {
 protected:
  struct Acknowledged {
    std::string stream;
    std::string command_id;
    uint64_t revision;
    uint64_t position;
  };

  ~AcknowledgedAppends() override { store_.reset(); }

  void Reopen() {
    store_.reset();
    auto opened = RocksDbEventStore::Open(options_);
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }

  // Appends an event of `payload` to `stream` under `command_id`; remembers it when
  // acknowledged.
  absl::Status Note(const std::string& stream, const std::string& command_id,
                    std::string payload = "{}") {
    AppendRequest request = Request(stream, ExpectedRevision::Any(), 0, command_id);
    request.events.push_back(Event("Noted", std::move(payload)));
    absl::StatusOr<AppendResult> appended = store_->Append(std::move(request));
    if (!appended.ok()) return appended.status();
    acknowledged_.push_back({stream, command_id, appended->last_revision, appended->last_position});
    return absl::OkStatus();
  }

  // The log verifies, and holds every acknowledged append where its answer said.
  void ExpectTheLogVerifiesWithEverythingAcknowledged() {
    absl::StatusOr<VerifyResult> verified = store_->VerifyLog(1, 0);
    ASSERT_THAT(verified, IsOk());
    EXPECT_TRUE(verified->ok) << verified->problem;
    ASSERT_FALSE(acknowledged_.empty());
    EXPECT_GE(verified->to_position, acknowledged_.back().position);
    for (const Acknowledged& append : acknowledged_) {
      auto records = store_->ReadStream(append.stream, append.revision, Direction::kForward, 1);
      ASSERT_THAT(records, IsOk());
      ASSERT_THAT(*records, SizeIs(1)) << append.command_id;
      EXPECT_EQ((*records)[0].position(), append.position) << append.command_id;
      EXPECT_EQ((*records)[0].metadata().command_id(), append.command_id);
      auto outcome = store_->LookupCommand(append.command_id);
      ASSERT_THAT(outcome, IsOk());
      EXPECT_TRUE(outcome->has_value()) << append.command_id;
    }
  }

  testing::TempDir dir_;
  StoreOptions options_;
  std::unique_ptr<RocksDbEventStore> store_;
  std::vector<Acknowledged> acknowledged_;
};

class DiskFaultsTest : public AcknowledgedAppends {
 protected:
  DiskFaultsTest() {
    options_.path = dir_.Sub("data");
    options_.durability = Durability::kFsync;
    options_.wrap_file_system = testing::OnFaultyFileSystem(faults_);
    Reopen();
  }

  std::shared_ptr<DiskFaults> faults_ = std::make_shared<DiskFaults>();
};

TEST_F(DiskFaultsTest, AFailedSyncIsNotAcknowledgedAndLaterAppendsAreRefusedUntilARestart) {
  for (int i = 0; i < 3; ++i) ASSERT_THAT(Note("case-1", absl::StrCat("before-", i)), IsOk());

  faults_->Fail(DiskFaults::Operation::kSync, DiskFaults::Files::kWal);
  EXPECT_THAT(Note("case-1", "during"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("injected sync fault"), HasSubstr(kRefusedUntilRestart))));
  EXPECT_GE(faults_->injected(), 1u);
  // The log is not trusted again until the store is reopened, even once the disk syncs.
  faults_->Heal();
  EXPECT_THAT(Note("case-2", "after"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("injected sync fault"), HasSubstr(kRefusedUntilRestart))));
  EXPECT_THAT(store_->Stats().writer, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(store_->Head().position, 3u) << "the head did not move past what was acknowledged";
  auto read = store_->ReadStream("case-1", 1, Direction::kForward, 10);
  ASSERT_THAT(read, IsOk());
  EXPECT_THAT(*read, SizeIs(3)) << "reads go on";

  Reopen();
  ExpectTheLogVerifiesWithEverythingAcknowledged();
  EXPECT_THAT(store_->Stats().writer, IsOk());
  ASSERT_THAT(Note("case-2", "after-restart"), IsOk());
  ExpectTheLogVerifiesWithEverythingAcknowledged();
}

TEST_F(DiskFaultsTest, AFailedWriteOfTheLogIsNotAcknowledgedAndLaterAppendsAreRefused) {
  for (int i = 0; i < 3; ++i) ASSERT_THAT(Note("case-1", absl::StrCat("before-", i)), IsOk());

  faults_->Fail(DiskFaults::Operation::kWrite, DiskFaults::Files::kWal);
  EXPECT_THAT(Note("case-1", "during"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("injected write fault"), HasSubstr(kRefusedUntilRestart))));
  faults_->Heal();
  EXPECT_THAT(Note("case-3", "after"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("injected write fault")));
  auto read = store_->ReadStream("case-1", 1, Direction::kForward, 10);
  ASSERT_THAT(read, IsOk());
  EXPECT_THAT(*read, SizeIs(3));

  Reopen();
  ExpectTheLogVerifiesWithEverythingAcknowledged();
  EXPECT_EQ(store_->Head().position, 3u) << "nothing of the failed write reached the log";
  ASSERT_THAT(Note("case-3", "after-restart"), IsOk());
}

TEST_F(DiskFaultsTest, AFailedSyncOfTheSubjectKeysRefusesAppendsAsOneOfTheLogWould) {
  ASSERT_THAT(Note("case-1", "before"), IsOk());

  // RocksDB's write-ahead log is the database's: once its sync fails, no write is trusted.
  faults_->Fail(DiskFaults::Operation::kSync, DiskFaults::Files::kWal);
  TableChanges key;
  key.Put("k/default/subject-1", std::string(32, 'k'));
  EXPECT_THAT(store_->storage().keys.Write(key),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("writing the subject keys"),
                             HasSubstr("injected sync fault"), HasSubstr(kRefusedUntilRestart))));
  faults_->Heal();
  EXPECT_THAT(store_->Stats().writer,
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("writing the subject keys")));
  EXPECT_THAT(Note("case-1", "after"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr(kRefusedUntilRestart)));

  Reopen();
  ExpectTheLogVerifiesWithEverythingAcknowledged();
  ASSERT_THAT(Note("case-1", "after-restart"), IsOk());
}

TEST_F(DiskFaultsTest, AFailedReadIsAnErrorToThatReadAlone) {
  // Records of 1 KiB: the log's first blocks are not the last, which opening reads.
  for (int i = 0; i < 20; ++i) {
    ASSERT_THAT(
        Note(absl::StrCat("case-", i % 4), absl::StrCat("note-", i), std::string(1024, 'n')),
        IsOk());
  }
  // Into table files, and out of every cache: reads must go to the disk.
  ASSERT_THAT(store_->FlushAll(), IsOk());
  Reopen();

  faults_->Fail(DiskFaults::Operation::kRead, DiskFaults::Files::kTables);
  EXPECT_THAT(store_->ReadStream("case-1", 1, Direction::kForward, 10),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("injected read fault")));
  EXPECT_THAT(store_->VisitEncoded(1, 100, [](uint64_t, absl::string_view) { return true; }),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("injected read fault")));
  EXPECT_GE(faults_->injected(), 2u);
  EXPECT_THAT(store_->Stats().writer, IsOk()) << "a failed read does not stop the writer";

  faults_->Heal();
  auto read = store_->ReadStream("case-1", 1, Direction::kForward, 10);
  ASSERT_THAT(read, IsOk());
  EXPECT_THAT(*read, SizeIs(5));
  ASSERT_THAT(Note("case-1", "after"), IsOk());
  ExpectTheLogVerifiesWithEverythingAcknowledged();
}

// A store alone on a small tmpfs, to fill.
class DiskFullTest : public AcknowledgedAppends {
 protected:
  void SetUp() override {
    disk_ = dir_.Sub("disk");
    ASSERT_EQ(::mkdir(disk_.c_str(), 0755), 0) << std::strerror(errno);
    if (::mount("tmpfs", disk_.c_str(), "tmpfs", 0, "size=8m") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs to fill (" << std::strerror(errno)
                   << "): needs root, or CAP_SYS_ADMIN";
    }
    mounted_ = true;
    options_.path = disk_ + "/data";
    options_.durability = Durability::kFsync;
    Reopen();
  }

  ~DiskFullTest() override {
    store_.reset();
    if (mounted_) ::umount2(disk_.c_str(), MNT_DETACH);
  }

  // The tmpfs, contents kept, grown to `size` ("64m").
  void Grow(const std::string& size) {
    ASSERT_EQ(::mount("tmpfs", disk_.c_str(), "tmpfs", MS_REMOUNT, ("size=" + size).c_str()), 0)
        << std::strerror(errno);
  }

  std::string disk_;
  bool mounted_ = false;
};

TEST_F(DiskFullTest, AFullDiskRefusesAppendsClearlyAndLosesNothingAcknowledged) {
  const std::string payload(64 << 10, 'x');
  absl::Status full;
  // 8 MiB hold fewer than 128 such events.
  for (int i = 0; i < 1000 && full.ok(); ++i) {
    full = Note(absl::StrCat("case-", i % 10), absl::StrCat("fill-", i), payload);
  }
  EXPECT_THAT(full, StatusIs(absl::StatusCode::kResourceExhausted,
                             AllOf(HasSubstr("disk is full"), HasSubstr("caseledgerd restarts"))));
  ASSERT_GT(acknowledged_.size(), 10u);
  EXPECT_LT(acknowledged_.size(), 128u);
  EXPECT_THAT(Note("case-0", "refused"), StatusIs(absl::StatusCode::kResourceExhausted));
  auto read = store_->ReadStream("case-0", 1, Direction::kForward, 1000);
  ASSERT_THAT(read, IsOk());
  EXPECT_FALSE(read->empty()) << "reads go on";

  store_.reset();
  Grow("64m");
  Reopen();
  ExpectTheLogVerifiesWithEverythingAcknowledged();
  ASSERT_THAT(Note("case-0", "after-restart", payload), IsOk());
}

}  // namespace
}  // namespace caseledger::eventstore
