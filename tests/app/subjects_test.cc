// A data subject's erasure runs on a thread of its own: whoever asks for it is not held
// while it flushes and compacts, and it ends with every case erased and the key gone.

#include "app/subjects.h"

#include "absl/synchronization/notification.h"
#include "app/case_commands.h"
#include "eventstore/memory_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/gated_key_store.h"
#include "tests/support/run_command.h"
#include "tests/support/status_matchers.h"

namespace caseledger::app {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;

class SubjectsTest : public ::testing::Test {
 protected:
  SubjectsTest()
      : gated_(store_.storage().keys),
        keys_(*privacy::SubjectKeys::Open(gated_)),
        runner_(store_, *keys_, access_, SystemClock()),
        subjects_(access_, log_, store_, *keys_, runner_) {}

  void Open(const std::string& case_id) {
    v1::OpenCaseRequest open;
    open.mutable_header()->set_command_id("open-" + case_id);
    open.mutable_header()->set_case_id(case_id);
    open.set_kind(v1::ADVICE);
    open.set_category("debt");
    open.set_client_ref("C-" + case_id);
    open.set_complexity(v1::LOW);
    open.set_subject_id("subject-1");
    open.set_summary("Secret-7HG rent arrears");
    ASSERT_THAT(testing::RunAndWait(runner_, ToCommand(open), ana_), IsOk());
  }

  eventstore::MemoryStore store_;
  testing::GatedKeyStore gated_;
  std::unique_ptr<privacy::SubjectKeys> keys_;
  AllowAllAuthorizer allow_all_;
  AccessLog log_{store_};
  AccessControl access_{allow_all_, log_};
  CaseCommandRunner runner_;
  Subjects subjects_;
  const Actor ana_{"ana", kCaseworker, "north", "default"};
};

TEST_F(SubjectsTest, AnErasureHoldsNoCallerWhileItsKeyIsPurged) {
  Open("c1");
  Open("c2");
  absl::Notification erased;
  absl::StatusOr<std::vector<std::string>> cases;
  const Actor admin{"ada", kAdministrator, "", "default"};
  subjects_.Erase(admin, "default", "subject-1", "the subject asked", false,
                  [&](absl::StatusOr<std::vector<std::string>> r) {
                    cases = std::move(r);
                    erased.Notify();
                  });
  // The call has returned; the erasure waits in its purge, on its own thread.
  ASSERT_TRUE(gated_.WaitUntilPurging(absl::Seconds(10)));
  EXPECT_FALSE(erased.HasBeenNotified());
  gated_.Release();
  ASSERT_TRUE(erased.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_THAT(cases, IsOk());
  EXPECT_THAT(*cases, ElementsAre("c1", "c2"));
  EXPECT_THAT(keys_->IsErased(privacy::KeyId("default", "subject-1")), testing::IsOkAndHolds(true));
  auto c1 = runner_.LoadCase("c1");
  ASSERT_THAT(c1, IsOk());
  EXPECT_TRUE((*c1)->state.state.subject_erased());
}

TEST_F(SubjectsTest, ASubjectWithNoCaseIsNotFoundAndABadIdIsNamed) {
  gated_.Release();
  absl::Notification done;
  absl::StatusOr<std::vector<std::string>> cases;
  subjects_.Erase(ana_, "default", "nobody", "asked", false, [&](auto r) {
    cases = std::move(r);
    done.Notify();
  });
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_THAT(cases, StatusIs(absl::StatusCode::kNotFound));
  subjects_.Erase(ana_, "default", "bad id!", "asked", false,
                  [&](auto r) { cases = std::move(r); });
  EXPECT_THAT(cases, StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace caseledger::app
