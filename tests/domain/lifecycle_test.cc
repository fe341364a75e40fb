// OpenCase, AssignCase and ChangeStatus: a case's life from opened to archived, and the
// header checks every command shares.

#include <string>

#include "tests/domain/case_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

using OpenCaseTest = CaseTest;
using AssignCaseTest = CaseTest;
using ChangeStatusTest = CaseTest;
using CommandHeaderTest = CaseTest;

// ---------------------------------------------------------------------------------------
// OpenCase

TEST_F(OpenCaseTest, AdviceCaseEventCopiesEveryFieldAndIsStampedWithActorAndNow) {
  const v1::OpenCaseRequest request = AdviceCase();
  absl::StatusOr<Events> events = Try(request);
  ASSERT_THAT(events, IsOk());
  ASSERT_THAT(*events, SizeIs(1));
  const v1::CaseEvent& event = events->front();
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_EQ(event.actor_role(), "caseworker");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  ASSERT_TRUE(event.has_case_opened());
  const v1::CaseOpened& opened = event.case_opened();
  EXPECT_EQ(opened.case_id(), kCaseId);
  EXPECT_EQ(opened.org_id(), kOrgId);
  EXPECT_EQ(opened.kind(), v1::ADVICE);
  EXPECT_EQ(opened.category(), "housing");
  EXPECT_EQ(opened.summary(), "rent arrears, possession claim issued");
  EXPECT_EQ(opened.client_ref(), "client-0042");
  EXPECT_EQ(opened.provider_ref(), "");
  EXPECT_EQ(opened.complexity(), v1::MEDIUM);
  EXPECT_EQ(opened.compliance(), v1::COMPLIANCE_UNSPECIFIED);
  EXPECT_EQ(opened.team_id(), "team-north");
  EXPECT_EQ(EventType(event), "CaseOpened");
}

TEST_F(OpenCaseTest, OpenedCaseIsLiveAtRevisionOneWithTheOpenerStamped) {
  Apply(AdviceCase());
  EXPECT_EQ(state_.revision(), 1u);
  EXPECT_EQ(state_.case_id(), kCaseId);
  EXPECT_EQ(state_.org_id(), kOrgId);
  EXPECT_EQ(state_.status(), v1::LIVE);
  EXPECT_EQ(state_.kind(), v1::ADVICE);
  EXPECT_EQ(state_.category(), "housing");
  EXPECT_EQ(state_.summary(), "rent arrears, possession claim issued");
  EXPECT_EQ(state_.client_ref(), "client-0042");
  EXPECT_EQ(state_.complexity(), v1::MEDIUM);
  EXPECT_EQ(state_.team_id(), "team-north");
  EXPECT_EQ(state_.worker_id(), "");
  EXPECT_EQ(state_.opened().actor(), "worker:ana");
  EXPECT_THAT(state_.opened().at(), IsTime(Now()));
  EXPECT_THAT(state_.status_changed().at(), IsTime(Now()));
  EXPECT_THAT(state_.last_activity_at(), IsTime(Now()));
  EXPECT_FALSE(state_.reassessment_required());
}

TEST_F(OpenCaseTest, InspectionCaseRecordsProviderAndCompliance) {
  Apply(InspectionCase());
  EXPECT_EQ(state_.kind(), v1::INSPECTION);
  EXPECT_EQ(state_.provider_ref(), "provider-7");
  EXPECT_EQ(state_.client_ref(), "");
  EXPECT_EQ(state_.compliance(), v1::NON_COMPLIANT);
  EXPECT_EQ(state_.complexity(), v1::HIGH);
}

TEST_F(OpenCaseTest, OccurredAtComesFromTheHeaderWhenGiven) {
  const absl::Time earlier = Now() - absl::Hours(3);
  v1::OpenCaseRequest request = AdviceCase();
  *request.mutable_header() = HeaderAt(earlier);
  const v1::CaseEvent event = Apply(request);
  EXPECT_THAT(event.occurred_at(), IsTime(earlier));
  EXPECT_THAT(state_.opened().at(), IsTime(earlier));
}

TEST_F(OpenCaseTest, OpeningAnExistingCaseIsAlreadyExists) {
  OpenCase();
  EXPECT_THAT(Try(AdviceCase()), StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr(kCaseId)));
}

TEST_F(OpenCaseTest, MissingKindCategoryAndComplexityAreAllNamed) {
  v1::OpenCaseRequest request;
  *request.mutable_header() = Header();
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("kind", "category", "complexity")));
}

TEST_F(OpenCaseTest, CategoryOfOnlyWhiteSpaceIsRequired) {
  v1::OpenCaseRequest request = AdviceCase();
  request.set_category(" \t\n");
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("category")));
}

TEST_F(OpenCaseTest, CategoryLongerThanShortTextIsRefused) {
  v1::OpenCaseRequest request = AdviceCase();
  request.set_category(std::string(kMaxShortTextBytes + 1, 'x'));
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("category")));
  request.set_category(std::string(kMaxShortTextBytes, 'x'));
  EXPECT_THAT(Try(request), IsOk());
}

TEST_F(OpenCaseTest, AdviceCaseNeedsAClientRefAndNoInspectionFields) {
  v1::OpenCaseRequest request = AdviceCase();
  request.clear_client_ref();
  request.set_provider_ref("provider-7");
  request.set_compliance(v1::COMPLIANT);
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("client_ref", "provider_ref", "compliance")));
}

TEST_F(OpenCaseTest, ClientRefMustBeAReferenceNotAName) {
  v1::OpenCaseRequest request = AdviceCase();
  request.set_client_ref("Jane Smith");
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("client_ref")));
}

TEST_F(OpenCaseTest, InspectionCaseNeedsAProviderRefAndNoClientRef) {
  v1::OpenCaseRequest request = InspectionCase();
  request.clear_provider_ref();
  request.set_client_ref("client-1");
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("provider_ref", "client_ref")));
}

TEST_F(OpenCaseTest, BadTeamIdIsNamed) {
  v1::OpenCaseRequest request = AdviceCase();
  request.set_team_id("team/north");
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("team_id")));
}

TEST_F(OpenCaseTest, BadFieldsAreReportedBeforeTheCaseIsFoundToExist) {
  OpenCase();
  v1::OpenCaseRequest request = AdviceCase();
  request.clear_category();
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("category")));
}

// ---------------------------------------------------------------------------------------
// The command header, shared by every case command

TEST_F(CommandHeaderTest, CommandIdAndCaseIdAreRequired) {
  v1::OpenCaseRequest request = AdviceCase();
  request.clear_header();
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("header.command_id", "header.case_id")));
}

TEST_F(CommandHeaderTest, IdsMustBeShortReferences) {
  v1::OpenCaseRequest request = AdviceCase();
  request.mutable_header()->set_command_id("cmd 1");
  request.mutable_header()->set_case_id(std::string(kMaxIdBytes + 1, 'c'));
  request.mutable_header()->set_correlation_id("work/1");
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre(
                                "header.command_id", "header.case_id", "header.correlation_id")));
}

TEST_F(CommandHeaderTest, IdOfExactlyTheMaximumLengthIsAccepted) {
  v1::OpenCaseRequest request = AdviceCase();
  const std::string case_id(kMaxIdBytes, 'c');
  request.mutable_header()->set_case_id(case_id);
  request.mutable_header()->set_correlation_id("Work-1_a.b:c");
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(event.case_opened().case_id(), case_id);
}

TEST_F(CommandHeaderTest, OccurredAtInTheFutureIsRefused) {
  v1::OpenCaseRequest request = AdviceCase();
  *request.mutable_header() = HeaderAt(Now() + absl::Hours(1));
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("header.occurred_at")));
}

TEST_F(CommandHeaderTest, OccurredAtInTheFutureIsRefusedForOtherCommandsToo) {
  OpenAndAssign();
  v1::RecordNoteRequest note = Note("n-1");
  *note.mutable_header() = HeaderAt(Now() + absl::Hours(24));
  EXPECT_THAT(Try(note), InvalidFields(ElementsAre("header.occurred_at")));
  v1::ChangeStatusRequest close = StatusChange(v1::CLOSED, "done");
  *close.mutable_header() = HeaderAt(Now() + absl::Minutes(5));
  EXPECT_THAT(Try(close), InvalidFields(ElementsAre("header.occurred_at")));
  v1::AssessPriorityRequest assess = Assessment({1, 1, 1, 1});
  *assess.mutable_header() = HeaderAt(Now() + absl::Hours(2));
  EXPECT_THAT(Try(assess), InvalidFields(ElementsAre("header.occurred_at")));
}

TEST_F(CommandHeaderTest, OccurredAtOfNowOrEarlierIsAccepted) {
  v1::OpenCaseRequest request = AdviceCase();
  *request.mutable_header() = HeaderAt(Now());
  EXPECT_THAT(Try(request), IsOk());
  *request.mutable_header() = HeaderAt(Now() - absl::Hours(24 * 365));
  EXPECT_THAT(Try(request), IsOk());
}

TEST_F(CommandHeaderTest, InvalidOccurredAtIsRefused) {
  v1::OpenCaseRequest request = AdviceCase();
  request.mutable_header()->mutable_occurred_at()->set_seconds(1000);
  request.mutable_header()->mutable_occurred_at()->set_nanos(-1);
  EXPECT_THAT(Try(request), InvalidFields(Contains("header.occurred_at")));
}

TEST_F(CommandHeaderTest, HeaderAndBodyErrorsAreReportedTogether) {
  v1::OpenCaseRequest request = AdviceCase();
  request.mutable_header()->clear_command_id();
  request.clear_kind();
  request.clear_complexity();
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("header.command_id", "kind", "complexity")));
}

TEST_F(CommandHeaderTest, MessageListsEachViolation) {
  v1::OpenCaseRequest request = AdviceCase();
  request.clear_category();
  request.clear_complexity();
  EXPECT_THAT(Try(request), StatusIs(absl::StatusCode::kInvalidArgument,
                                     AllOf(HasSubstr("category is required"),
                                           HasSubstr("complexity is required"))));
}

// ---------------------------------------------------------------------------------------
// AssignCase

TEST_F(AssignCaseTest, FirstAssignmentNeedsNoReasonAndKeepsTheCasesTeam) {
  OpenCase();
  const v1::CaseEvent event = Apply(Assignment("worker:bo"));
  ASSERT_TRUE(event.has_case_assigned());
  EXPECT_EQ(event.case_assigned().worker_id(), "worker:bo");
  EXPECT_EQ(event.case_assigned().team_id(), "team-north");
  EXPECT_EQ(event.case_assigned().previous_worker_id(), "");
  EXPECT_EQ(event.case_assigned().reason(), "");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_EQ(EventType(event), "CaseAssigned");
  EXPECT_EQ(state_.worker_id(), "worker:bo");
  EXPECT_EQ(state_.team_id(), "team-north");
  EXPECT_EQ(state_.revision(), 2u);
}

TEST_F(AssignCaseTest, AssignmentWithATeamMovesTheCaseToThatTeam) {
  OpenCase();
  v1::AssignCaseRequest request = Assignment("worker:bo");
  request.set_team_id("team-south");
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(event.case_assigned().team_id(), "team-south");
  EXPECT_EQ(state_.team_id(), "team-south");
}

TEST_F(AssignCaseTest, ReassignmentWithoutAReasonIsRefused) {
  OpenAndAssign("worker:ana");
  EXPECT_THAT(Try(Assignment("worker:bo")), InvalidFields(ElementsAre("reason")));
}

TEST_F(AssignCaseTest, ReassignmentWithAReasonOfOnlyWhiteSpaceIsRefused) {
  OpenAndAssign("worker:ana");
  EXPECT_THAT(Try(Assignment("worker:bo", "   ")), InvalidFields(Contains("reason")));
}

TEST_F(AssignCaseTest, ReassignmentRecordsThePreviousWorkerAndTheReason) {
  OpenAndAssign("worker:ana");
  const v1::CaseEvent event = Apply(Assignment("worker:bo", "ana on leave"));
  EXPECT_EQ(event.case_assigned().worker_id(), "worker:bo");
  EXPECT_EQ(event.case_assigned().previous_worker_id(), "worker:ana");
  EXPECT_EQ(event.case_assigned().reason(), "ana on leave");
  EXPECT_EQ(state_.worker_id(), "worker:bo");
}

TEST_F(AssignCaseTest, AssigningToTheWorkerWhoHasTheCaseIsFailedPrecondition) {
  OpenAndAssign("worker:ana");
  EXPECT_THAT(Try(Assignment("worker:ana")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already assigned")));
}

TEST_F(AssignCaseTest, WorkerIdIsRequiredAndBadIdsAreAllNamed) {
  OpenCase();
  v1::AssignCaseRequest request = Assignment("");
  request.set_team_id("team south");
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("worker_id", "team_id")));
}

TEST_F(AssignCaseTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Assignment("worker:bo")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(kCaseId)));
}

TEST_F(AssignCaseTest, ClosedCaseCannotBeAssigned) {
  OpenAndAssign("worker:ana");
  Close();
  EXPECT_THAT(Try(Assignment("worker:bo", "cover")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
}

TEST_F(AssignCaseTest, DormantCaseCanBeReassigned) {
  OpenAndAssign("worker:ana");
  Apply(StatusChange(v1::DORMANT));
  Apply(Assignment("worker:bo", "caseload balancing"));
  EXPECT_EQ(state_.worker_id(), "worker:bo");
  EXPECT_EQ(state_.status(), v1::DORMANT);
}

// ---------------------------------------------------------------------------------------
// ChangeStatus

TEST_F(ChangeStatusTest, GoingDormantWithoutReviewByGetsThePolicysReviewDays) {
  OpenCase();
  const v1::CaseEvent event = Apply(StatusChange(v1::DORMANT));
  ASSERT_TRUE(event.has_status_changed());
  EXPECT_EQ(event.status_changed().from(), v1::LIVE);
  EXPECT_EQ(event.status_changed().to(), v1::DORMANT);
  ASSERT_TRUE(event.status_changed().has_review_by());
  EXPECT_THAT(event.status_changed().review_by(), IsTime(Now() + absl::Hours(24 * 28)));
  EXPECT_EQ(EventType(event), "StatusChanged");
  EXPECT_EQ(state_.status(), v1::DORMANT);
  EXPECT_THAT(state_.review_by(), IsTime(Now() + absl::Hours(24 * 28)));
  EXPECT_THAT(state_.status_changed().at(), IsTime(Now()));
  EXPECT_EQ(state_.status_changed().actor(), "worker:ana");
}

TEST_F(ChangeStatusTest, DefaultReviewByCountsFromTheOccurredAtOfTheHeader) {
  OpenCase();
  const absl::Time went_dormant = Now() - absl::Hours(48);
  v1::ChangeStatusRequest request = StatusChange(v1::DORMANT);
  *request.mutable_header() = HeaderAt(went_dormant);
  const v1::CaseEvent event = Apply(request);
  EXPECT_THAT(event.occurred_at(), IsTime(went_dormant));
  EXPECT_THAT(event.status_changed().review_by(), IsTime(went_dormant + absl::Hours(24 * 28)));
}

TEST_F(ChangeStatusTest, DefaultReviewByFollowsThePolicyInForce) {
  policy_.set_version(4);
  policy_.mutable_policy()->set_dormant_review_days(7);
  OpenCase();
  const v1::CaseEvent event = Apply(StatusChange(v1::DORMANT));
  EXPECT_THAT(event.status_changed().review_by(), IsTime(Now() + absl::Hours(24 * 7)));
}

TEST_F(ChangeStatusTest, GivenReviewByIsKept) {
  OpenCase();
  const absl::Time review_by = Now() + absl::Hours(24 * 3);
  v1::ChangeStatusRequest request = StatusChange(v1::DORMANT);
  *request.mutable_review_by() = ToProto(review_by);
  const v1::CaseEvent event = Apply(request);
  EXPECT_THAT(event.status_changed().review_by(), IsTime(review_by));
  EXPECT_THAT(state_.review_by(), IsTime(review_by));
}

TEST_F(ChangeStatusTest, ReviewByNotAfterGoingDormantIsRefused) {
  OpenCase();
  v1::ChangeStatusRequest request = StatusChange(v1::DORMANT);
  *request.mutable_review_by() = ToProto(Now());
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("review_by")));
  *request.mutable_review_by() = ToProto(Now() - absl::Hours(1));
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("review_by")));
}

TEST_F(ChangeStatusTest, ReviewByIsComparedWithTheBackdatedOccurredAt) {
  OpenCase();
  v1::ChangeStatusRequest request = StatusChange(v1::DORMANT);
  *request.mutable_header() = HeaderAt(Now() - absl::Hours(48));
  *request.mutable_review_by() = ToProto(Now() - absl::Hours(24));
  const v1::CaseEvent event = Apply(request);
  EXPECT_THAT(event.status_changed().review_by(), IsTime(Now() - absl::Hours(24)));
}

TEST_F(ChangeStatusTest, ReviewByIsOnlyForACaseGoingDormant) {
  OpenCase();
  v1::ChangeStatusRequest request = StatusChange(v1::CLOSED, "resolved");
  *request.mutable_review_by() = ToProto(Now() + absl::Hours(24));
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("review_by")));
}

TEST_F(ChangeStatusTest, ReviewByInThePastIsReportedWithTheOtherBadFields) {
  OpenCase();
  v1::ChangeStatusRequest request = StatusChange(v1::DORMANT);
  request.mutable_header()->clear_command_id();
  *request.mutable_review_by() = ToProto(Now() - absl::Hours(1));
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("header.command_id", "review_by")));
}

TEST_F(ChangeStatusTest, DormantCaseGoingLiveAgainLosesItsReviewBy) {
  OpenCase();
  Apply(StatusChange(v1::DORMANT));
  ASSERT_TRUE(state_.has_review_by());
  const v1::CaseEvent event = Apply(StatusChange(v1::LIVE));
  EXPECT_EQ(event.status_changed().from(), v1::DORMANT);
  EXPECT_FALSE(event.status_changed().has_review_by());
  EXPECT_EQ(state_.status(), v1::LIVE);
  EXPECT_FALSE(state_.has_review_by());
}

TEST_F(ChangeStatusTest, ClosingNeedsAnOutcome) {
  OpenCase();
  EXPECT_THAT(Try(StatusChange(v1::CLOSED)), InvalidFields(ElementsAre("outcome")));
  EXPECT_THAT(Try(StatusChange(v1::CLOSED, "  \n ")), InvalidFields(ElementsAre("outcome")));
}

TEST_F(ChangeStatusTest, ClosingRecordsTheOutcome) {
  OpenCase();
  const v1::CaseEvent event = Apply(StatusChange(v1::CLOSED, "claim withdrawn"));
  EXPECT_EQ(event.status_changed().from(), v1::LIVE);
  EXPECT_EQ(event.status_changed().to(), v1::CLOSED);
  EXPECT_EQ(event.status_changed().outcome(), "claim withdrawn");
  EXPECT_EQ(state_.status(), v1::CLOSED);
  EXPECT_EQ(state_.outcome(), "claim withdrawn");
  EXPECT_FALSE(state_.has_review_by());
}

TEST_F(ChangeStatusTest, DormantCaseCanBeClosedAndLosesItsReviewBy) {
  OpenCase();
  Apply(StatusChange(v1::DORMANT));
  const v1::CaseEvent event = Apply(StatusChange(v1::CLOSED, "no contact for months"));
  EXPECT_EQ(event.status_changed().from(), v1::DORMANT);
  EXPECT_EQ(state_.status(), v1::CLOSED);
  EXPECT_FALSE(state_.has_review_by());
}

TEST_F(ChangeStatusTest, ReopeningNeedsAReason) {
  OpenCase();
  Close();
  EXPECT_THAT(Try(StatusChange(v1::LIVE)), InvalidFields(ElementsAre("reason")));
  EXPECT_THAT(Try(StatusChange(v1::LIVE, "", "\t")), InvalidFields(ElementsAre("reason")));
}

TEST_F(ChangeStatusTest, ReopeningRecordsTheReasonAndClearsTheOutcome) {
  OpenCase();
  Close();
  const v1::CaseEvent event = Apply(StatusChange(v1::LIVE, "", "new claim issued"));
  EXPECT_EQ(event.status_changed().from(), v1::CLOSED);
  EXPECT_EQ(event.status_changed().to(), v1::LIVE);
  EXPECT_EQ(event.status_changed().reason(), "new claim issued");
  EXPECT_EQ(state_.status(), v1::LIVE);
  EXPECT_EQ(state_.outcome(), "");
}

TEST_F(ChangeStatusTest, ClosedCaseCanBeArchived) {
  OpenCase();
  Close();
  const v1::CaseEvent event = Apply(StatusChange(v1::ARCHIVED));
  EXPECT_EQ(event.status_changed().from(), v1::CLOSED);
  EXPECT_EQ(state_.status(), v1::ARCHIVED);
  EXPECT_EQ(state_.outcome(), "possession claim withdrawn");
}

TEST_F(ChangeStatusTest, MovesTheLifecycleDoesNotAllowAreFailedPrecondition) {
  struct Move {
    std::vector<v1::CaseStatus> path;  // from LIVE, to reach the starting status
    v1::CaseStatus to;
  };
  const Move moves[] = {
      {{}, v1::LIVE},
      {{}, v1::ARCHIVED},
      {{v1::DORMANT}, v1::DORMANT},
      {{v1::DORMANT}, v1::ARCHIVED},
      {{v1::CLOSED}, v1::DORMANT},
      {{v1::CLOSED}, v1::CLOSED},
  };
  for (const Move& move : moves) {
    state_.Clear();
    OpenCase();
    for (v1::CaseStatus step : move.path) Apply(StatusChange(step, "outcome"));
    SCOPED_TRACE(
        absl::StrCat(v1::CaseStatus_Name(state_.status()), " -> ", v1::CaseStatus_Name(move.to)));
    v1::ChangeStatusRequest request = StatusChange(move.to, "outcome", "reason");
    EXPECT_THAT(Try(request),
                StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cannot go from")));
  }
}

TEST_F(ChangeStatusTest, ArchivedCaseCannotMoveAnywhere) {
  OpenCase();
  Archive();
  for (v1::CaseStatus to : {v1::LIVE, v1::DORMANT, v1::CLOSED, v1::ARCHIVED}) {
    SCOPED_TRACE(v1::CaseStatus_Name(to));
    EXPECT_THAT(Try(StatusChange(to, "outcome", "reason")),
                StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("archived")));
  }
}

TEST_F(ChangeStatusTest, TargetStatusIsRequired) {
  OpenCase();
  EXPECT_THAT(Try(StatusChange(v1::CASE_STATUS_UNSPECIFIED)), InvalidFields(ElementsAre("to")));
}

TEST_F(ChangeStatusTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(StatusChange(v1::DORMANT)), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ChangeStatusTest, SeveralBadFieldsAreReportedTogether) {
  OpenCase();
  v1::ChangeStatusRequest request = StatusChange(v1::CLOSED);
  request.mutable_header()->clear_command_id();
  request.set_reason(std::string(kMaxShortTextBytes + 1, 'r'));
  *request.mutable_review_by() = ToProto(Now() + absl::Hours(24));
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("header.command_id", "outcome",
                                                               "reason", "review_by")));
}

// ---------------------------------------------------------------------------------------
// An archived case refuses every command.

class ArchivedCaseRefusesTest : public CaseTest {
 protected:
  // A case with one of each record, then closed and archived.
  void SetUp() override {
    OpenAndAssign();
    Apply(Note("n-1"));
    v1::SetDeadlineRequest deadline;
    *deadline.mutable_header() = Header();
    deadline.set_deadline_id("d-1");
    deadline.mutable_deadline()->set_kind(v1::COURT_OR_TRIBUNAL);
    *deadline.mutable_deadline()->mutable_due_at() = ToProto(Now() + absl::Hours(24 * 14));
    deadline.mutable_deadline()->set_what("file defence");
    Apply(deadline);
    Apply(Incident("i-1", v1::COMPLAINT, v1::MINOR));
    v1::RecordObstacleRequest obstacle;
    *obstacle.mutable_header() = Header();
    obstacle.set_obstacle_id("o-1");
    obstacle.mutable_obstacle()->set_kind(v1::THIRD_PARTY);
    obstacle.mutable_obstacle()->set_description("landlord not replying");
    Apply(obstacle);
    v1::SetOutcomeRequest outcome;
    *outcome.mutable_header() = Header();
    outcome.set_outcome_id("out-1");
    outcome.mutable_outcome()->set_description("keep the home");
    outcome.mutable_outcome()->set_measure("claim dismissed");
    *outcome.mutable_outcome()->mutable_target_date() = ToProto(Now() + absl::Hours(24 * 90));
    Apply(outcome);
    Archive();
    ASSERT_EQ(state_.status(), v1::ARCHIVED);
  }

  template <typename Request>
  void ExpectRefused(const Request& request) {
    SCOPED_TRACE(Request::descriptor()->name());
    EXPECT_THAT(Try(request),
                StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("archived")));
  }
};

TEST_F(ArchivedCaseRefusesTest, EveryCommandOnAnArchivedCaseIsFailedPrecondition) {
  ExpectRefused(Assignment("worker:bo", "cover"));
  ExpectRefused(StatusChange(v1::LIVE, "", "reopen"));
  ExpectRefused(Note("n-2"));
  {
    v1::CorrectNoteRequest r;
    *r.mutable_header() = Header();
    r.set_corrects_note_id("n-1");
    r.set_reason("typo");
    *r.mutable_note() = NoteContentOf("called the landlord's agent");
    ExpectRefused(r);
  }
  {
    v1::SetDeadlineRequest r;
    *r.mutable_header() = Header();
    r.mutable_deadline()->set_kind(v1::FOLLOW_UP);
    *r.mutable_deadline()->mutable_due_at() = ToProto(Now() + absl::Hours(24));
    r.mutable_deadline()->set_what("chase");
    ExpectRefused(r);
  }
  {
    v1::CompleteDeadlineRequest r;
    *r.mutable_header() = Header();
    r.set_deadline_id("d-1");
    ExpectRefused(r);
  }
  {
    v1::RecordDeadlineActionRequest r;
    *r.mutable_header() = Header();
    r.set_deadline_id("d-1");
    r.set_action("ask for an extension");
    ExpectRefused(r);
  }
  ExpectRefused(Assessment({1, 1, 1, 1}));
  ExpectRefused(Override(v1::GREEN));
  ExpectRefused(Incident("i-2", v1::COMPLAINT, v1::MINOR));
  {
    v1::ResolveIncidentRequest r;
    *r.mutable_header() = Header();
    r.set_incident_id("i-1");
    r.set_resolution("apologised");
    ExpectRefused(r);
  }
  {
    v1::RecordReferralRequest r;
    *r.mutable_header() = Header();
    r.mutable_referral()->set_direction(v1::EXTERNAL);
    r.mutable_referral()->set_referred_to("debt advice");
    r.mutable_referral()->set_reason("arrears");
    r.mutable_referral()->set_consent(v1::GIVEN);
    ExpectRefused(r);
  }
  {
    v1::RecordObstacleRequest r;
    *r.mutable_header() = Header();
    r.mutable_obstacle()->set_kind(v1::RESOURCES);
    r.mutable_obstacle()->set_description("no interpreter");
    ExpectRefused(r);
  }
  {
    v1::ResolveObstacleRequest r;
    *r.mutable_header() = Header();
    r.set_obstacle_id("o-1");
    r.set_resolution("landlord replied");
    ExpectRefused(r);
  }
  {
    v1::SetOutcomeRequest r;
    *r.mutable_header() = Header();
    r.mutable_outcome()->set_description("benefits in payment");
    r.mutable_outcome()->set_measure("award letter");
    *r.mutable_outcome()->mutable_target_date() = ToProto(Now() + absl::Hours(24 * 30));
    ExpectRefused(r);
  }
  {
    v1::RecordOutcomeProgressRequest r;
    *r.mutable_header() = Header();
    r.set_outcome_id("out-1");
    r.set_status(v1::ACHIEVED);
    r.set_percent_complete(100);
    ExpectRefused(r);
  }
  {
    v1::RecordFileReviewRequest r;
    *r.mutable_header() = Header();
    r.mutable_review()->set_revision_reviewed(1);
    r.mutable_review()->set_findings("fine");
    r.mutable_review()->set_feedback_given("well done");
    ExpectRefused(r);
  }
  {
    v1::AddKeyPersonRequest r;
    *r.mutable_header() = Header();
    r.mutable_person()->set_relationship(v1::FAMILY);
    r.mutable_person()->set_name("sister");
    r.mutable_person()->set_consent(v1::GIVEN);
    ExpectRefused(r);
  }
}

TEST_F(ArchivedCaseRefusesTest, OpeningItAgainIsAlreadyExists) {
  EXPECT_THAT(Try(AdviceCase()), StatusIs(absl::StatusCode::kAlreadyExists));
}

// ---------------------------------------------------------------------------------------
// Evolve and the helpers around it

TEST(EvolveTest, EveryEventRaisesTheRevisionAndTheLastActivity) {
  v1::CaseEvent opened;
  *opened.mutable_occurred_at() = ToProto(absl::FromUnixSeconds(1000));
  opened.mutable_case_opened()->set_case_id("c");
  v1::CaseEvent assigned;
  *assigned.mutable_occurred_at() = ToProto(absl::FromUnixSeconds(2000));
  assigned.mutable_case_assigned()->set_worker_id("w");
  const v1::CaseState state = Fold({opened, assigned});
  EXPECT_EQ(state.revision(), 2u);
  EXPECT_THAT(state.last_activity_at(), IsTime(absl::FromUnixSeconds(2000)));
  EXPECT_THAT(state.opened().at(), IsTime(absl::FromUnixSeconds(1000)));
  EXPECT_EQ(state.worker_id(), "w");
}

TEST(EventTypeTest, NamesTheFactOfTheEvent) {
  v1::CaseEvent event;
  EXPECT_EQ(EventType(event), "Unknown");
  event.mutable_note_recorded();
  EXPECT_EQ(EventType(event), "NoteRecorded");
  event.mutable_priority_overridden();
  EXPECT_EQ(EventType(event), "PriorityOverridden");
  event.mutable_key_person_added();
  EXPECT_EQ(EventType(event), "KeyPersonAdded");
}

TEST(CaseStreamIdTest, PrefixesTheCaseId) { EXPECT_EQ(CaseStreamId("abc-1"), "case-abc-1"); }

TEST(BadRequestOfTest, IsEmptyForAStatusWithoutOne) {
  EXPECT_FALSE(BadRequestOf(absl::OkStatus()).has_value());
  EXPECT_FALSE(BadRequestOf(absl::InvalidArgumentError("plain")).has_value());
  EXPECT_THAT(BadFields(InvalidField("x.y", "is bad")), ElementsAre("x.y"));
  EXPECT_THAT(BadFields(absl::OkStatus()), IsEmpty());
}

}  // namespace
}  // namespace caseledger::domain
