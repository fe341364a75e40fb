// The organisation's policy: the built-in default, validation, priority scoring, and
// versioned SetPolicy decisions folded with EvolvePolicy.

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "tests/domain/case_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

using Scores = google::protobuf::RepeatedPtrField<v1::CriterionScore>;

// Scores for the default policy's criteria in its order: risk_of_harm (weight 3),
// deadline_urgency (2), vulnerability (2), impact (1), each out of 5.
Scores DefaultScores(uint32_t risk, uint32_t deadline, uint32_t vulnerability, uint32_t impact) {
  Scores scores;
  auto add = [&](const char* criterion, uint32_t score) {
    v1::CriterionScore* s = scores.Add();
    s->set_criterion(criterion);
    s->set_score(score);
  };
  add("risk_of_harm", risk);
  add("deadline_urgency", deadline);
  add("vulnerability", vulnerability);
  add("impact", impact);
  return scores;
}

absl::Status Validate(const v1::Policy& policy) { return ValidatePolicy(policy); }

v1::SetPolicyRequest SetPolicy(v1::Policy policy, std::string rationale = "agreed at board") {
  v1::SetPolicyRequest request;
  request.set_command_id("cmd-policy-1");
  request.set_org_id("org-1");
  *request.mutable_policy() = std::move(policy);
  request.set_rationale(std::move(rationale));
  return request;
}

absl::Time SetAt() {
  return absl::FromCivil(absl::CivilSecond(2024, 5, 1, 9, 30, 0), absl::UTCTimeZone());
}

// ---------------------------------------------------------------------------------------
// The default policy

TEST(DefaultPolicyTest, IsValid) { EXPECT_THAT(ValidatePolicy(DefaultPolicy()), IsOk()); }

TEST(DefaultPolicyTest, HasTheDocumentedCriteriaThresholdsAndCalendar) {
  const v1::Policy& policy = DefaultPolicy();
  ASSERT_THAT(policy.criteria(), SizeIs(4));
  for (const auto& criterion : policy.criteria()) EXPECT_EQ(criterion.scale_max(), 5u);
  EXPECT_THAT(policy.thresholds().amber_from(), DoubleEq(40));
  EXPECT_THAT(policy.thresholds().red_from(), DoubleEq(70));
  EXPECT_EQ(ResponseTimeFor(policy, v1::RED).first_contact_working_days(), 1u);
  EXPECT_THAT(policy.safe_caseload_points(), DoubleEq(40));
  EXPECT_EQ(policy.calendar().time_zone(), "Europe/London");
  EXPECT_THAT(policy.calendar().non_working_weekdays(), UnorderedElementsAre(6u, 7u));
  EXPECT_EQ(policy.dormant_review_days(), 28u);
}

TEST(DefaultPolicyTest, DefaultVersionIsVersionZeroOfTheOrganisation) {
  const v1::PolicyVersion version = DefaultPolicyVersion("org-7");
  EXPECT_EQ(version.org_id(), "org-7");
  EXPECT_EQ(version.version(), 0u);
  EXPECT_THAT(version.policy(), EqualsProto(DefaultPolicy()));
  EXPECT_FALSE(version.rationale().empty());
}

TEST(PolicyStreamIdTest, PrefixesTheOrganisation) {
  EXPECT_EQ(PolicyStreamId("org-7"), "policy-org-7");
}

// ---------------------------------------------------------------------------------------
// ValidatePolicy

TEST(ValidatePolicyTest, EmptyPolicyNamesEveryMissingPart) {
  EXPECT_THAT(Validate(v1::Policy()),
              InvalidFields(UnorderedElementsAre(
                  "policy.criteria", "policy.thresholds", "policy.response_times",
                  "policy.case_weights", "policy.safe_caseload_points",
                  "policy.dormant_review_days", "policy.calendar.time_zone")));
}

TEST(ValidatePolicyTest, BadCriteriaAreNamedByIndex) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_criteria(0)->set_name("risk of harm");
  policy.mutable_criteria(1)->set_name("vulnerability");  // repeats criteria[2]'s name
  policy.mutable_criteria(1)->set_weight(0);
  policy.mutable_criteria(3)->set_scale_max(0);
  EXPECT_THAT(Validate(policy), InvalidFields(UnorderedElementsAre(
                                    "policy.criteria[0].name", "policy.criteria[1].weight",
                                    "policy.criteria[2].name", "policy.criteria[3].scale_max")));
}

TEST(ValidatePolicyTest, CriterionNeedsAName) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_criteria(2)->clear_name();
  EXPECT_THAT(Validate(policy), InvalidFields(ElementsAre("policy.criteria[2].name")));
}

TEST(ValidatePolicyTest, WeightMustBeAFinitePositiveNumber) {
  for (double weight : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    SCOPED_TRACE(weight);
    v1::Policy policy = DefaultPolicy();
    policy.mutable_criteria(1)->set_weight(weight);
    EXPECT_THAT(Validate(policy), InvalidFields(ElementsAre("policy.criteria[1].weight")));
  }
}

TEST(ValidatePolicyTest, ScaleMustBeFromOneToOneHundred) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_criteria(0)->set_scale_max(101);
  EXPECT_THAT(Validate(policy), InvalidFields(ElementsAre("policy.criteria[0].scale_max")));
  policy.mutable_criteria(0)->set_scale_max(100);
  policy.mutable_criteria(1)->set_scale_max(1);
  EXPECT_THAT(Validate(policy), IsOk());
}

TEST(ValidatePolicyTest, ThresholdsMustRiseWithinZeroToOneHundred) {
  const std::pair<double, double> bad[] = {{0, 70}, {70, 70}, {80, 70}, {40, 101}, {-5, 50}};
  for (const auto& [amber, red] : bad) {
    SCOPED_TRACE(absl::StrCat(amber, " / ", red));
    v1::Policy policy = DefaultPolicy();
    policy.mutable_thresholds()->set_amber_from(amber);
    policy.mutable_thresholds()->set_red_from(red);
    EXPECT_THAT(Validate(policy), InvalidFields(ElementsAre("policy.thresholds")));
  }
  v1::Policy policy = DefaultPolicy();
  policy.mutable_thresholds()->set_amber_from(0.5);
  policy.mutable_thresholds()->set_red_from(100);
  EXPECT_THAT(Validate(policy), IsOk());
}

TEST(ValidatePolicyTest, ResponseTimesNeedOneEntryForEachRag) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_response_times(0)->set_rag(v1::RAG_UNSPECIFIED);
  EXPECT_THAT(Validate(policy), InvalidFields(UnorderedElementsAre("policy.response_times[0].rag",
                                                                   "policy.response_times")));
  policy = DefaultPolicy();
  policy.mutable_response_times(2)->set_rag(v1::AMBER);
  EXPECT_THAT(Validate(policy), InvalidFields(UnorderedElementsAre("policy.response_times[2].rag",
                                                                   "policy.response_times")));
  policy = DefaultPolicy();
  policy.mutable_response_times()->RemoveLast();
  EXPECT_THAT(Validate(policy), InvalidFields(ElementsAre("policy.response_times")));
}

TEST(ValidatePolicyTest, ContactIntervalMustBeAtLeastOneWorkingDay) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_response_times(1)->set_contact_interval_working_days(0);
  EXPECT_THAT(Validate(policy),
              InvalidFields(ElementsAre("policy.response_times[1].contact_interval_working_days")));
}

TEST(ValidatePolicyTest, CaseWeightsNeedEachKindAndComplexity) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_case_weights()->RemoveLast();
  EXPECT_THAT(Validate(policy), InvalidFields(ElementsAre("policy.case_weights")));
  policy = DefaultPolicy();
  policy.mutable_case_weights(0)->set_kind(v1::CASE_KIND_UNSPECIFIED);
  policy.mutable_case_weights(1)->set_complexity(v1::COMPLEXITY_UNSPECIFIED);
  EXPECT_THAT(Validate(policy),
              InvalidFields(AllOf(Contains("policy.case_weights[0].kind"),
                                  Contains("policy.case_weights[1].complexity"))));
}

TEST(ValidatePolicyTest, RepeatedCaseWeightIsRefused) {
  v1::Policy policy = DefaultPolicy();
  v1::CaseWeight* repeated = policy.add_case_weights();
  repeated->set_kind(v1::ADVICE);
  repeated->set_complexity(v1::LOW);
  repeated->set_points(9);
  EXPECT_THAT(Validate(policy), InvalidFields(Contains(StartsWith("policy.case_weights"))));
}

TEST(ValidatePolicyTest, CaseWeightPointsMustBeAFinitePositiveNumber) {
  for (double points : {0.0, -2.0, std::nan("")}) {
    SCOPED_TRACE(points);
    v1::Policy policy = DefaultPolicy();
    policy.mutable_case_weights(4)->set_points(points);
    EXPECT_THAT(Validate(policy), InvalidFields(ElementsAre("policy.case_weights[4].points")));
  }
}

TEST(ValidatePolicyTest, SafeCaseloadAndDormantReviewMustBePositive) {
  v1::Policy policy = DefaultPolicy();
  policy.set_safe_caseload_points(-1);
  policy.set_dormant_review_days(0);
  EXPECT_THAT(Validate(policy), InvalidFields(UnorderedElementsAre("policy.safe_caseload_points",
                                                                   "policy.dormant_review_days")));
}

TEST(ValidatePolicyTest, ADormantReviewPeriodBeyondACenturyIsABadField) {
  v1::Policy policy = DefaultPolicy();
  policy.set_dormant_review_days(36525);
  EXPECT_THAT(Validate(policy), IsOk());
  policy.set_dormant_review_days(4000000000u);  // a review date past the year 9999
  EXPECT_THAT(Validate(policy), InvalidFields(ElementsAre("policy.dormant_review_days")));
}

TEST(ValidatePolicyTest, TimeZoneMustBeAnIanaZone) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_calendar()->set_time_zone("Mars/Olympus_Mons");
  EXPECT_THAT(Validate(policy), InvalidFields(ElementsAre("policy.calendar.time_zone")));
  policy.mutable_calendar()->set_time_zone("America/New_York");
  EXPECT_THAT(Validate(policy), IsOk());
}

TEST(ValidatePolicyTest, NonWorkingWeekdaysMustBeDistinctDaysOneToSeven) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_calendar()->clear_non_working_weekdays();
  policy.mutable_calendar()->add_non_working_weekdays(0);
  policy.mutable_calendar()->add_non_working_weekdays(6);
  policy.mutable_calendar()->add_non_working_weekdays(8);
  policy.mutable_calendar()->add_non_working_weekdays(6);
  EXPECT_THAT(Validate(policy),
              InvalidFields(UnorderedElementsAre("policy.calendar.non_working_weekdays[0]",
                                                 "policy.calendar.non_working_weekdays[2]",
                                                 "policy.calendar.non_working_weekdays[3]")));
}

TEST(ValidatePolicyTest, CalendarMustLeaveAWorkingDay) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_calendar()->clear_non_working_weekdays();
  for (uint32_t day = 1; day <= 7; ++day) policy.mutable_calendar()->add_non_working_weekdays(day);
  EXPECT_THAT(Validate(policy), InvalidFields(ElementsAre("policy.calendar.non_working_weekdays")));
}

TEST(ValidatePolicyTest, HolidaysMustBeDates) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_calendar()->add_holidays("2024-12-25");
  policy.mutable_calendar()->add_holidays("25/12/2024");
  policy.mutable_calendar()->add_holidays("2024-13-01");
  policy.mutable_calendar()->add_holidays("2024-02-30");
  policy.mutable_calendar()->add_holidays("");
  EXPECT_THAT(Validate(policy), InvalidFields(UnorderedElementsAre(
                                    "policy.calendar.holidays[1]", "policy.calendar.holidays[2]",
                                    "policy.calendar.holidays[3]", "policy.calendar.holidays[4]")));
}

// ---------------------------------------------------------------------------------------
// ScorePriority

TEST(ScorePriorityTest, TopScoresAreOneHundredAndRed) {
  absl::StatusOr<PriorityScore> scored = ScorePriority(DefaultPolicy(), DefaultScores(5, 5, 5, 5));
  ASSERT_THAT(scored, IsOk());
  EXPECT_THAT(scored->score, DoubleEq(100));
  EXPECT_EQ(scored->rag, v1::RED);
}

TEST(ScorePriorityTest, ZeroScoresAreZeroAndGreen) {
  absl::StatusOr<PriorityScore> scored = ScorePriority(DefaultPolicy(), DefaultScores(0, 0, 0, 0));
  ASSERT_THAT(scored, IsOk());
  EXPECT_THAT(scored->score, DoubleEq(0));
  EXPECT_EQ(scored->rag, v1::GREEN);
}

TEST(ScorePriorityTest, ScoreIsTheWeightedMeanOfEachScoreOverItsScale) {
  struct Case {
    uint32_t risk, deadline, vulnerability, impact;
    double score;
  };
  // 100 * sum(weight * score / 5) / 8 with weights 3, 2, 2, 1.
  const Case cases[] = {
      {5, 0, 0, 0, 37.5}, {0, 5, 5, 0, 50},   {0, 0, 0, 5, 12.5},
      {1, 1, 1, 1, 20},   {2, 3, 4, 5, 62.5},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.risk, " ", c.deadline, " ", c.vulnerability, " ", c.impact));
    absl::StatusOr<PriorityScore> scored = ScorePriority(
        DefaultPolicy(), DefaultScores(c.risk, c.deadline, c.vulnerability, c.impact));
    ASSERT_THAT(scored, IsOk());
    EXPECT_THAT(scored->score, DoubleEq(c.score));
  }
}

TEST(ScorePriorityTest, RagChangesExactlyAtTheThresholds) {
  struct Case {
    uint32_t risk, deadline, vulnerability, impact;
    v1::Rag rag;
  };
  const Case cases[] = {
      {5, 0, 0, 0, v1::GREEN},  // 37.5
      {4, 2, 0, 0, v1::AMBER},  // 40: amber_from
      {4, 4, 3, 1, v1::AMBER},  // 67.5
      {5, 5, 0, 3, v1::RED},    // 70: red_from
      {4, 4, 4, 0, v1::RED},    // 70 another way
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.risk, " ", c.deadline, " ", c.vulnerability, " ", c.impact));
    absl::StatusOr<PriorityScore> scored = ScorePriority(
        DefaultPolicy(), DefaultScores(c.risk, c.deadline, c.vulnerability, c.impact));
    ASSERT_THAT(scored, IsOk());
    EXPECT_EQ(scored->rag, c.rag) << scored->score;
  }
}

TEST(ScorePriorityTest, FollowsThePolicysOwnScalesAndThresholds) {
  v1::Policy policy = DefaultPolicy();
  policy.clear_criteria();
  auto add = [&](const char* name, double weight, uint32_t scale_max) {
    v1::PriorityCriterion* c = policy.add_criteria();
    c->set_name(name);
    c->set_weight(weight);
    c->set_scale_max(scale_max);
  };
  add("harm", 1, 10);
  add("urgency", 3, 4);
  policy.mutable_thresholds()->set_amber_from(20);
  policy.mutable_thresholds()->set_red_from(30);
  Scores scores;
  v1::CriterionScore* urgency = scores.Add();  // order does not matter
  urgency->set_criterion("urgency");
  urgency->set_score(1);
  v1::CriterionScore* harm = scores.Add();
  harm->set_criterion("harm");
  harm->set_score(2);
  // (1 * 2/10 + 3 * 1/4) / 4 * 100 = 23.75
  absl::StatusOr<PriorityScore> scored = ScorePriority(policy, scores);
  ASSERT_THAT(scored, IsOk());
  EXPECT_THAT(scored->score, DoubleEq(23.75));
  EXPECT_EQ(scored->rag, v1::AMBER);
}

TEST(ScorePriorityTest, ScoreAboveTheScaleIsNamedByIndex) {
  EXPECT_THAT(ScorePriority(DefaultPolicy(), DefaultScores(5, 6, 5, 5)),
              InvalidFields(ElementsAre("scores[1].score")));
}

TEST(ScorePriorityTest, UnknownAndRepeatedCriteriaAreNamedByIndex) {
  Scores scores = DefaultScores(1, 1, 1, 1);
  scores.Mutable(2)->set_criterion("wealth");
  v1::CriterionScore* repeated = scores.Add();
  repeated->set_criterion("impact");
  repeated->set_score(3);
  // vulnerability is now unscored.
  EXPECT_THAT(
      ScorePriority(DefaultPolicy(), scores),
      InvalidFields(UnorderedElementsAre("scores[2].criterion", "scores[4].criterion", "scores")));
}

TEST(ScorePriorityTest, EachCriterionLeftUnscoredIsReported) {
  absl::Status status = ScorePriority(DefaultPolicy(), Scores()).status();
  EXPECT_THAT(status, InvalidFields(ElementsAre("scores", "scores", "scores", "scores")));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr("risk_of_harm"), HasSubstr("impact"))));
}

// ---------------------------------------------------------------------------------------
// ResponseTimeFor and CaseWeightFor

TEST(ResponseTimeForTest, ReturnsThePolicysEntryOrTheDefaultsWhenMissing) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_response_times(0)->set_first_contact_working_days(2);  // RED
  policy.mutable_response_times()->RemoveLast();                        // GREEN
  EXPECT_EQ(ResponseTimeFor(policy, v1::RED).first_contact_working_days(), 2u);
  EXPECT_EQ(ResponseTimeFor(policy, v1::AMBER).first_contact_working_days(), 3u);
  EXPECT_EQ(ResponseTimeFor(policy, v1::GREEN).first_contact_working_days(), 10u);
  EXPECT_EQ(ResponseTimeFor(policy, v1::GREEN).contact_interval_working_days(), 20u);
}

TEST(CaseWeightForTest, ReturnsThePolicysPointsOrOne) {
  EXPECT_THAT(CaseWeightFor(DefaultPolicy(), v1::INSPECTION, v1::HIGH), DoubleEq(5));
  EXPECT_THAT(CaseWeightFor(DefaultPolicy(), v1::ADVICE, v1::MEDIUM), DoubleEq(2));
  EXPECT_THAT(CaseWeightFor(v1::Policy(), v1::ADVICE, v1::MEDIUM), DoubleEq(1));
}

// ---------------------------------------------------------------------------------------
// DecideSetPolicy and EvolvePolicy

TEST(DecideSetPolicyTest, FirstPolicyOfAnOrganisationIsVersionOne) {
  v1::Policy policy = DefaultPolicy();
  policy.set_dormant_review_days(14);
  absl::StatusOr<v1::PolicyEvent> event = DecideSetPolicy(
      DefaultPolicyVersion("org-1"), SetPolicy(policy), SetAt(), "manager:kim", "manager");
  ASSERT_THAT(event, IsOk());
  EXPECT_THAT(event->occurred_at(), IsTime(SetAt()));
  EXPECT_EQ(event->actor(), "manager:kim");
  EXPECT_EQ(event->actor_role(), "manager");
  ASSERT_TRUE(event->has_policy_set());
  EXPECT_EQ(event->policy_set().version(), 1u);
  EXPECT_THAT(event->policy_set().policy(), EqualsProto(policy));
  EXPECT_EQ(event->policy_set().rationale(), "agreed at board");
}

TEST(DecideSetPolicyTest, EachNewPolicyIsTheNextVersion) {
  v1::PolicyVersion current = DefaultPolicyVersion("org-1");
  current.set_version(4);
  absl::StatusOr<v1::PolicyEvent> event =
      DecideSetPolicy(current, SetPolicy(DefaultPolicy()), SetAt(), "manager:kim", "manager");
  ASSERT_THAT(event, IsOk());
  EXPECT_EQ(event->policy_set().version(), 5u);
}

TEST(DecideSetPolicyTest, ExpectedVersionOtherThanTheOneInForceIsAborted) {
  v1::SetPolicyRequest request = SetPolicy(DefaultPolicy());
  request.set_expected_version(2);
  EXPECT_THAT(DecideSetPolicy(DefaultPolicyVersion("org-1"), request, SetAt(), "m", "manager"),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("version 0, not 2")));
}

TEST(DecideSetPolicyTest, ExpectedVersionZeroMatchesTheBuiltInDefault) {
  v1::SetPolicyRequest request = SetPolicy(DefaultPolicy());
  request.set_expected_version(0);
  absl::StatusOr<v1::PolicyEvent> event =
      DecideSetPolicy(DefaultPolicyVersion("org-1"), request, SetAt(), "m", "manager");
  ASSERT_THAT(event, IsOk());
  EXPECT_EQ(event->policy_set().version(), 1u);
}

TEST(DecideSetPolicyTest, MissingRequestFieldsAreNamedTogether) {
  v1::SetPolicyRequest request;
  request.set_org_id("org 1");
  request.set_rationale(" ");
  EXPECT_THAT(DecideSetPolicy(DefaultPolicyVersion("org-1"), request, SetAt(), "m", "manager"),
              InvalidFields(UnorderedElementsAre("command_id", "org_id", "rationale", "policy")));
}

TEST(DecideSetPolicyTest, BadPolicyFieldsAreNamedUnderPolicy) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_criteria(0)->set_weight(0);
  policy.mutable_calendar()->set_time_zone("Nowhere");
  v1::SetPolicyRequest request = SetPolicy(policy);
  request.set_expected_version(7);  // a bad request is refused before its version is checked
  EXPECT_THAT(DecideSetPolicy(DefaultPolicyVersion("org-1"), request, SetAt(), "m", "manager"),
              InvalidFields(
                  UnorderedElementsAre("policy.criteria[0].weight", "policy.calendar.time_zone")));
}

TEST(DecideSetPolicyTest, BadPolicyAndMissingRationaleAreReportedTogether) {
  v1::Policy policy = DefaultPolicy();
  policy.set_dormant_review_days(0);
  EXPECT_THAT(DecideSetPolicy(DefaultPolicyVersion("org-1"), SetPolicy(policy, ""), SetAt(), "m",
                              "manager"),
              InvalidFields(UnorderedElementsAre("rationale", "policy.dormant_review_days")));
}

TEST(EvolvePolicyTest, PolicySetBecomesTheVersionInForce) {
  v1::Policy policy = DefaultPolicy();
  policy.mutable_thresholds()->set_red_from(60);
  v1::PolicyVersion version = DefaultPolicyVersion("org-1");
  absl::StatusOr<v1::PolicyEvent> event =
      DecideSetPolicy(version, SetPolicy(policy, "red sooner"), SetAt(), "manager:kim", "manager");
  ASSERT_THAT(event, IsOk());
  EvolvePolicy(version, *event);
  EXPECT_EQ(version.org_id(), "org-1");
  EXPECT_EQ(version.version(), 1u);
  EXPECT_THAT(version.policy(), EqualsProto(policy));
  EXPECT_EQ(version.rationale(), "red sooner");
  EXPECT_EQ(version.set().actor(), "manager:kim");
  EXPECT_THAT(version.set().at(), IsTime(SetAt()));

  v1::SetPolicyRequest next = SetPolicy(DefaultPolicy(), "back to default");
  next.set_expected_version(1);
  event = DecideSetPolicy(version, next, SetAt() + absl::Hours(1), "manager:kim", "manager");
  ASSERT_THAT(event, IsOk());
  EvolvePolicy(version, *event);
  EXPECT_EQ(version.version(), 2u);
  EXPECT_THAT(version.policy(), EqualsProto(DefaultPolicy()));
}

TEST(EvolvePolicyTest, EventWithoutAPolicySetChangesNothing) {
  v1::PolicyVersion version = DefaultPolicyVersion("org-1");
  const v1::PolicyVersion before = version;
  v1::PolicyEvent event;
  event.set_actor("someone");
  EvolvePolicy(version, event);
  EXPECT_THAT(version, EqualsProto(before));
}

// A case is scored under whichever version is in force when the command is decided.
using PolicyInForceTest = CaseTest;

TEST_F(PolicyInForceTest, CaseIsScoredUnderANewlySetPolicy) {
  OpenCase();
  Apply(Assessment({2, 3, 4, 5}, "under the default"));  // 62.5
  EXPECT_EQ(state_.priority().rag(), v1::AMBER);
  v1::Policy stricter = DefaultPolicy();
  stricter.mutable_thresholds()->set_red_from(60);
  absl::StatusOr<v1::PolicyEvent> event =
      DecideSetPolicy(policy_, SetPolicy(stricter), SetAt(), "manager:kim", "manager");
  ASSERT_THAT(event, IsOk());
  EvolvePolicy(policy_, *event);
  const v1::CaseEvent assessed = Apply(Assessment({2, 3, 4, 5}, "under version 1"));
  EXPECT_EQ(assessed.priority_assessed().policy_version(), 1u);
  EXPECT_EQ(assessed.priority_assessed().previous_rag(), v1::AMBER);
  EXPECT_EQ(state_.priority().rag(), v1::RED);
  EXPECT_EQ(state_.priority_history(0).policy_version(), 0u);
  EXPECT_EQ(state_.priority_history(1).policy_version(), 1u);
}

TEST_F(PolicyInForceTest, DormantReviewFollowsANewlySetPolicy) {
  v1::Policy policy = DefaultPolicy();
  policy.set_dormant_review_days(10);
  absl::StatusOr<v1::PolicyEvent> event =
      DecideSetPolicy(policy_, SetPolicy(policy), SetAt(), "manager:kim", "manager");
  ASSERT_THAT(event, IsOk());
  EvolvePolicy(policy_, *event);
  OpenCase();
  Apply(StatusChange(v1::DORMANT));
  EXPECT_THAT(state_.review_by(), IsTime(Now() + absl::Hours(24 * 10)));
}

// A criterion a client made up is shown quoted, escaped and cut short, so the refusal's
// BadRequest is UTF-8 and reads back on the client's side.
TEST(ScorePriorityTest, AnUnknownCriterionIsShownEscapedAndTheRefusalReadsBack) {
  google::protobuf::RepeatedPtrField<v1::CriterionScore> scores;
  v1::CriterionScore* made_up = scores.Add();
  made_up->set_criterion("risk\xff\xfe" + std::string(200, 'x'));
  made_up->set_score(1);
  absl::StatusOr<PriorityScore> scored = ScorePriority(DefaultPolicy(), scores);
  ASSERT_EQ(scored.status().code(), absl::StatusCode::kInvalidArgument);
  std::optional<google::rpc::BadRequest> bad_request = BadRequestOf(scored.status());
  ASSERT_TRUE(bad_request.has_value());
  google::rpc::BadRequest read_back;
  ASSERT_TRUE(read_back.ParseFromString(bad_request->SerializeAsString()));
  ASSERT_GE(read_back.field_violations_size(), 1);
  EXPECT_EQ(read_back.field_violations(0).field(), "scores[0].criterion");
  EXPECT_THAT(read_back.field_violations(0).description(), HasSubstr("'risk\\xff\\xfexxx"));
  EXPECT_THAT(read_back.field_violations(0).description(),
              HasSubstr("'... is not a criterion of the policy in force"));
}

}  // namespace
}  // namespace caseledger::domain
