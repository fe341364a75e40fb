// What the policy asks of supervision: incident response times, acknowledgement, review
// action and obstacle intervals, and the default monitoring level.

#include "domain/supervision_policy.h"
#include "tests/domain/case_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::IsOk;
using ::testing::Optional;
using ::testing::UnorderedElementsAre;

TEST(SupervisionPolicyTest, TheDefaultDecidesASafeguardingConcernWithinOneWorkingDay) {
  const v1::Policy& policy = DefaultPolicy();
  EXPECT_THAT(IncidentResponseDays(policy, v1::SAFEGUARDING_CONCERN), Optional(1u));
  EXPECT_THAT(IncidentResponseDays(policy, v1::COMPLAINT), Optional(10u));
  EXPECT_EQ(IncidentResponseDays(policy, v1::NON_ATTENDANCE), std::nullopt);
  EXPECT_EQ(EscalationAcknowledgementDays(policy), 1u);
  EXPECT_EQ(ReviewActionDays(policy), 10u);
  EXPECT_EQ(ObstacleReviewDays(policy), 10u);
  EXPECT_EQ(FileReviewDays(policy), 2u);
  EXPECT_EQ(DefaultMonitoringLevel(policy).kind(), v1::SAMPLE_FILES_PER_MONTH);
  EXPECT_EQ(DefaultMonitoringLevel(policy).files_per_month(), 2u);
  EXPECT_THAT(ValidatePolicy(policy), IsOk());
}

TEST(SupervisionPolicyTest, APolicyWithoutTheSupervisionFieldsHasTheDefaults) {
  v1::Policy older = DefaultPolicy();
  older.clear_incident_response_times();
  older.clear_escalation_acknowledgement_working_days();
  older.clear_review_action_working_days();
  older.clear_default_monitoring_level();
  EXPECT_THAT(ValidatePolicy(older), IsOk());
  EXPECT_THAT(IncidentResponseDays(older, v1::SAFEGUARDING_CONCERN), Optional(1u));
  EXPECT_EQ(EscalationAcknowledgementDays(older), 1u);
  EXPECT_EQ(ReviewActionDays(older), 10u);
  EXPECT_EQ(DefaultMonitoringLevel(older).kind(), v1::SAMPLE_FILES_PER_MONTH);
}

TEST(SupervisionPolicyTest, AnOrganisationSetsItsOwnResponseTimesAndZeroMeansTheSameDay) {
  v1::Policy policy = DefaultPolicy();
  policy.clear_incident_response_times();
  v1::IncidentResponseTime* r = policy.add_incident_response_times();
  r->set_kind(v1::SAFEGUARDING_CONCERN);
  r->set_decision_working_days(0);
  policy.set_escalation_acknowledgement_working_days(0);
  EXPECT_THAT(ValidatePolicy(policy), IsOk());
  EXPECT_THAT(IncidentResponseDays(policy, v1::SAFEGUARDING_CONCERN), Optional(0u));
  EXPECT_EQ(IncidentResponseDays(policy, v1::COMPLAINT), std::nullopt);
  EXPECT_EQ(EscalationAcknowledgementDays(policy), 0u);
  // Monday 2 March 2026 at 10:00 in London: decided by the end of that Monday.
  const absl::Time monday =
      absl::FromCivil(absl::CivilSecond(2026, 3, 2, 10, 0, 0), absl::UTCTimeZone());
  EXPECT_EQ(WorkingDaysAfter(policy, monday, 0),
            absl::FromCivil(absl::CivilSecond(2026, 3, 3, 0, 0, 0), absl::UTCTimeZone()));
}

TEST(SupervisionPolicyTest, EveryBadSupervisionFieldIsNamed) {
  v1::Policy policy = DefaultPolicy();
  policy.add_incident_response_times()->set_kind(v1::SAFEGUARDING_CONCERN);
  v1::IncidentResponseTime* unspecified = policy.add_incident_response_times();
  unspecified->set_decision_working_days(400);
  policy.set_review_action_working_days(1000);
  policy.mutable_default_monitoring_level()->set_kind(v1::SAMPLE_PERCENT);
  policy.mutable_default_monitoring_level()->set_files_per_month(3);
  EXPECT_THAT(
      ValidatePolicy(policy),
      InvalidFields(UnorderedElementsAre(
          "policy.incident_response_times[7].kind", "policy.incident_response_times[8].kind",
          "policy.incident_response_times[8].decision_working_days",
          "policy.review_action_working_days", "policy.default_monitoring_level.percent",
          "policy.default_monitoring_level.files_per_month")));
}

}  // namespace
}  // namespace caseledger::domain
