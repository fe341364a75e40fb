// AssessPriority, Reprioritise, FlagUntowardIncident, ResolveIncident, and the rule that a
// serious incident holds routine notes until the priority is looked at again.

#include <string>

#include "tests/domain/case_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

class PriorityTest : public CaseTest {
 protected:
  v1::ResolveIncidentRequest Resolution(std::string incident_id,
                                        std::string resolution = "apologised; procedure changed",
                                        std::string lessons = "check letters twice") {
    v1::ResolveIncidentRequest request;
    *request.mutable_header() = Header();
    request.set_incident_id(std::move(incident_id));
    request.set_resolution(std::move(resolution));
    request.set_lessons_learned(std::move(lessons));
    return request;
  }

  v1::RecordNoteRequest NoteOnIncident(std::string note_id, std::string incident_id) {
    v1::RecordNoteRequest request = Note(std::move(note_id), "told the safeguarding lead");
    request.mutable_note()->set_incident_id(std::move(incident_id));
    return request;
  }
};

using AssessPriorityTest = PriorityTest;
using ReprioritiseTest = PriorityTest;
using PriorityHistoryTest = PriorityTest;
using FlagUntowardIncidentTest = PriorityTest;
using ReassessmentTest = PriorityTest;
using ResolveIncidentTest = PriorityTest;

// ---------------------------------------------------------------------------------------
// AssessPriority

TEST_F(AssessPriorityTest, EventCarriesTheScoresTheComputedRagAndThePolicyVersion) {
  OpenAndAssign();
  v1::AssessPriorityRequest request = Assessment({5, 5, 5, 5}, "eviction in days");
  request.add_informed("client");
  request.add_informed("supervisor:jo");
  absl::StatusOr<Events> events = Try(request);
  ASSERT_THAT(events, IsOk());
  ASSERT_THAT(*events, SizeIs(1));
  const v1::CaseEvent& event = events->front();
  EXPECT_EQ(EventType(event), "PriorityAssessed");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_EQ(event.actor_role(), "caseworker");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  const v1::PriorityAssessed& assessed = event.priority_assessed();
  EXPECT_EQ(assessed.policy_version(), 0u);
  ASSERT_THAT(assessed.scores(), SizeIs(4));
  for (int i = 0; i < 4; ++i) EXPECT_THAT(assessed.scores(i), EqualsProto(request.scores(i)));
  EXPECT_THAT(assessed.score(), DoubleEq(100));
  EXPECT_EQ(assessed.rag(), v1::RED);
  EXPECT_EQ(assessed.previous_rag(), v1::RAG_UNSPECIFIED);
  EXPECT_EQ(assessed.rationale(), "eviction in days");
  EXPECT_THAT(assessed.informed(), ElementsAre("client", "supervisor:jo"));
}

TEST_F(AssessPriorityTest, FoldedAssessmentIsTheCasesPriority) {
  OpenCase();
  const absl::Time when = Now() - absl::Hours(1);
  v1::AssessPriorityRequest request = Assessment({4, 2, 0, 0}, "risk but time to act");
  *request.mutable_header() = HeaderAt(when);
  request.add_informed("client");
  Apply(request);
  const v1::PriorityDecision& priority = state_.priority();
  // (3 * 4/5 + 2 * 2/5) / 8 * 100 = 40: exactly the amber threshold.
  EXPECT_THAT(priority.score(), DoubleEq(40));
  EXPECT_EQ(priority.rag(), v1::AMBER);
  EXPECT_EQ(priority.computed_rag(), v1::AMBER);
  EXPECT_FALSE(priority.overridden());
  EXPECT_EQ(priority.policy_version(), 0u);
  EXPECT_EQ(priority.rationale(), "risk but time to act");
  EXPECT_THAT(priority.scores(), SizeIs(4));
  EXPECT_THAT(priority.informed(), ElementsAre("client"));
  EXPECT_EQ(priority.decided().actor(), "worker:ana");
  EXPECT_THAT(priority.decided().at(), IsTime(when));
  ASSERT_THAT(state_.priority_history(), SizeIs(1));
  EXPECT_THAT(state_.priority_history(0), EqualsProto(priority));
}

TEST_F(AssessPriorityTest, ScoresAgainstThePolicyVersionInForce) {
  policy_.set_version(3);
  v1::Policy& policy = *policy_.mutable_policy();
  policy.clear_criteria();
  v1::PriorityCriterion* only = policy.add_criteria();
  only->set_name("harm");
  only->set_weight(1);
  only->set_scale_max(10);
  OpenCase();
  v1::AssessPriorityRequest request = Assessment({}, "one criterion");
  v1::CriterionScore* score = request.add_scores();
  score->set_criterion("harm");
  score->set_score(7);
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(event.priority_assessed().policy_version(), 3u);
  EXPECT_THAT(event.priority_assessed().score(), DoubleEq(70));
  EXPECT_EQ(event.priority_assessed().rag(), v1::RED);
  EXPECT_EQ(state_.priority().policy_version(), 3u);
  // The default policy's criteria are not those of version 3.
  EXPECT_THAT(Try(Assessment({1, 1, 1, 1})), InvalidFields(SizeIs(5)));
}

TEST_F(AssessPriorityTest, WithoutAPolicyInTheContextTheDefaultPolicyApplies) {
  context_.policy = nullptr;
  OpenCase();
  const v1::CaseEvent event = Apply(Assessment({0, 0, 0, 0}));
  EXPECT_EQ(event.priority_assessed().policy_version(), 0u);
  EXPECT_THAT(event.priority_assessed().score(), DoubleEq(0));
  EXPECT_EQ(event.priority_assessed().rag(), v1::GREEN);
}

TEST_F(AssessPriorityTest, ReassessmentRecordsThePreviousRag) {
  OpenCase();
  Apply(Assessment({5, 5, 5, 5}));
  const v1::CaseEvent event = Apply(Assessment({1, 0, 0, 0}, "eviction stayed"));
  EXPECT_EQ(event.priority_assessed().previous_rag(), v1::RED);
  EXPECT_EQ(event.priority_assessed().rag(), v1::GREEN);
  EXPECT_EQ(state_.priority().rag(), v1::GREEN);
}

TEST_F(AssessPriorityTest, RationaleIsRequired) {
  OpenCase();
  EXPECT_THAT(Try(Assessment({1, 1, 1, 1}, "")), InvalidFields(ElementsAre("rationale")));
  EXPECT_THAT(Try(Assessment({1, 1, 1, 1}, "  ")), InvalidFields(ElementsAre("rationale")));
}

TEST_F(AssessPriorityTest, EachBlankInformedEntryIsNamed) {
  OpenCase();
  v1::AssessPriorityRequest request = Assessment({1, 1, 1, 1});
  request.add_informed("client");
  request.add_informed("");
  request.add_informed(std::string(kMaxShortTextBytes + 1, 'x'));
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("informed[1]", "informed[2]")));
}

TEST_F(AssessPriorityTest, ScoreAboveTheCriterionsScaleIsNamedByIndex) {
  OpenCase();
  EXPECT_THAT(Try(Assessment({5, 6, 5, 5})), InvalidFields(ElementsAre("scores[1].score")));
}

TEST_F(AssessPriorityTest, UnknownRepeatedAndMissingCriteriaAreAllNamed) {
  OpenCase();
  v1::AssessPriorityRequest request = Assessment({1, 1});  // risk_of_harm, deadline_urgency
  v1::CriterionScore* unknown = request.add_scores();
  unknown->set_criterion("wealth");
  unknown->set_score(1);
  v1::CriterionScore* repeated = request.add_scores();
  repeated->set_criterion("risk_of_harm");
  repeated->set_score(2);
  // vulnerability and impact are left unscored.
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre(
                                "scores[2].criterion", "scores[3].criterion", "scores", "scores")));
}

TEST_F(AssessPriorityTest, BadScoresAndOtherBadFieldsAreReportedTogether) {
  OpenCase();
  v1::AssessPriorityRequest request = Assessment({5, 9, 5, 5}, "");
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("rationale", "scores[1].score")));
}

TEST_F(AssessPriorityTest, DormantCaseCanBeAssessedButClosedCaseCannot) {
  OpenCase();
  Apply(StatusChange(v1::DORMANT));
  EXPECT_THAT(Try(Assessment({1, 1, 1, 1})), IsOk());
  Apply(StatusChange(v1::CLOSED, "resolved"));
  EXPECT_THAT(Try(Assessment({1, 1, 1, 1})),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
}

TEST_F(AssessPriorityTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Assessment({1, 1, 1, 1})), StatusIs(absl::StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------------------
// Reprioritise

TEST_F(ReprioritiseTest, OverrideWithoutARationaleIsRefused) {
  OpenCase();
  Apply(Assessment({1, 1, 1, 1}));
  EXPECT_THAT(Try(Override(v1::RED, "")), InvalidFields(ElementsAre("rationale")));
  EXPECT_THAT(Try(Override(v1::RED, " \n")), InvalidFields(ElementsAre("rationale")));
}

TEST_F(ReprioritiseTest, MissingRagRationaleAndBlankInformedAreNamedTogether) {
  OpenCase();
  v1::ReprioritiseRequest request = Override(v1::RAG_UNSPECIFIED, "");
  request.add_informed(" ");
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("rag", "rationale", "informed[0]")));
}

TEST_F(ReprioritiseTest, EventRecordsTheOverrideAgainstTheComputedRag) {
  OpenCase();
  Apply(Assessment({1, 0, 0, 0}));  // GREEN
  v1::ReprioritiseRequest request = Override(v1::RED, "client disclosed a threat");
  request.add_informed("supervisor:jo");
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(EventType(event), "PriorityOverridden");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  const v1::PriorityOverridden& overridden = event.priority_overridden();
  EXPECT_EQ(overridden.policy_version(), 0u);
  EXPECT_EQ(overridden.previous_rag(), v1::GREEN);
  EXPECT_EQ(overridden.rag(), v1::RED);
  EXPECT_EQ(overridden.computed_rag(), v1::GREEN);
  EXPECT_EQ(overridden.rationale(), "client disclosed a threat");
  EXPECT_THAT(overridden.informed(), ElementsAre("supervisor:jo"));
}

TEST_F(ReprioritiseTest, FoldedOverrideKeepsTheLastAssessmentsScore) {
  OpenCase();
  Apply(Assessment({1, 0, 0, 0}));
  const double assessed_score = state_.priority().score();
  Apply(Override(v1::AMBER, "tribunal date brought forward"));
  const v1::PriorityDecision& priority = state_.priority();
  EXPECT_EQ(priority.rag(), v1::AMBER);
  EXPECT_EQ(priority.computed_rag(), v1::GREEN);
  EXPECT_TRUE(priority.overridden());
  EXPECT_THAT(priority.score(), DoubleEq(assessed_score));
  EXPECT_THAT(priority.scores(), SizeIs(4));
  EXPECT_EQ(priority.rationale(), "tribunal date brought forward");
  EXPECT_EQ(priority.decided().actor(), "worker:ana");
}

TEST_F(ReprioritiseTest, OverrideRecordsThePolicyVersionInForce) {
  policy_.set_version(6);
  OpenCase();
  const v1::CaseEvent event = Apply(Override(v1::AMBER));
  EXPECT_EQ(event.priority_overridden().policy_version(), 6u);
  EXPECT_EQ(event.priority_overridden().previous_rag(), v1::RAG_UNSPECIFIED);
  EXPECT_EQ(state_.priority().rag(), v1::AMBER);
}

TEST_F(ReprioritiseTest, ClosedCaseCannotBeReprioritised) {
  OpenCase();
  Close();
  EXPECT_THAT(Try(Override(v1::RED)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
}

TEST_F(ReprioritiseTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Override(v1::RED)), StatusIs(absl::StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------------------
// Priority history

TEST_F(PriorityHistoryTest, EveryDecisionIsKeptInOrderWithItsRationale) {
  OpenCase();
  Apply(Assessment({5, 5, 5, 5}, "first assessment"));
  Apply(Override(v1::AMBER, "risk managed by safety plan"));
  Apply(Assessment({0, 0, 0, 0}, "all risks resolved"));
  ASSERT_THAT(state_.priority_history(), SizeIs(3));
  const auto& history = state_.priority_history();
  EXPECT_EQ(history[0].rationale(), "first assessment");
  EXPECT_EQ(history[0].rag(), v1::RED);
  EXPECT_FALSE(history[0].overridden());
  EXPECT_EQ(history[1].rationale(), "risk managed by safety plan");
  EXPECT_EQ(history[1].rag(), v1::AMBER);
  EXPECT_EQ(history[1].computed_rag(), v1::RED);
  EXPECT_TRUE(history[1].overridden());
  EXPECT_EQ(history[2].rationale(), "all risks resolved");
  EXPECT_EQ(history[2].rag(), v1::GREEN);
  EXPECT_FALSE(history[2].overridden());
  EXPECT_THAT(state_.priority(), EqualsProto(history[2]));
}

// ---------------------------------------------------------------------------------------
// FlagUntowardIncident

TEST_F(FlagUntowardIncidentTest, MinorIncidentIsRecordedWithoutReassessment) {
  OpenCase();
  const v1::FlagUntowardIncidentRequest request = Incident("i-1", v1::COMPLAINT, v1::MINOR);
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(EventType(event), "UntowardIncidentFlagged");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  const v1::UntowardIncidentFlagged& flagged = event.untoward_incident_flagged();
  EXPECT_EQ(flagged.incident_id(), "i-1");
  EXPECT_THAT(flagged.incident(), EqualsProto(request.incident()));
  EXPECT_FALSE(flagged.reassessment_required());
  ASSERT_THAT(state_.incidents(), SizeIs(1));
  const v1::Incident& incident = state_.incidents(0);
  EXPECT_EQ(incident.incident_id(), "i-1");
  EXPECT_THAT(incident.incident(), EqualsProto(request.incident()));
  EXPECT_EQ(incident.flagged().actor(), "worker:ana");
  EXPECT_THAT(incident.flagged().at(), IsTime(Now()));
  EXPECT_FALSE(incident.reassessment_required());
  EXPECT_FALSE(incident.has_resolved());
  EXPECT_FALSE(state_.reassessment_required());
}

TEST_F(FlagUntowardIncidentTest, SeriousIncidentRequiresReassessment) {
  OpenCase();
  v1::FlagUntowardIncidentRequest request = Incident("i-1", v1::REPORTED_RISK, v1::SERIOUS);
  *request.mutable_header() = HeaderAt(Now() - absl::Hours(1));
  const v1::CaseEvent event = Apply(request);
  EXPECT_TRUE(event.untoward_incident_flagged().reassessment_required());
  EXPECT_THAT(event.occurred_at(), IsTime(Now() - absl::Hours(1)));
  EXPECT_TRUE(state_.incidents(0).reassessment_required());
  EXPECT_TRUE(state_.reassessment_required());
  EXPECT_EQ(state_.reassessment_incident_id(), "i-1");
}

TEST_F(FlagUntowardIncidentTest, IncidentWithoutAnIdGetsTheContextsNewId) {
  OpenCase();
  const v1::CaseEvent event = Apply(Incident("", v1::COMPLAINT, v1::MINOR));
  EXPECT_EQ(event.untoward_incident_flagged().incident_id(), kNewId);
}

TEST_F(FlagUntowardIncidentTest, MissingIncidentIsNamed) {
  OpenCase();
  v1::FlagUntowardIncidentRequest request = Incident("i-1", v1::COMPLAINT, v1::MINOR);
  request.clear_incident();
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("incident")));
}

TEST_F(FlagUntowardIncidentTest, EmptyIncidentNamesKindSeverityAndDescription) {
  OpenCase();
  v1::FlagUntowardIncidentRequest request = Incident("i 1", v1::COMPLAINT, v1::MINOR);
  request.mutable_incident()->Clear();
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("incident_id", "incident.kind",
                                                 "incident.severity", "incident.description")));
}

TEST_F(FlagUntowardIncidentTest, SeriousIncidentNeedsImmediateActionAndEscalation) {
  OpenCase();
  for (v1::FlagUntowardIncidentRequest request :
       {Incident("i-1", v1::COMPLAINT, v1::SERIOUS), Incident("i-1", v1::COMPLAINT, v1::CRITICAL),
        Incident("i-1", v1::SAFEGUARDING_CONCERN, v1::MINOR),
        Incident("i-1", v1::CATASTROPHIC_INCIDENT, v1::MODERATE)}) {
    SCOPED_TRACE(request.incident().ShortDebugString());
    request.mutable_incident()->clear_immediate_action();
    request.mutable_incident()->set_escalated_to(" ");
    EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("incident.immediate_action",
                                                                 "incident.escalated_to")));
  }
}

TEST_F(FlagUntowardIncidentTest, MinorIncidentNeedsNoImmediateActionOrEscalation) {
  OpenCase();
  v1::FlagUntowardIncidentRequest request = Incident("i-1", v1::MISSED_DEADLINE, v1::MODERATE);
  request.mutable_incident()->clear_immediate_action();
  request.mutable_incident()->clear_escalated_to();
  EXPECT_THAT(Try(request), IsOk());
}

TEST_F(FlagUntowardIncidentTest, IncidentIdInUseIsAlreadyExists) {
  OpenCase();
  Apply(Incident("i-1", v1::COMPLAINT, v1::MINOR));
  EXPECT_THAT(Try(Incident("i-1", v1::NON_ATTENDANCE, v1::MINOR)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("i-1")));
}

TEST_F(FlagUntowardIncidentTest, IncidentOnAClosedCaseIsRecordedWithoutHoldingTheCase) {
  OpenCase();
  Close();
  const v1::CaseEvent event = Apply(Incident("i-1", v1::SAFEGUARDING_CONCERN, v1::CRITICAL));
  EXPECT_FALSE(event.untoward_incident_flagged().reassessment_required());
  EXPECT_FALSE(state_.reassessment_required());
  EXPECT_THAT(state_.incidents(), SizeIs(1));
}

TEST_F(FlagUntowardIncidentTest, IncidentOnADormantCaseHoldsIt) {
  OpenCase();
  Apply(StatusChange(v1::DORMANT));
  Apply(Incident("i-1", v1::REPORTED_RISK, v1::SERIOUS));
  EXPECT_TRUE(state_.reassessment_required());
}

TEST_F(FlagUntowardIncidentTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Incident("i-1", v1::COMPLAINT, v1::MINOR)),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(RequiresReassessmentTest, SeriousOrCriticalOrSafeguardingOrCatastrophic) {
  EXPECT_FALSE(RequiresReassessment(IncidentOf(v1::COMPLAINT, v1::MINOR)));
  EXPECT_FALSE(RequiresReassessment(IncidentOf(v1::REPORTED_RISK, v1::MODERATE)));
  EXPECT_FALSE(RequiresReassessment(IncidentOf(v1::AGGRESSIVE_OR_VIOLENT_BEHAVIOUR, v1::MINOR)));
  EXPECT_TRUE(RequiresReassessment(IncidentOf(v1::COMPLAINT, v1::SERIOUS)));
  EXPECT_TRUE(RequiresReassessment(IncidentOf(v1::INCORRECT_ADVICE, v1::CRITICAL)));
  EXPECT_TRUE(RequiresReassessment(IncidentOf(v1::SAFEGUARDING_CONCERN, v1::MINOR)));
  EXPECT_TRUE(RequiresReassessment(IncidentOf(v1::CATASTROPHIC_INCIDENT, v1::MINOR)));
  EXPECT_TRUE(RequiresReassessment(IncidentOf(v1::SAFEGUARDING_CONCERN, v1::MODERATE)));
}

// ---------------------------------------------------------------------------------------
// The reassessment rule

TEST_F(ReassessmentTest, EachKindOfSeriousIncidentBlocksRoutineNotes) {
  for (const auto& [kind, severity] : std::vector<std::pair<v1::IncidentKind, v1::Severity>>{
           {v1::REPORTED_RISK, v1::SERIOUS},
           {v1::COMPLAINT, v1::CRITICAL},
           {v1::SAFEGUARDING_CONCERN, v1::MINOR},
           {v1::CATASTROPHIC_INCIDENT, v1::MODERATE}}) {
    SCOPED_TRACE(absl::StrCat(v1::IncidentKind_Name(kind), " ", v1::Severity_Name(severity)));
    state_.Clear();
    OpenCase();
    Apply(Incident("i-1", kind, severity));
    EXPECT_TRUE(state_.reassessment_required());
    EXPECT_THAT(Try(Note("n-1")),
                StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("i-1")));
  }
}

TEST_F(ReassessmentTest, ModerateIncidentDoesNotBlockNotes) {
  OpenCase();
  Apply(Incident("i-1", v1::REPORTED_RISK, v1::MODERATE));
  EXPECT_FALSE(state_.reassessment_required());
  EXPECT_THAT(Try(Note("n-1")), IsOk());
}

TEST_F(ReassessmentTest, NoteAboutTheIncidentIsAllowedWhileBlocked) {
  OpenCase();
  Apply(Incident("i-1", v1::SAFEGUARDING_CONCERN, v1::SERIOUS));
  Apply(NoteOnIncident("n-1", "i-1"));
  ASSERT_THAT(state_.notes(), SizeIs(1));
  EXPECT_EQ(state_.notes(0).note().incident_id(), "i-1");
  EXPECT_TRUE(state_.reassessment_required());
}

TEST_F(ReassessmentTest, NoteAboutAnotherIncidentIsStillBlocked) {
  OpenCase();
  Apply(Incident("i-1", v1::COMPLAINT, v1::MINOR));
  Apply(Incident("i-2", v1::SAFEGUARDING_CONCERN, v1::SERIOUS));
  EXPECT_THAT(Try(NoteOnIncident("n-1", "i-1")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("i-2")));
}

TEST_F(ReassessmentTest, AssessingThePriorityLiftsTheBlock) {
  OpenCase();
  Apply(Incident("i-1", v1::SAFEGUARDING_CONCERN, v1::SERIOUS));
  Apply(Assessment({5, 3, 5, 3}, "reassessed after the disclosure"));
  EXPECT_FALSE(state_.reassessment_required());
  EXPECT_EQ(state_.reassessment_incident_id(), "");
  EXPECT_TRUE(state_.incidents(0).reassessment_required());
  EXPECT_THAT(Try(Note("n-1")), IsOk());
}

TEST_F(ReassessmentTest, ReprioritisingLiftsTheBlock) {
  OpenCase();
  Apply(Incident("i-1", v1::CATASTROPHIC_INCIDENT, v1::CRITICAL));
  Apply(Override(v1::RED, "immediate risk to life"));
  EXPECT_FALSE(state_.reassessment_required());
  EXPECT_THAT(Try(Note("n-1")), IsOk());
}

TEST_F(ReassessmentTest, ResolvingTheIncidentDoesNotLiftTheBlock) {
  OpenCase();
  Apply(Incident("i-1", v1::REPORTED_RISK, v1::SERIOUS));
  Apply(Resolution("i-1"));
  EXPECT_TRUE(state_.reassessment_required());
  EXPECT_THAT(Try(Note("n-1")), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(ReassessmentTest, LaterSeriousIncidentMovesTheBlockToIt) {
  OpenCase();
  Apply(Incident("i-1", v1::REPORTED_RISK, v1::SERIOUS));
  Apply(Incident("i-2", v1::SAFEGUARDING_CONCERN, v1::CRITICAL));
  EXPECT_EQ(state_.reassessment_incident_id(), "i-2");
  EXPECT_THAT(Try(NoteOnIncident("n-1", "i-2")), IsOk());
}

TEST_F(ReassessmentTest, CorrectionThatIsARoutineNoteIsBlockedToo) {
  OpenCase();
  Apply(Note("n-1"));
  Apply(Incident("i-1", v1::SAFEGUARDING_CONCERN, v1::SERIOUS));
  v1::CorrectNoteRequest request;
  *request.mutable_header() = Header();
  request.set_note_id("n-2");
  request.set_corrects_note_id("n-1");
  request.set_reason("wrong date");
  *request.mutable_note() = NoteContentOf("called the landlord on Monday");
  EXPECT_THAT(Try(request), StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("i-1")));
}

// ---------------------------------------------------------------------------------------
// ResolveIncident

TEST_F(ResolveIncidentTest, ResolutionAndLessonsAreRecordedOnTheIncident) {
  OpenCase();
  Apply(Incident("i-1", v1::INCORRECT_LETTER, v1::MODERATE));
  const v1::CaseEvent event = Apply(Resolution("i-1"));
  EXPECT_EQ(EventType(event), "IncidentResolved");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_EQ(event.incident_resolved().incident_id(), "i-1");
  EXPECT_EQ(event.incident_resolved().resolution(), "apologised; procedure changed");
  EXPECT_EQ(event.incident_resolved().lessons_learned(), "check letters twice");
  const v1::Incident& incident = state_.incidents(0);
  ASSERT_TRUE(incident.has_resolved());
  EXPECT_EQ(incident.resolved().actor(), "worker:ana");
  EXPECT_THAT(incident.resolved().at(), IsTime(Now()));
  EXPECT_EQ(incident.resolution(), "apologised; procedure changed");
  EXPECT_EQ(incident.lessons_learned(), "check letters twice");
}

TEST_F(ResolveIncidentTest, ResolvingTwiceIsFailedPrecondition) {
  OpenCase();
  Apply(Incident("i-1", v1::COMPLAINT, v1::MINOR));
  Apply(Resolution("i-1"));
  EXPECT_THAT(Try(Resolution("i-1")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already resolved")));
}

TEST_F(ResolveIncidentTest, UnknownIncidentIsNotFound) {
  OpenCase();
  EXPECT_THAT(Try(Resolution("i-9")), StatusIs(absl::StatusCode::kNotFound, HasSubstr("i-9")));
}

TEST_F(ResolveIncidentTest, MissingIdAndResolutionAreNamedTogether) {
  OpenCase();
  EXPECT_THAT(Try(Resolution("", " ", std::string(kMaxTextBytes + 1, 'l'))),
              InvalidFields(UnorderedElementsAre("incident_id", "resolution", "lessons_learned")));
}

TEST_F(ResolveIncidentTest, IncidentOfAClosedCaseCanBeResolved) {
  OpenCase();
  Apply(Incident("i-1", v1::COMPLAINT, v1::MINOR));
  Close();
  Apply(Resolution("i-1", "complaint upheld", ""));
  EXPECT_TRUE(state_.incidents(0).has_resolved());
  EXPECT_EQ(state_.incidents(0).lessons_learned(), "");
}

TEST_F(ResolveIncidentTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Resolution("i-1")), StatusIs(absl::StatusCode::kNotFound, HasSubstr(kCaseId)));
}

}  // namespace
}  // namespace caseledger::domain
