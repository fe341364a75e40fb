// The gate every call passes: the role table's decision, and each refusal recorded in the
// access log before the caller hears of it, without the caller's thread waiting.

#include "app/access_control.h"

#include <string>
#include <vector>

#include "app/methods.h"
#include "app/roles.h"
#include "caseledger/v1/access.pb.h"
#include "eventstore/memory_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace caseledger::app {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::HasSubstr;

class AccessControlTest : public ::testing::Test {
 protected:
  // The access records on the access log's stream of `case_id` (empty: of `org_id`).
  std::vector<v1::AccessRecorded> RecordedOn(const std::string& case_id,
                                             const std::string& org_id) {
    std::vector<v1::AccessRecorded> recorded;
    auto records = store_.ReadStream(AccessLog::StreamOf(case_id, org_id), 1,
                                     eventstore::Direction::kForward, 10);
    EXPECT_THAT(records, IsOk());
    if (!records.ok()) return recorded;
    for (const v1::EventRecord& record : *records) {
      EXPECT_TRUE(recorded.emplace_back().ParseFromString(record.payload()));
    }
    return recorded;
  }

  eventstore::MemoryStore store_;
  AccessLog log_{store_};
  RoleAuthorizer roles_;
  AccessControl access_{roles_, log_};
  const Actor ana_{"ana", kCaseworker, "north", "default"};
};

TEST_F(AccessControlTest, AnAllowedCallIsAnsweredAtOnceAndRecordsNothing) {
  Target own;
  own.worker_id = "ana";
  absl::Status answer = absl::UnknownError("not answered");
  access_.Authorize(ana_, methods::kListCaseload, own, [&](absl::Status s) { answer = s; });
  EXPECT_THAT(answer, IsOk());
  EXPECT_EQ(store_.Head().position, 0u);
}

TEST_F(AccessControlTest, ARefusalIsRecordedBeforeItIsAnswered) {
  uint64_t recorded_when_answered = 0;
  absl::Status answer;
  access_.Authorize(ana_, methods::kEraseSubject, Target(), [&](absl::Status s) {
    answer = s;
    recorded_when_answered = store_.Head().position;
  });
  EXPECT_THAT(answer, StatusIs(absl::StatusCode::kPermissionDenied,
                               HasSubstr("the role does not allow it")));
  EXPECT_EQ(recorded_when_answered, 1u);
  const std::vector<v1::AccessRecorded> records = RecordedOn("", "default");
  ASSERT_EQ(records.size(), 1u);
  const v1::AccessRecorded& access = records[0];
  EXPECT_FALSE(access.granted());
  EXPECT_EQ(access.actor(), "ana");
  EXPECT_EQ(access.method(), methods::kEraseSubject);
}

TEST_F(AccessControlTest, ARefusalOnAnotherOrganisationsCaseIsRecordedUnderTheCallers) {
  v1::CaseState south_case;
  south_case.set_case_id("s1");
  south_case.set_org_id("south-org");
  absl::Status answer;
  access_.Authorize(ana_, methods::kGetCase, Target::Case("s1", &south_case),
                    [&](absl::Status s) { answer = s; });
  EXPECT_THAT(answer, StatusIs(absl::StatusCode::kPermissionDenied,
                               HasSubstr("it concerns another organisation")));
  EXPECT_TRUE(RecordedOn("s1", "").empty()) << "south's access log does not show north's callers";
  const std::vector<v1::AccessRecorded> records = RecordedOn("", "default");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].case_id(), "s1") << "the caller's organisation sees what they asked for";
  EXPECT_EQ(records[0].org_id(), "default");
}

TEST_F(AccessControlTest, ARefusalStillReachesTheCallerWhenItCannotBeRecorded) {
  store_.FailAppends(absl::UnavailableError("the disk is full"));
  absl::Status answer;
  access_.Authorize(ana_, methods::kEraseSubject, Target(), [&](absl::Status s) { answer = s; });
  EXPECT_THAT(answer, StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(AccessControlTest, AMistakeOfCaseledgersIsNotRecordedAsTheCallersRefusal) {
  absl::Status answer;
  access_.Authorize(ana_, "Caseload.NoSuchMethod", Target(), [&](absl::Status s) { answer = s; });
  EXPECT_THAT(answer, StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(store_.Head().position, 0u);
}

}  // namespace
}  // namespace caseledger::app
