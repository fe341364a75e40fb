// The retention rule, applied by the server on its own: closed cases are archived and then
// their data subjects erased, as events, once the policy's periods have passed.

#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "tests/integration/command_client.h"

namespace caseledger {
namespace {

class RetentionTest : public testing::ServerFixture {
 protected:
  RetentionTest() : ServerFixture(absl::Milliseconds(20)) {}

  static std::unique_ptr<grpc::ClientContext> Worker() { return As("ana", "caseworker", "north"); }

  void SetRetention(uint32_t archive_days, uint32_t erase_days) {
    v1::PolicyVersion current;
    ASSERT_TRUE(
        policies_->GetPolicy(As("ada", "administrator").get(), v1::GetPolicyRequest(), &current)
            .ok());
    v1::SetPolicyRequest set;
    set.set_command_id("retention-policy");
    *set.mutable_policy() = current.policy();
    set.mutable_policy()->mutable_retention()->set_archive_closed_after_days(archive_days);
    set.mutable_policy()->mutable_retention()->set_erase_archived_after_days(erase_days);
    set.set_rationale("Records schedule agreed with the data protection officer");
    v1::SetPolicyResponse response;
    grpc::Status status = policies_->SetPolicy(As("ada", "administrator").get(), set, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void Open(const std::string& id, const std::string& subject) {
    v1::OpenCaseRequest open;
    *open.mutable_header() = Header(absl::StrCat("open-", id), id);
    open.set_kind(v1::ADVICE);
    open.set_category("debt");
    open.set_client_ref(absl::StrCat("CREF", id));
    open.set_subject_id(subject);
    open.set_summary(absl::StrCat("Summary of ", id));
    open.set_complexity(v1::LOW);
    open.set_team_id("north");
    v1::CommandResult result;
    grpc::Status status = cases_->OpenCase(Worker().get(), open, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void Close(const std::string& id) {
    v1::ChangeStatusRequest close;
    *close.mutable_header() = Header(absl::StrCat("close-", id), id);
    close.set_to(v1::CLOSED);
    close.set_outcome("Debt relief order granted");
    v1::CommandResult result;
    grpc::Status status = cases_->ChangeStatus(Worker().get(), close, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  v1::CaseState Case(const std::string& id) {
    v1::GetCaseRequest get;
    get.set_case_id(id);
    v1::CaseView view;
    EXPECT_TRUE(caseload_->GetCase(As("cora", "compliance_officer").get(), get, &view).ok());
    return view.state();
  }

  // Waits (a few seconds at most) for the server's rule to bring case `id` to `want`.
  bool Becomes(const std::string& id, const std::function<bool(const v1::CaseState&)>& want) {
    for (int i = 0; i < 250; ++i) {
      if (want(Case(id))) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  static bool Archived(const v1::CaseState& s) { return s.status() == v1::ARCHIVED; }
  static bool Erased(const v1::CaseState& s) { return s.subject_erased(); }
};

TEST_F(RetentionTest, ClosedCasesAreArchivedAndThenTheirSubjectsErasedAsEvents) {
  SetRetention(/*archive_days=*/30, /*erase_days=*/365);
  Open("r1", "s1");
  Open("r2", "s1");  // the same person, still being helped
  Open("r3", "s3");
  Close("r1");
  Close("r3");

  clock_.Advance(absl::Hours(24) * 29);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(Case("r1").status(), v1::CLOSED) << "not yet due";

  clock_.Advance(absl::Hours(24) * 2);  // day 31
  ASSERT_TRUE(Becomes("r1", Archived));
  ASSERT_TRUE(Becomes("r3", Archived));
  EXPECT_EQ(Case("r2").status(), v1::LIVE);
  v1::GetCaseHistoryRequest history;
  history.set_case_id("r1");
  v1::GetCaseHistoryResponse page;
  ASSERT_TRUE(audit_->GetCaseHistory(As("cora", "compliance_officer").get(), history, &page).ok());
  const v1::HistoryEntry& archived = page.entries(page.entries_size() - 1);
  EXPECT_EQ(archived.record().metadata().actor(), "retention");
  EXPECT_EQ(archived.event().status_changed().to(), v1::ARCHIVED);
  EXPECT_THAT(archived.event().status_changed().reason(),
              ::testing::HasSubstr("closed more than 30 days"));

  Close("r2");                           // day 31
  clock_.Advance(absl::Hours(24) * 31);  // day 62
  ASSERT_TRUE(Becomes("r2", Archived));

  clock_.Advance(absl::Hours(24) * 335);  // day 397: r3 and r1 archived 366 days, r2 335
  ASSERT_TRUE(Becomes("r3", Erased));
  EXPECT_EQ(Case("r3").summary(), "[erased]");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(Case("r1").subject_erased()) << "s1 has a case not yet due";
  EXPECT_EQ(Case("r1").summary(), "Summary of r1");

  clock_.Advance(absl::Hours(24) * 31);  // day 428: r2 archived 366 days
  ASSERT_TRUE(Becomes("r1", Erased));
  ASSERT_TRUE(Becomes("r2", Erased));
  EXPECT_EQ(Case("r2").summary(), "[erased]");
  history.set_case_id("r2");
  ASSERT_TRUE(audit_->GetCaseHistory(As("cora", "compliance_officer").get(), history, &page).ok());
  const v1::HistoryEntry& erased = page.entries(page.entries_size() - 1);
  EXPECT_EQ(erased.record().type(), "SubjectErased");
  EXPECT_EQ(erased.record().metadata().actor(), "retention");
  EXPECT_THAT(erased.event().subject_erased().reason(),
              ::testing::HasSubstr("archived more than 365 days"));

  v1::VerifyLogResponse verified;
  ASSERT_TRUE(
      audit_->VerifyLog(As("cora", "compliance_officer").get(), v1::VerifyLogRequest(), &verified)
          .ok());
  EXPECT_TRUE(verified.ok());
}

TEST_F(RetentionTest, ARetentionPeriodBeyondACenturyIsABadField) {
  v1::PolicyVersion current;
  ASSERT_TRUE(
      policies_->GetPolicy(As("ada", "administrator").get(), v1::GetPolicyRequest(), &current)
          .ok());
  v1::SetPolicyRequest set;
  set.set_command_id("too-long");
  *set.mutable_policy() = current.policy();
  set.mutable_policy()->mutable_retention()->set_erase_archived_after_days(40000);
  set.set_rationale("A typo");
  v1::SetPolicyResponse response;
  grpc::Status status = policies_->SetPolicy(As("ada", "administrator").get(), set, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              ::testing::ElementsAre("policy.retention.erase_archived_after_days"));
}

}  // namespace
}  // namespace caseledger
