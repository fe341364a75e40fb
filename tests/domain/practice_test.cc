// RecordReferral, RecordObstacle, ResolveObstacle, SetOutcome, RecordOutcomeProgress,
// RecordFileReview and AddKeyPerson.

#include <string>

#include "tests/domain/case_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

class PracticeTest : public CaseTest {
 protected:
  v1::RecordReferralRequest Referral(std::string referral_id) {
    v1::RecordReferralRequest request;
    *request.mutable_header() = Header();
    request.set_referral_id(std::move(referral_id));
    v1::ReferralDetails* referral = request.mutable_referral();
    referral->set_direction(v1::EXTERNAL);
    referral->set_referred_to("debt advice service");
    referral->set_reason("priority debts");
    referral->set_consent(v1::GIVEN);
    referral->set_information_shared("income and expenditure");
    return request;
  }

  v1::RecordObstacleRequest Obstacle(std::string obstacle_id, std::string outcome_id = "") {
    v1::RecordObstacleRequest request;
    *request.mutable_header() = Header();
    request.set_obstacle_id(std::move(obstacle_id));
    request.mutable_obstacle()->set_kind(v1::CLIENT_ENGAGEMENT);
    request.mutable_obstacle()->set_description("client missed two appointments");
    request.mutable_obstacle()->set_outcome_id(std::move(outcome_id));
    return request;
  }

  v1::ResolveObstacleRequest ObstacleResolution(std::string obstacle_id,
                                                std::string resolution = "moved to phone calls") {
    v1::ResolveObstacleRequest request;
    *request.mutable_header() = Header();
    request.set_obstacle_id(std::move(obstacle_id));
    request.set_resolution(std::move(resolution));
    return request;
  }

  v1::SetOutcomeRequest Outcome(std::string outcome_id) {
    v1::SetOutcomeRequest request;
    *request.mutable_header() = Header();
    request.set_outcome_id(std::move(outcome_id));
    v1::OutcomeDetails* outcome = request.mutable_outcome();
    outcome->set_description("client keeps the tenancy");
    outcome->set_measure("possession claim dismissed or withdrawn");
    *outcome->mutable_target_date() = ToProto(Now() + absl::Hours(24 * 60));
    outcome->set_agreed_with("client");
    return request;
  }

  v1::RecordOutcomeProgressRequest Progress(std::string outcome_id, v1::OutcomeStatus status,
                                            uint32_t percent) {
    v1::RecordOutcomeProgressRequest request;
    *request.mutable_header() = Header();
    request.set_outcome_id(std::move(outcome_id));
    request.set_status(status);
    request.set_percent_complete(percent);
    request.set_note("payment plan accepted");
    return request;
  }

  v1::RecordFileReviewRequest Review(std::string review_id, uint64_t revision_reviewed) {
    v1::RecordFileReviewRequest request;
    *request.mutable_header() = Header();
    request.set_review_id(std::move(review_id));
    v1::FileReviewDetails* review = request.mutable_review();
    review->set_revision_reviewed(revision_reviewed);
    review->set_findings("notes clear; deadline tracked");
    review->add_mistakes_found("priority not reassessed after visit");
    review->add_actions_required("reassess priority");
    review->set_feedback_given("discussed in supervision");
    return request;
  }

  v1::AddKeyPersonRequest KeyPerson(std::string person_id) {
    v1::AddKeyPersonRequest request;
    *request.mutable_header() = Header();
    request.set_person_id(std::move(person_id));
    v1::KeyPersonDetails* person = request.mutable_person();
    person->set_relationship(v1::INTERPRETER);
    person->set_name("Polish interpreter");
    person->set_contact("via language line");
    person->set_views("none recorded");
    person->set_preferences("mornings");
    person->set_consent(v1::GIVEN);
    return request;
  }
};

using RecordReferralTest = PracticeTest;
using RecordObstacleTest = PracticeTest;
using ResolveObstacleTest = PracticeTest;
using SetOutcomeTest = PracticeTest;
using RecordOutcomeProgressTest = PracticeTest;
using RecordFileReviewTest = PracticeTest;
using AddKeyPersonTest = PracticeTest;

// ---------------------------------------------------------------------------------------
// RecordReferral

TEST_F(RecordReferralTest, EventCarriesTheReferralAndIsFoldedWithItsStamp) {
  OpenCase();
  const v1::RecordReferralRequest request = Referral("r-1");
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(EventType(event), "ReferralRecorded");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_EQ(event.actor_role(), "caseworker");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_EQ(event.referral_recorded().referral_id(), "r-1");
  EXPECT_THAT(event.referral_recorded().referral(), EqualsProto(request.referral()));
  ASSERT_THAT(state_.referrals(), SizeIs(1));
  EXPECT_EQ(state_.referrals(0).referral_id(), "r-1");
  EXPECT_THAT(state_.referrals(0).referral(), EqualsProto(request.referral()));
  EXPECT_EQ(state_.referrals(0).recorded().actor(), "worker:ana");
  EXPECT_THAT(state_.referrals(0).recorded().at(), IsTime(Now()));
}

TEST_F(RecordReferralTest, ReferralWithoutAnIdGetsTheContextsNewIdAndHeaderTime) {
  OpenCase();
  v1::RecordReferralRequest request = Referral("");
  *request.mutable_header() = HeaderAt(Now() - absl::Hours(24));
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(event.referral_recorded().referral_id(), kNewId);
  EXPECT_THAT(state_.referrals(0).recorded().at(), IsTime(Now() - absl::Hours(24)));
}

TEST_F(RecordReferralTest, EmptyReferralNamesEveryRequiredField) {
  OpenCase();
  v1::RecordReferralRequest request = Referral("r 1");
  request.mutable_referral()->Clear();
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre(
                                "referral_id", "referral.direction", "referral.referred_to",
                                "referral.reason", "referral.consent")));
}

TEST_F(RecordReferralTest, OverlongReferredToAndInformationAreNamed) {
  OpenCase();
  v1::RecordReferralRequest request = Referral("r-1");
  request.mutable_referral()->set_referred_to(std::string(kMaxShortTextBytes + 1, 'a'));
  request.mutable_referral()->set_information_shared(std::string(kMaxTextBytes + 1, 'a'));
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("referral.referred_to",
                                                               "referral.information_shared")));
}

TEST_F(RecordReferralTest, ReferralIdInUseIsAlreadyExists) {
  OpenCase();
  Apply(Referral("r-1"));
  EXPECT_THAT(Try(Referral("r-1")), StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("r-1")));
}

TEST_F(RecordReferralTest, ClosedCaseTakesNoReferrals) {
  OpenCase();
  Close();
  EXPECT_THAT(Try(Referral("r-1")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
}

TEST_F(RecordReferralTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Referral("r-1")), StatusIs(absl::StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------------------
// RecordObstacle

TEST_F(RecordObstacleTest, EventCarriesTheObstacleAndIsFoldedOpen) {
  OpenCase();
  const v1::RecordObstacleRequest request = Obstacle("o-1");
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(EventType(event), "ObstacleRecorded");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_EQ(event.obstacle_recorded().obstacle_id(), "o-1");
  EXPECT_THAT(event.obstacle_recorded().obstacle(), EqualsProto(request.obstacle()));
  ASSERT_THAT(state_.obstacles(), SizeIs(1));
  EXPECT_EQ(state_.obstacles(0).obstacle_id(), "o-1");
  EXPECT_THAT(state_.obstacles(0).obstacle(), EqualsProto(request.obstacle()));
  EXPECT_EQ(state_.obstacles(0).recorded().actor(), "worker:ana");
  EXPECT_FALSE(state_.obstacles(0).has_resolved());
}

TEST_F(RecordObstacleTest, ObstacleWithoutAnIdGetsTheContextsNewId) {
  OpenCase();
  EXPECT_EQ(Apply(Obstacle("")).obstacle_recorded().obstacle_id(), kNewId);
}

TEST_F(RecordObstacleTest, ObstacleMayStandInTheWayOfAnOutcomeOfTheCase) {
  OpenCase();
  Apply(Outcome("out-1"));
  const v1::CaseEvent event = Apply(Obstacle("o-1", "out-1"));
  EXPECT_EQ(event.obstacle_recorded().obstacle().outcome_id(), "out-1");
  EXPECT_EQ(state_.obstacles(0).obstacle().outcome_id(), "out-1");
}

TEST_F(RecordObstacleTest, ObstacleToAnUnknownOutcomeIsNotFound) {
  OpenCase();
  EXPECT_THAT(Try(Obstacle("o-1", "out-9")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("out-9")));
}

TEST_F(RecordObstacleTest, MissingKindAndDescriptionAndBadIdsAreNamedTogether) {
  OpenCase();
  v1::RecordObstacleRequest request = Obstacle("o/1", "out 1");
  request.mutable_obstacle()->clear_kind();
  request.mutable_obstacle()->set_description("\n");
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("obstacle_id", "obstacle.kind",
                                                 "obstacle.description", "obstacle.outcome_id")));
}

TEST_F(RecordObstacleTest, ObstacleIdInUseIsAlreadyExists) {
  OpenCase();
  Apply(Obstacle("o-1"));
  EXPECT_THAT(Try(Obstacle("o-1")), StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("o-1")));
}

TEST_F(RecordObstacleTest, ClosedCaseTakesNoObstacles) {
  OpenCase();
  Close();
  EXPECT_THAT(Try(Obstacle("o-1")), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(RecordObstacleTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Obstacle("o-1")), StatusIs(absl::StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------------------
// ResolveObstacle

TEST_F(ResolveObstacleTest, ResolutionIsRecordedOnTheObstacle) {
  OpenCase();
  Apply(Obstacle("o-1"));
  const v1::CaseEvent event = Apply(ObstacleResolution("o-1"));
  EXPECT_EQ(EventType(event), "ObstacleResolved");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_EQ(event.obstacle_resolved().obstacle_id(), "o-1");
  EXPECT_EQ(event.obstacle_resolved().resolution(), "moved to phone calls");
  const v1::Obstacle& obstacle = state_.obstacles(0);
  ASSERT_TRUE(obstacle.has_resolved());
  EXPECT_EQ(obstacle.resolved().actor(), "worker:ana");
  EXPECT_THAT(obstacle.resolved().at(), IsTime(Now()));
  EXPECT_EQ(obstacle.resolution(), "moved to phone calls");
}

TEST_F(ResolveObstacleTest, ResolvingTwiceIsFailedPrecondition) {
  OpenCase();
  Apply(Obstacle("o-1"));
  Apply(ObstacleResolution("o-1"));
  EXPECT_THAT(Try(ObstacleResolution("o-1")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already resolved")));
}

TEST_F(ResolveObstacleTest, UnknownObstacleIsNotFound) {
  OpenCase();
  EXPECT_THAT(Try(ObstacleResolution("o-9")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("o-9")));
}

TEST_F(ResolveObstacleTest, MissingIdAndResolutionAreNamedTogether) {
  OpenCase();
  EXPECT_THAT(Try(ObstacleResolution("", "")),
              InvalidFields(UnorderedElementsAre("obstacle_id", "resolution")));
}

TEST_F(ResolveObstacleTest, ObstacleOfAClosedCaseCanBeResolved) {
  OpenCase();
  Apply(Obstacle("o-1"));
  Close();
  Apply(ObstacleResolution("o-1"));
  EXPECT_TRUE(state_.obstacles(0).has_resolved());
}

TEST_F(ResolveObstacleTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(ObstacleResolution("o-1")), StatusIs(absl::StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------------------
// SetOutcome

TEST_F(SetOutcomeTest, EventCarriesTheSmartOutcomeAndIsFoldedWithItsStamp) {
  OpenCase();
  const v1::SetOutcomeRequest request = Outcome("out-1");
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(EventType(event), "OutcomeSet");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_EQ(event.outcome_set().outcome_id(), "out-1");
  EXPECT_THAT(event.outcome_set().outcome(), EqualsProto(request.outcome()));
  ASSERT_THAT(state_.outcomes(), SizeIs(1));
  const v1::Outcome& outcome = state_.outcomes(0);
  EXPECT_EQ(outcome.outcome_id(), "out-1");
  EXPECT_THAT(outcome.outcome(), EqualsProto(request.outcome()));
  EXPECT_EQ(outcome.set().actor(), "worker:ana");
  EXPECT_THAT(outcome.set().at(), IsTime(Now()));
  EXPECT_THAT(outcome.progress(), SizeIs(0));
}

TEST_F(SetOutcomeTest, OutcomeWithoutAnIdGetsTheContextsNewId) {
  OpenCase();
  EXPECT_EQ(Apply(Outcome("")).outcome_set().outcome_id(), kNewId);
}

TEST_F(SetOutcomeTest, EmptyOutcomeNamesDescriptionMeasureAndTargetDate) {
  OpenCase();
  v1::SetOutcomeRequest request = Outcome("out 1");
  request.mutable_outcome()->Clear();
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("outcome_id", "outcome.description",
                                                 "outcome.measure", "outcome.target_date")));
}

TEST_F(SetOutcomeTest, TargetDateMustBeAfterTheOutcomeIsSet) {
  OpenCase();
  v1::SetOutcomeRequest request = Outcome("out-1");
  *request.mutable_outcome()->mutable_target_date() = ToProto(Now());
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("outcome.target_date")));
  *request.mutable_outcome()->mutable_target_date() = ToProto(Now() - absl::Hours(24));
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("outcome.target_date")));
}

TEST_F(SetOutcomeTest, TargetDateIsComparedWithTheBackdatedOccurredAt) {
  OpenCase();
  v1::SetOutcomeRequest request = Outcome("out-1");
  *request.mutable_header() = HeaderAt(Now() - absl::Hours(72));
  *request.mutable_outcome()->mutable_target_date() = ToProto(Now() - absl::Hours(24));
  EXPECT_THAT(Try(request), IsOk());
}

TEST_F(SetOutcomeTest, PastTargetDateIsReportedWithTheOtherBadFields) {
  OpenCase();
  v1::SetOutcomeRequest request = Outcome("out-1");
  request.mutable_header()->clear_command_id();
  request.mutable_outcome()->clear_measure();
  request.mutable_outcome()->set_agreed_with(std::string(kMaxShortTextBytes + 1, 'a'));
  *request.mutable_outcome()->mutable_target_date() = ToProto(Now() - absl::Hours(1));
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("header.command_id", "outcome.measure",
                                                 "outcome.agreed_with", "outcome.target_date")));
}

TEST_F(SetOutcomeTest, OutcomeIdInUseIsAlreadyExists) {
  OpenCase();
  Apply(Outcome("out-1"));
  EXPECT_THAT(Try(Outcome("out-1")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("out-1")));
}

TEST_F(SetOutcomeTest, ClosedCaseTakesNoOutcomes) {
  OpenCase();
  Close();
  EXPECT_THAT(Try(Outcome("out-1")), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(SetOutcomeTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Outcome("out-1")), StatusIs(absl::StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------------------
// RecordOutcomeProgress

TEST_F(RecordOutcomeProgressTest, ProgressIsAppendedToTheOutcomeInOrder) {
  OpenCase();
  Apply(Outcome("out-1"));
  const v1::CaseEvent event = Apply(Progress("out-1", v1::AT_RISK, 30));
  EXPECT_EQ(EventType(event), "OutcomeProgressRecorded");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_EQ(event.outcome_progress_recorded().outcome_id(), "out-1");
  EXPECT_EQ(event.outcome_progress_recorded().status(), v1::AT_RISK);
  EXPECT_EQ(event.outcome_progress_recorded().percent_complete(), 30u);
  EXPECT_EQ(event.outcome_progress_recorded().note(), "payment plan accepted");
  Apply(Progress("out-1", v1::ACHIEVED, 100));
  const v1::Outcome& outcome = state_.outcomes(0);
  ASSERT_THAT(outcome.progress(), SizeIs(2));
  EXPECT_EQ(outcome.progress(0).status(), v1::AT_RISK);
  EXPECT_EQ(outcome.progress(0).percent_complete(), 30u);
  EXPECT_EQ(outcome.progress(0).note(), "payment plan accepted");
  EXPECT_EQ(outcome.progress(0).recorded().actor(), "worker:ana");
  EXPECT_THAT(outcome.progress(0).recorded().at(), IsTime(Now()));
  EXPECT_EQ(outcome.progress(1).status(), v1::ACHIEVED);
  EXPECT_EQ(outcome.progress(1).percent_complete(), 100u);
}

TEST_F(RecordOutcomeProgressTest, PercentAboveOneHundredIsRefused) {
  OpenCase();
  Apply(Outcome("out-1"));
  EXPECT_THAT(Try(Progress("out-1", v1::ON_TRACK, 101)),
              InvalidFields(ElementsAre("percent_complete")));
  EXPECT_THAT(Try(Progress("out-1", v1::ON_TRACK, 0)), IsOk());
}

TEST_F(RecordOutcomeProgressTest, MissingOutcomeIdAndStatusAreNamedTogether) {
  OpenCase();
  v1::RecordOutcomeProgressRequest request = Progress("", v1::OUTCOME_STATUS_UNSPECIFIED, 250);
  request.set_note(std::string(kMaxTextBytes + 1, 'n'));
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("outcome_id", "status",
                                                               "percent_complete", "note")));
}

TEST_F(RecordOutcomeProgressTest, UnknownOutcomeIsNotFound) {
  OpenCase();
  EXPECT_THAT(Try(Progress("out-9", v1::ON_TRACK, 10)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("out-9")));
}

TEST_F(RecordOutcomeProgressTest, ClosedCaseTakesNoProgress) {
  OpenCase();
  Apply(Outcome("out-1"));
  Close();
  EXPECT_THAT(Try(Progress("out-1", v1::ACHIEVED, 100)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(RecordOutcomeProgressTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Progress("out-1", v1::ON_TRACK, 10)), StatusIs(absl::StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------------------
// RecordFileReview

TEST_F(RecordFileReviewTest, ReviewRecordsTheReviewedWorkerAndIsFoldedWithItsStamp) {
  OpenAndAssign("worker:bo");
  context_.actor = "supervisor:jo";
  context_.actor_role = "supervisor";
  const v1::RecordFileReviewRequest request = Review("fr-1", state_.revision());
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(EventType(event), "FileReviewRecorded");
  EXPECT_EQ(event.actor(), "supervisor:jo");
  EXPECT_EQ(event.actor_role(), "supervisor");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_EQ(event.file_review_recorded().review_id(), "fr-1");
  EXPECT_EQ(event.file_review_recorded().worker_id(), "worker:bo");
  EXPECT_THAT(event.file_review_recorded().review(), EqualsProto(request.review()));
  ASSERT_THAT(state_.file_reviews(), SizeIs(1));
  const v1::FileReview& review = state_.file_reviews(0);
  EXPECT_EQ(review.review_id(), "fr-1");
  EXPECT_EQ(review.worker_id(), "worker:bo");
  EXPECT_THAT(review.review(), EqualsProto(request.review()));
  EXPECT_EQ(review.reviewed().actor(), "supervisor:jo");
  EXPECT_THAT(review.reviewed().at(), IsTime(Now()));
}

TEST_F(RecordFileReviewTest, ReviewWithoutAnIdGetsTheContextsNewId) {
  OpenCase();
  EXPECT_EQ(Apply(Review("", 1)).file_review_recorded().review_id(), kNewId);
}

TEST_F(RecordFileReviewTest, RevisionReviewedIsRequired) {
  OpenCase();
  EXPECT_THAT(Try(Review("fr-1", 0)), InvalidFields(ElementsAre("review.revision_reviewed")));
}

TEST_F(RecordFileReviewTest, RevisionReviewedPastTheCasesRevisionIsRefused) {
  OpenAndAssign();  // revision 2
  EXPECT_THAT(Try(Review("fr-1", 3)), InvalidFields(ElementsAre("review.revision_reviewed")));
  EXPECT_THAT(Try(Review("fr-1", 2)), IsOk());
}

TEST_F(RecordFileReviewTest, EveryBadFieldOfTheReviewIsNamedTogether) {
  OpenCase();
  v1::RecordFileReviewRequest request = Review("fr 1", 0);
  request.mutable_review()->clear_findings();
  request.mutable_review()->add_mistakes_found(" ");
  request.mutable_review()->add_actions_required("");
  request.mutable_review()->add_actions_required(std::string(kMaxShortTextBytes + 1, 'a'));
  request.mutable_review()->set_feedback_given("");
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre(
                                "review_id", "review.revision_reviewed", "review.findings",
                                "review.mistakes_found[1]", "review.actions_required[1]",
                                "review.actions_required[2]", "review.feedback_given")));
}

TEST_F(RecordFileReviewTest, ReviewIdInUseIsAlreadyExists) {
  OpenCase();
  Apply(Review("fr-1", 1));
  EXPECT_THAT(Try(Review("fr-1", 2)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("fr-1")));
}

TEST_F(RecordFileReviewTest, ClosedCaseCanBeReviewed) {
  OpenAndAssign();
  Close();
  Apply(Review("fr-1", state_.revision()));
  EXPECT_THAT(state_.file_reviews(), SizeIs(1));
}

TEST_F(RecordFileReviewTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Review("fr-1", 1)), StatusIs(absl::StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------------------
// AddKeyPerson

TEST_F(AddKeyPersonTest, EventCarriesThePersonAndIsFoldedWithItsStamp) {
  OpenCase();
  const v1::AddKeyPersonRequest request = KeyPerson("p-1");
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(EventType(event), "KeyPersonAdded");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_EQ(event.key_person_added().person_id(), "p-1");
  EXPECT_THAT(event.key_person_added().person(), EqualsProto(request.person()));
  ASSERT_THAT(state_.key_people(), SizeIs(1));
  EXPECT_EQ(state_.key_people(0).person_id(), "p-1");
  EXPECT_THAT(state_.key_people(0).person(), EqualsProto(request.person()));
  EXPECT_EQ(state_.key_people(0).added().actor(), "worker:ana");
  EXPECT_THAT(state_.key_people(0).added().at(), IsTime(Now()));
}

TEST_F(AddKeyPersonTest, PersonWithoutAnIdGetsTheContextsNewId) {
  OpenCase();
  EXPECT_EQ(Apply(KeyPerson("")).key_person_added().person_id(), kNewId);
}

TEST_F(AddKeyPersonTest, EmptyPersonNamesRelationshipNameAndConsent) {
  OpenCase();
  v1::AddKeyPersonRequest request = KeyPerson("p 1");
  request.mutable_person()->Clear();
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("person_id", "person.relationship",
                                                               "person.name", "person.consent")));
}

TEST_F(AddKeyPersonTest, OverlongFieldsAreNamed) {
  OpenCase();
  v1::AddKeyPersonRequest request = KeyPerson("p-1");
  request.mutable_person()->set_name(std::string(kMaxShortTextBytes + 1, 'n'));
  request.mutable_person()->set_contact(std::string(kMaxShortTextBytes + 1, 'c'));
  request.mutable_person()->set_views(std::string(kMaxTextBytes + 1, 'v'));
  request.mutable_person()->set_preferences(std::string(kMaxTextBytes + 1, 'p'));
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("person.name", "person.contact", "person.views",
                                                 "person.preferences")));
}

TEST_F(AddKeyPersonTest, PersonIdInUseIsAlreadyExists) {
  OpenCase();
  Apply(KeyPerson("p-1"));
  EXPECT_THAT(Try(KeyPerson("p-1")), StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("p-1")));
}

TEST_F(AddKeyPersonTest, ClosedCaseCanTakeAKeyPerson) {
  OpenCase();
  Close();
  Apply(KeyPerson("p-1"));
  EXPECT_THAT(state_.key_people(), SizeIs(1));
}

TEST_F(AddKeyPersonTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(KeyPerson("p-1")), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace caseledger::domain
