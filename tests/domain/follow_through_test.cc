// What a case follows through: a file review's checklist and tracked actions, actions done,
// escalations raised by incidents and priorities and acknowledged by those they reach, the
// first response to an incident, and work awaiting review.

#include <string>

#include "tests/domain/case_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

class FollowThroughTest : public CaseTest {
 protected:
  // A review by supervisor jo of the case as it stands, requiring `actions`.
  v1::RecordFileReviewRequest Review(std::string review_id, std::vector<std::string> actions) {
    v1::RecordFileReviewRequest request;
    *request.mutable_header() = Header();
    request.set_review_id(std::move(review_id));
    v1::FileReviewDetails* review = request.mutable_review();
    review->set_revision_reviewed(state_.revision());
    review->set_findings("advice sound; letter to the landlord not on file");
    for (std::string& action : actions) review->add_actions_required(std::move(action));
    review->set_feedback_given("talked it through after the team meeting");
    return request;
  }

  v1::CompleteReviewActionRequest Done(std::string action_id, std::string what = "letter filed") {
    v1::CompleteReviewActionRequest request;
    *request.mutable_header() = Header();
    request.set_action_id(std::move(action_id));
    request.set_what_was_done(std::move(what));
    return request;
  }

  v1::AcknowledgeEscalationRequest Acknowledge(std::string escalation_id,
                                               std::string action = "calling the client today") {
    v1::AcknowledgeEscalationRequest request;
    *request.mutable_header() = Header();
    request.set_escalation_id(std::move(escalation_id));
    request.set_action(std::move(action));
    return request;
  }

  void As(std::string actor, std::string role) {
    context_.actor = std::move(actor);
    context_.actor_role = std::move(role);
  }

  static absl::Time London(int year, int month, int day, int hour) {
    absl::TimeZone london;
    absl::LoadTimeZone("Europe/London", &london);
    return absl::FromCivil(absl::CivilSecond(year, month, day, hour, 0, 0), london);
  }
};

using RecordFileReviewActionsTest = FollowThroughTest;
using CompleteReviewActionTest = FollowThroughTest;
using EscalationTest = FollowThroughTest;
using AcknowledgeEscalationTest = FollowThroughTest;

// ---------------------------------------------------------------------------------------
// RecordFileReview: checklist and tracked actions

TEST_F(RecordFileReviewActionsTest, EachRequiredActionIsTrackedForTheWorkerByThePolicysDueDate) {
  OpenAndAssign("worker:bo");
  As("jo", "supervisor");
  const v1::CaseEvent event = Apply(Review("fr-1", {"file the letter", "call the client"}));
  const auto& actions = event.file_review_recorded().actions();
  ASSERT_THAT(actions, SizeIs(2));
  EXPECT_EQ(actions[0].action_id(), "fr-1.1");
  EXPECT_EQ(actions[0].review_id(), "fr-1");
  EXPECT_EQ(actions[0].what(), "file the letter");
  EXPECT_EQ(actions[1].action_id(), "fr-1.2");
  for (const v1::ReviewAction& action : actions) {
    EXPECT_EQ(action.owner(), "worker:bo");
    // Monday 10 June 2024 plus the default's 10 working days: the end of Monday 24 June.
    EXPECT_THAT(action.due_at(), IsTime(London(2024, 6, 25, 0)));
    EXPECT_FALSE(action.has_completed_at());
  }
  ASSERT_THAT(state_.file_reviews(), SizeIs(1));
  EXPECT_THAT(state_.file_reviews(0).actions(), SizeIs(2));
}

TEST_F(RecordFileReviewActionsTest, TheReviewMaySetTheActionsOwnerAndDueDate) {
  OpenAndAssign("worker:bo");
  v1::RecordFileReviewRequest request = Review("fr-1", {"file the letter"});
  request.mutable_review()->set_actions_owner("worker:cy");
  *request.mutable_review()->mutable_actions_due_by() = ToProto(Now() + absl::Hours(48));
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(event.file_review_recorded().actions(0).owner(), "worker:cy");
  EXPECT_THAT(event.file_review_recorded().actions(0).due_at(), IsTime(Now() + absl::Hours(48)));
}

TEST_F(RecordFileReviewActionsTest, OnACaseWithNoWorkerTheReviewerOwnsTheActions) {
  OpenCase();
  As("jo", "supervisor");
  EXPECT_EQ(Apply(Review("fr-1", {"allocate"})).file_review_recorded().actions(0).owner(), "jo");
}

TEST_F(RecordFileReviewActionsTest, AReviewWithoutActionsTracksNone) {
  OpenAndAssign();
  Apply(Review("fr-1", {}));
  EXPECT_THAT(state_.file_reviews(0).actions(), IsEmpty());
}

TEST_F(RecordFileReviewActionsTest, TheChecklistIsKeptWithTheReview) {
  OpenAndAssign();
  v1::RecordFileReviewRequest request = Review("fr-1", {});
  auto grade = [&](v1::ReviewCriterion criterion, v1::ReviewGrade grade) {
    v1::ChecklistGrade* g = request.mutable_review()->add_checklist();
    g->set_criterion(criterion);
    g->set_grade(grade);
  };
  grade(v1::ACCURATE_ADVICE, v1::MET);
  grade(v1::CONFLICT_OF_INTEREST_CHECKED, v1::NOT_MET);
  grade(v1::CLIENT_INFORMED, v1::PARTLY_MET);
  grade(v1::FULL_RECORDS, v1::MET);
  grade(v1::PROBLEM_AND_ADVICE_STATED, v1::MET);
  grade(v1::MISTAKES_CORRECTED, v1::NOT_APPLICABLE);
  Apply(request);
  EXPECT_THAT(state_.file_reviews(0).review().checklist(), SizeIs(6));
  EXPECT_EQ(state_.file_reviews(0).review().checklist(1).grade(), v1::NOT_MET);
}

TEST_F(RecordFileReviewActionsTest, EveryBadChecklistAndActionFieldIsNamed) {
  OpenAndAssign();
  v1::RecordFileReviewRequest request = Review("fr-1", {"file the letter"});
  v1::ChecklistGrade* first = request.mutable_review()->add_checklist();
  first->set_criterion(v1::ACCURATE_ADVICE);
  first->set_grade(v1::MET);
  v1::ChecklistGrade* twice = request.mutable_review()->add_checklist();
  twice->set_criterion(v1::ACCURATE_ADVICE);
  twice->set_grade(static_cast<v1::ReviewGrade>(77));
  twice->set_comment(std::string(kMaxShortTextBytes + 1, 'c'));
  request.mutable_review()->add_checklist();
  request.mutable_review()->set_actions_owner("Bo Smith");
  *request.mutable_review()->mutable_actions_due_by() = ToProto(Now() - absl::Hours(1));
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre(
                  "review.checklist[1].criterion", "review.checklist[1].grade",
                  "review.checklist[1].comment", "review.checklist[2].criterion",
                  "review.checklist[2].grade", "review.actions_owner", "review.actions_due_by")));
  EXPECT_THAT(state_.file_reviews(), IsEmpty()) << "nothing was recorded";
}

// ---------------------------------------------------------------------------------------
// CompleteReviewAction

TEST_F(CompleteReviewActionTest, TheActionIsDoneWithWhoWhenAndWhat) {
  OpenAndAssign("worker:bo");
  Apply(Review("fr-1", {"file the letter", "call the client"}));
  As("worker:bo", "caseworker");
  const v1::CaseEvent event = Apply(Done("fr-1.2", "called; client agrees the plan"));
  EXPECT_EQ(EventType(event), "ReviewActionCompleted");
  EXPECT_EQ(event.review_action_completed().action_id(), "fr-1.2");
  const v1::ReviewAction& done = state_.file_reviews(0).actions(1);
  EXPECT_EQ(done.completed_by(), "worker:bo");
  EXPECT_THAT(done.completed_at(), IsTime(Now()));
  EXPECT_EQ(done.what_was_done(), "called; client agrees the plan");
  EXPECT_FALSE(state_.file_reviews(0).actions(0).has_completed_at()) << "the other stays open";
}

TEST_F(CompleteReviewActionTest, AnActionDoneTwiceIsRefusedAndAnUnknownOneIsNotFound) {
  OpenAndAssign();
  Apply(Review("fr-1", {"file the letter"}));
  Apply(Done("fr-1.1"));
  EXPECT_THAT(Try(Done("fr-1.1")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already done")));
  EXPECT_THAT(Try(Done("fr-1.2")), StatusIs(absl::StatusCode::kNotFound, HasSubstr("fr-1.2")));
  EXPECT_THAT(Try(Done("fr-9.1")), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(CompleteReviewActionTest, BadFieldsAreNamedTogether) {
  OpenAndAssign();
  v1::CompleteReviewActionRequest request = Done("fr 1.1", " ");
  request.mutable_header()->clear_command_id();
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("header.command_id", "action_id",
                                                               "what_was_done")));
}

TEST_F(CompleteReviewActionTest, AnArchivedCaseTakesNoMore) {
  OpenAndAssign();
  Apply(Review("fr-1", {"file the letter"}));
  Archive();
  EXPECT_THAT(Try(Done("fr-1.1")), StatusIs(absl::StatusCode::kFailedPrecondition));
}

// ---------------------------------------------------------------------------------------
// Escalations raised

TEST_F(EscalationTest, AnIncidentEscalatedToAPersonRaisesAnEscalationToThem) {
  OpenAndAssign();
  Apply(Incident("inc-1", v1::SAFEGUARDING_CONCERN, v1::SERIOUS));  // escalated_to supervisor:jo
  ASSERT_THAT(state_.escalations(), SizeIs(1));
  const v1::Escalation& escalation = state_.escalations(0);
  EXPECT_EQ(escalation.escalation_id(), "incident:inc-1");
  EXPECT_EQ(escalation.source(), v1::INCIDENT_ESCALATED);
  EXPECT_EQ(escalation.incident_id(), "inc-1");
  EXPECT_EQ(escalation.raised().actor(), "worker:ana");
  EXPECT_THAT(escalation.raised().at(), IsTime(Now()));
  EXPECT_THAT(escalation.about(), HasSubstr("SAFEGUARDING_CONCERN"));
  ASSERT_THAT(escalation.recipients(), SizeIs(1));
  EXPECT_EQ(escalation.recipients(0).addressee(), "supervisor:jo");
  EXPECT_EQ(escalation.recipients(0).actor(), "jo");
  EXPECT_EQ(escalation.recipients(0).role(), "supervisor");
  EXPECT_FALSE(escalation.recipients(0).has_acknowledged());
}

TEST_F(EscalationTest, ThoseInformedOfAPriorityWhomCaseledgerReachesAreItsRecipients) {
  OpenAndAssign();
  v1::AssessPriorityRequest assess = Assessment({5, 5, 5, 5});
  assess.add_informed("client");
  assess.add_informed("supervisor");
  assess.add_informed("caseworker:bo");
  assess.add_informed("the police");
  Apply(assess);
  ASSERT_THAT(state_.escalations(), SizeIs(1));
  const v1::Escalation& escalation = state_.escalations(0);
  EXPECT_EQ(escalation.escalation_id(), absl::StrCat("priority:", state_.revision()));
  EXPECT_EQ(escalation.source(), v1::PRIORITY_INFORMED);
  EXPECT_THAT(escalation.about(), HasSubstr("RED"));
  ASSERT_THAT(escalation.recipients(), SizeIs(2)) << "the client and the police have no inbox";
  EXPECT_EQ(escalation.recipients(0).role(), "supervisor");
  EXPECT_EQ(escalation.recipients(0).actor(), "");
  EXPECT_EQ(escalation.recipients(1).actor(), "bo");
}

TEST_F(EscalationTest, NobodyCaseledgerReachesRaisesNone) {
  OpenAndAssign();
  v1::FlagUntowardIncidentRequest incident = Incident("inc-1", v1::COMPLAINT, v1::MINOR);
  incident.mutable_incident()->set_escalated_to("safeguarding lead");
  Apply(incident);
  v1::ReprioritiseRequest override = Override(v1::RED);
  override.add_informed("client");
  Apply(override);
  EXPECT_THAT(state_.escalations(), IsEmpty());
}

TEST_F(EscalationTest, AnAddresseeNamingARoleButNoValidPersonIsABadField) {
  OpenAndAssign();
  v1::FlagUntowardIncidentRequest incident = Incident("inc-1", v1::COMPLAINT, v1::MINOR);
  incident.mutable_incident()->set_escalated_to("supervisor:Jo Smith");
  EXPECT_THAT(Try(incident), InvalidFields(ElementsAre("incident.escalated_to")));
  v1::ReprioritiseRequest override = Override(v1::RED);
  override.add_informed("supervisor:");
  EXPECT_THAT(Try(override), InvalidFields(ElementsAre("informed[0]")));
}

// ---------------------------------------------------------------------------------------
// AcknowledgeEscalation

TEST_F(AcknowledgeEscalationTest, TheNamedAddresseeAcknowledgesSayingWhatTheyWillDo) {
  OpenAndAssign();
  Apply(Incident("inc-1", v1::SAFEGUARDING_CONCERN, v1::SERIOUS));
  As("jo", "supervisor");
  context_.now = Now() + absl::Hours(2);
  const v1::CaseEvent event = Apply(Acknowledge("incident:inc-1", "strategy meeting at 3pm"));
  EXPECT_EQ(EventType(event), "EscalationAcknowledged");
  EXPECT_EQ(event.escalation_acknowledged().addressee(), "supervisor:jo");
  const v1::EscalationRecipient& recipient = state_.escalations(0).recipients(0);
  EXPECT_EQ(recipient.acknowledged().actor(), "jo");
  EXPECT_THAT(recipient.acknowledged().at(), IsTime(Now() + absl::Hours(2)));
  EXPECT_EQ(recipient.action(), "strategy meeting at 3pm");
}

TEST_F(AcknowledgeEscalationTest, AnyoneInTheAddressedRoleMayAcknowledgeItOnce) {
  OpenAndAssign();
  v1::ReprioritiseRequest override = Override(v1::RED);
  override.add_informed("supervisor");
  Apply(override);
  const std::string id = state_.escalations(0).escalation_id();
  As("kim", "supervisor");
  Apply(Acknowledge(id));
  EXPECT_EQ(state_.escalations(0).recipients(0).acknowledged().actor(), "kim");
  As("lee", "supervisor");
  EXPECT_THAT(Try(Acknowledge(id)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("by kim")));
}

TEST_F(AcknowledgeEscalationTest, SomeoneItIsNotAddressedToIsRefused) {
  OpenAndAssign();
  Apply(Incident("inc-1", v1::SAFEGUARDING_CONCERN, v1::SERIOUS));
  As("worker:ana", "caseworker");
  EXPECT_THAT(Try(Acknowledge("incident:inc-1")),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("supervisor:jo")));
  As("kim", "supervisor");
  EXPECT_THAT(Try(Acknowledge("incident:inc-1")), StatusIs(absl::StatusCode::kPermissionDenied))
      << "addressed to jo by name, not to every supervisor";
}

TEST_F(AcknowledgeEscalationTest, EachRecipientAcknowledgesForThemselves) {
  OpenAndAssign();
  v1::AssessPriorityRequest assess = Assessment({5, 5, 5, 5});
  assess.add_informed("supervisor:jo");
  assess.add_informed("caseworker:bo");
  Apply(assess);
  const std::string id = state_.escalations(0).escalation_id();
  As("bo", "caseworker");
  Apply(Acknowledge(id, "will cover the visit on Thursday"));
  EXPECT_TRUE(state_.escalations(0).recipients(1).has_acknowledged());
  EXPECT_FALSE(state_.escalations(0).recipients(0).has_acknowledged());
  EXPECT_THAT(Try(Acknowledge(id)), StatusIs(absl::StatusCode::kFailedPrecondition));
  As("jo", "supervisor");
  EXPECT_THAT(Try(Acknowledge(id)), IsOk());
}

TEST_F(AcknowledgeEscalationTest, UnknownEscalationIsNotFoundAndBadFieldsAreNamed) {
  OpenAndAssign();
  EXPECT_THAT(Try(Acknowledge("incident:none")), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Try(Acknowledge("incident none", " ")),
              InvalidFields(UnorderedElementsAre("escalation_id", "action")));
}

// ---------------------------------------------------------------------------------------
// What the fold follows

TEST_F(FollowThroughTest, AnIncidentsFirstResponseIsANoteAboutItOrItsResolution) {
  OpenAndAssign();
  Apply(Incident("inc-1", v1::SAFEGUARDING_CONCERN, v1::SERIOUS));
  Apply(Incident("inc-2", v1::COMPLAINT, v1::MINOR));
  context_.now = Now() + absl::Hours(3);
  v1::RecordNoteRequest about = Note("n-1", "strategy discussion with the safeguarding lead");
  about.mutable_note()->set_incident_id("inc-1");
  *about.mutable_header()->mutable_occurred_at() = ToProto(Now() + absl::Hours(3));
  Apply(about);
  EXPECT_THAT(state_.incidents(0).responded().at(), IsTime(Now() + absl::Hours(3)));
  EXPECT_FALSE(state_.incidents(1).has_responded());
  v1::ResolveIncidentRequest resolve;
  *resolve.mutable_header() = Header();
  resolve.set_incident_id("inc-2");
  resolve.set_resolution("apologised");
  Apply(resolve);
  EXPECT_EQ(state_.incidents(1).responded().actor(), "worker:ana");
}

TEST_F(FollowThroughTest, WorkSinceTheLastReviewAwaitsTheNextOne) {
  OpenAndAssign();
  EXPECT_FALSE(state_.has_unreviewed_work_since());
  EXPECT_THAT(state_.assigned_at(), IsTime(Now()));
  Apply(Note("n-1"));
  EXPECT_THAT(state_.unreviewed_work_since(), IsTime(Now()));
  context_.now = Now() + absl::Hours(1);
  Apply(Note("n-2"));
  EXPECT_THAT(state_.unreviewed_work_since(), IsTime(Now())) << "since the first";
  Apply(Review("fr-1", {}));
  EXPECT_FALSE(state_.has_unreviewed_work_since());
}

}  // namespace
}  // namespace caseledger::domain
