// A worker's record: SetMonitoringLevel, RecordSupervisionSession, RecordTrainingNeed,
// MeetTrainingNeed, RecordCorrectiveAction, CloseCorrectiveAction and RecordCaseloadReview.

#include <string>

#include "domain/worker.h"
#include "tests/domain/case_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

// The record of worker bo, kept by supervisor jo of team north at a fixed `now`.
class WorkerRecordTest : public ::testing::Test {
 protected:
  static absl::Time Now() {
    return absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 0, 0), absl::UTCTimeZone());
  }

  WorkerRecordTest() {
    context_.actor = "jo";
    context_.actor_role = "supervisor";
    context_.org_id = "org-1";
    context_.team_id = "north";
    context_.now = Now();
    context_.new_id = "new-1";
  }

  v1::WorkerCommandHeader Header() {
    v1::WorkerCommandHeader header;
    header.set_command_id(absl::StrCat("cmd-", ++commands_));
    header.set_worker_id("bo");
    return header;
  }

  template <typename Request>
  absl::StatusOr<WorkerEvents> Try(const Request& request) const {
    return Decide(state_, request, context_);
  }

  template <typename Request>
  v1::WorkerEvent Apply(const Request& request) {
    absl::StatusOr<WorkerEvents> events = Decide(state_, request, context_);
    EXPECT_THAT(events, ::caseledger::testing::IsOk());
    if (!events.ok() || events->size() != 1) return v1::WorkerEvent();
    Evolve(state_, events->front());
    return events->front();
  }

  v1::SetMonitoringLevelRequest Level(v1::MonitoringKind kind, uint32_t number = 0) {
    v1::SetMonitoringLevelRequest request;
    *request.mutable_header() = Header();
    request.mutable_level()->set_kind(kind);
    if (kind == v1::SAMPLE_PERCENT) request.mutable_level()->set_percent(number);
    if (kind == v1::SAMPLE_FILES_PER_MONTH) request.mutable_level()->set_files_per_month(number);
    if (kind == v1::PERIODIC) request.mutable_level()->set_period_days(number);
    request.set_reason("new to debt casework");
    return request;
  }

  v1::RecordSupervisionSessionRequest Session(std::string id) {
    v1::RecordSupervisionSessionRequest request;
    *request.mutable_header() = Header();
    request.set_session_id(std::move(id));
    v1::SupervisionSession* session = request.mutable_session();
    *session->mutable_held_at() = ToProto(Now() - absl::Hours(2));
    session->add_agenda("caseload and priorities");
    session->add_agenda("file review feedback");
    session->add_cases_discussed("c-1");
    session->add_agreed_actions("close two dormant cases this week");
    session->set_wellbeing_discussed("finding the tribunal work stressful");
    session->set_workload_discussed("over the safe level since January");
    *session->mutable_next_session_at() = ToProto(Now() + absl::Hours(24 * 28));
    return request;
  }

  v1::RecordTrainingNeedRequest Need(std::string id) {
    v1::RecordTrainingNeedRequest request;
    *request.mutable_header() = Header();
    request.set_need_id(std::move(id));
    request.mutable_need()->set_need("benefit appeals at tribunal");
    request.mutable_need()->set_competence("7.5 development needs");
    request.mutable_need()->set_identified_from("fr-1");
    return request;
  }

  v1::RecordCorrectiveActionRequest Corrective(std::string id) {
    v1::RecordCorrectiveActionRequest request;
    *request.mutable_header() = Header();
    request.set_action_id(std::move(id));
    request.mutable_action()->set_concern("three reviews in a row found advice incomplete");
    request.mutable_action()->set_action("every file checked before advice for two months");
    *request.mutable_action()->mutable_review_by() = ToProto(Now() + absl::Hours(24 * 60));
    request.mutable_action()->add_evidence("fr-1");
    return request;
  }

  v1::RecordCaseloadReviewRequest CaseloadReview(std::string id) {
    v1::RecordCaseloadReviewRequest request;
    *request.mutable_header() = Header();
    request.set_review_id(std::move(id));
    v1::CaseloadReview* review = request.mutable_review();
    review->add_cases_reviewed("c-1");
    review->add_cases_reviewed("c-2");
    review->add_cases_reprioritised("c-2");
    review->add_cases_closed("c-1");
    review->add_obstacles_found("the council takes six weeks to reply");
    review->add_improvements_proposed("diary a chaser at three weeks");
    return request;
  }

  WorkerContext context_;
  v1::WorkerState state_;
  int commands_ = 0;
};

// ---------------------------------------------------------------------------------------
// SetMonitoringLevel

TEST_F(WorkerRecordTest, ALevelIsSetWithItsReasonTeamAndOrganisation) {
  const v1::WorkerEvent event = Apply(Level(v1::EVERY_FILE_BEFORE_ADVICE));
  EXPECT_EQ(EventType(event), "MonitoringLevelSet");
  EXPECT_EQ(event.actor(), "jo");
  EXPECT_EQ(event.org_id(), "org-1");
  EXPECT_EQ(event.team_id(), "north");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_FALSE(event.monitoring_level_set().has_previous());
  EXPECT_EQ(state_.revision(), 1u);
  EXPECT_EQ(state_.org_id(), "org-1");
  EXPECT_EQ(state_.team_id(), "north");
  EXPECT_EQ(state_.monitoring_level().kind(), v1::EVERY_FILE_BEFORE_ADVICE);
  ASSERT_THAT(state_.monitoring_history(), SizeIs(1));
  EXPECT_EQ(state_.monitoring_history(0).reason(), "new to debt casework");
  EXPECT_EQ(state_.monitoring_history(0).set().actor(), "jo");
}

TEST_F(WorkerRecordTest, AChangedLevelRecordsThePreviousOneAndTheSameLevelIsRefused) {
  Apply(Level(v1::EVERY_FILE_BEFORE_ADVICE));
  const v1::WorkerEvent event = Apply(Level(v1::SAMPLE_PERCENT, 20));
  EXPECT_EQ(event.monitoring_level_set().previous().kind(), v1::EVERY_FILE_BEFORE_ADVICE);
  EXPECT_EQ(state_.monitoring_level().percent(), 20u);
  EXPECT_THAT(state_.monitoring_history(), SizeIs(2));
  EXPECT_THAT(Try(Level(v1::SAMPLE_PERCENT, 20)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("20% of files")));
}

TEST_F(WorkerRecordTest, ALevelNeedsTheNumberItsKindUsesAndNoOther) {
  EXPECT_THAT(Try(Level(v1::SAMPLE_PERCENT, 0)), InvalidFields(ElementsAre("level.percent")));
  EXPECT_THAT(Try(Level(v1::SAMPLE_PERCENT, 101)), InvalidFields(ElementsAre("level.percent")));
  EXPECT_THAT(Try(Level(v1::SAMPLE_FILES_PER_MONTH, 0)),
              InvalidFields(ElementsAre("level.files_per_month")));
  EXPECT_THAT(Try(Level(v1::PERIODIC, 400)), InvalidFields(ElementsAre("level.period_days")));
  v1::SetMonitoringLevelRequest mixed = Level(v1::EVERY_FILE_BEFORE_ADVICE);
  mixed.mutable_level()->set_percent(10);
  EXPECT_THAT(Try(mixed), InvalidFields(ElementsAre("level.percent")));
  v1::SetMonitoringLevelRequest empty = Level(v1::MONITORING_KIND_UNSPECIFIED);
  empty.clear_reason();
  empty.mutable_header()->set_worker_id("bo smith");
  EXPECT_THAT(Try(empty),
              InvalidFields(UnorderedElementsAre("header.worker_id", "level.kind", "reason")));
  EXPECT_THAT(Try(Level(v1::PERIODIC, 90)), IsOk());
}

TEST_F(WorkerRecordTest, NobodySetsTheirOwnLevel) {
  context_.actor = "bo";
  EXPECT_THAT(Try(Level(v1::PERIODIC, 90)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("themselves")));
}

// ---------------------------------------------------------------------------------------
// RecordSupervisionSession

TEST_F(WorkerRecordTest, ASessionIsRecordedWithEverythingDiscussed) {
  const v1::RecordSupervisionSessionRequest request = Session("s-1");
  const v1::WorkerEvent event = Apply(request);
  EXPECT_EQ(EventType(event), "SupervisionSessionRecorded");
  ASSERT_THAT(state_.sessions(), SizeIs(1));
  EXPECT_EQ(state_.sessions(0).session_id(), "s-1");
  EXPECT_THAT(state_.sessions(0).session(), EqualsProto(request.session()));
  EXPECT_EQ(state_.sessions(0).recorded().actor(), "jo");
  EXPECT_EQ(Apply(Session("")).supervision_session_recorded().session_id(), "new-1");
  EXPECT_THAT(Try(Session("s-1")), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(WorkerRecordTest, ASessionNamesEveryBadField) {
  v1::RecordSupervisionSessionRequest request = Session("s 1");
  v1::SupervisionSession* session = request.mutable_session();
  session->clear_agenda();
  session->add_cases_discussed("case one");
  session->add_agreed_actions("");
  *session->mutable_next_session_at() = session->held_at();
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre(
                                "session_id", "session.agenda", "session.cases_discussed[1]",
                                "session.agreed_actions[1]", "session.next_session_at")));
  request = Session("s-1");
  *request.mutable_session()->mutable_held_at() = ToProto(Now() + absl::Hours(3));
  request.mutable_session()->clear_next_session_at();
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("session.held_at")));
  request.mutable_session()->clear_held_at();
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("session.held_at")));
}

// ---------------------------------------------------------------------------------------
// Training needs and corrective action

TEST_F(WorkerRecordTest, ATrainingNeedIsRecordedThenMetOnce) {
  Apply(Need("t-1"));
  ASSERT_THAT(state_.training_needs(), SizeIs(1));
  EXPECT_EQ(state_.training_needs(0).need().identified_from(), "fr-1");
  v1::MeetTrainingNeedRequest met;
  *met.mutable_header() = Header();
  met.set_need_id("t-1");
  met.set_how("attended the tribunal course in April");
  EXPECT_EQ(EventType(Apply(met)), "TrainingNeedMet");
  EXPECT_EQ(state_.training_needs(0).met().actor(), "jo");
  EXPECT_EQ(state_.training_needs(0).how(), "attended the tribunal course in April");
  EXPECT_THAT(Try(met), StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already")));
  met.set_need_id("t-9");
  EXPECT_THAT(Try(met), StatusIs(absl::StatusCode::kNotFound));
  v1::RecordTrainingNeedRequest bad = Need("t-2");
  bad.mutable_need()->clear_need();
  bad.mutable_need()->set_identified_from("file review 1");
  EXPECT_THAT(Try(bad), InvalidFields(UnorderedElementsAre("need.need", "need.identified_from")));
}

TEST_F(WorkerRecordTest, CorrectiveActionIsRecordedWithAReviewDateThenClosed) {
  Apply(Corrective("ca-1"));
  ASSERT_THAT(state_.corrective_actions(), SizeIs(1));
  EXPECT_EQ(state_.corrective_actions(0).action().evidence(0), "fr-1");
  v1::CloseCorrectiveActionRequest close;
  *close.mutable_header() = Header();
  close.set_action_id("ca-1");
  close.set_outcome("advice complete in the last five reviews");
  EXPECT_EQ(EventType(Apply(close)), "CorrectiveActionClosed");
  EXPECT_EQ(state_.corrective_actions(0).outcome(), "advice complete in the last five reviews");
  EXPECT_THAT(Try(close), StatusIs(absl::StatusCode::kFailedPrecondition));
  v1::RecordCorrectiveActionRequest bad = Corrective("ca-2");
  bad.mutable_action()->clear_concern();
  *bad.mutable_action()->mutable_review_by() = ToProto(Now() - absl::Hours(1));
  EXPECT_THAT(Try(bad), InvalidFields(UnorderedElementsAre("action.concern", "action.review_by")));
}

TEST_F(WorkerRecordTest, SupervisorsRecordsOfAWorkerAreNotTheWorkersToMake) {
  context_.actor = "bo";
  context_.actor_role = "caseworker";
  EXPECT_THAT(Try(Session("s-1")), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Try(Need("t-1")), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Try(Corrective("ca-1")), StatusIs(absl::StatusCode::kFailedPrecondition));
}

// ---------------------------------------------------------------------------------------
// RecordCaseloadReview

TEST_F(WorkerRecordTest, AWorkerRecordsAStructuredReviewOfTheirOwnCaseload) {
  context_.actor = "bo";
  context_.actor_role = "caseworker";
  const v1::RecordCaseloadReviewRequest request = CaseloadReview("cr-1");
  EXPECT_EQ(EventType(Apply(request)), "CaseloadReviewRecorded");
  ASSERT_THAT(state_.caseload_reviews(), SizeIs(1));
  EXPECT_THAT(state_.caseload_reviews(0).review(), EqualsProto(request.review()));
  EXPECT_EQ(state_.caseload_reviews(0).recorded().actor(), "bo");
}

TEST_F(WorkerRecordTest, ACaseloadReviewNamesEveryBadField) {
  v1::RecordCaseloadReviewRequest request = CaseloadReview("cr-1");
  request.mutable_review()->add_cases_closed("c-9");
  request.mutable_review()->add_obstacles_found(" ");
  request.mutable_review()->add_cases_reprioritised("case 3");
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre(
                                "review.cases_closed[1]", "review.obstacles_found[1]",
                                "review.cases_reprioritised[1]", "review.cases_reprioritised[1]")));
  request.mutable_review()->clear_cases_reviewed();
  request.mutable_review()->clear_cases_reprioritised();
  request.mutable_review()->clear_cases_closed();
  request.mutable_review()->clear_obstacles_found();
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("review.cases_reviewed")));
}

}  // namespace
}  // namespace caseledger::domain
