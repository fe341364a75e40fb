// An inspector's work plan for a year: agreed with their manager (SMART objectives,
// priorities, how untoward incidents are handled, capacity, inspections planned), its
// progress and reviews, and revisions agreed with a rationale.

#include "domain/workplan.h"
#include "tests/domain/case_fixture.h"

namespace caseledger::v1 {

inline void PrintTo(const absl::StatusOr<std::vector<WorkPlanEvent>>& result, std::ostream* os) {
  if (!result.ok()) {
    *os << result.status();
    return;
  }
  *os << result->size() << " event(s)";
}

}  // namespace caseledger::v1

namespace caseledger::domain {
namespace {

using ::caseledger::testing::StatusIs;
using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::SizeIs;

absl::Time Day(int year, int month, int day) {
  return absl::FromCivil(absl::CivilDay(year, month, day), absl::UTCTimeZone());
}

class WorkPlanTest : public CaseTest {
 protected:
  WorkPlanTest() { context_.actor = "mgr:sam"; }

  v1::WorkPlanHeader PlanHeader() {
    v1::WorkPlanHeader header;
    header.set_command_id(absl::StrCat("wp-", ++commands_));
    header.set_inspector_id("worker:ana");
    header.set_period_id("2025");
    return header;
  }

  v1::AgreeWorkPlanRequest Agreement() {
    v1::AgreeWorkPlanRequest request;
    *request.mutable_header() = PlanHeader();
    v1::WorkPlanTerms* plan = request.mutable_plan();
    plan->set_manager_id("mgr:sam");
    plan->set_team_id("insp-north");
    *plan->mutable_period_start() = ToProto(Day(2025, 1, 1));
    *plan->mutable_period_end() = ToProto(Day(2026, 1, 1));
    v1::WorkObjective* objective = plan->add_objectives();
    objective->set_objective_id("obj-1");
    objective->set_description("Inspect every inadequate provider within six months");
    objective->set_measure("inadequate providers inspected on time");
    objective->set_target("100%");
    *objective->mutable_due_by() = ToProto(Day(2025, 12, 31));
    plan->add_priorities("Providers rated inadequate, then those with serious intelligence");
    plan->set_untoward_incidents(
        "Serious incidents are raised with the manager the same day and may displace routine "
        "visits");
    plan->set_leave_days(27);
    plan->set_other_duties_days(20);
    for (int i = 0; i < 3; ++i) {
      v1::PlannedInspection* inspection = plan->add_inspections();
      inspection->set_provider_id(absl::StrCat("prov-", i));
      *inspection->mutable_planned_for() = ToProto(Day(2025, 3 + i, 10));
      inspection->set_visit_days(2);
      inspection->set_report_days(3);
    }
    return request;
  }

  template <typename Request>
  absl::StatusOr<WorkPlanEvents> TryPlan(const Request& request) const {
    return Decide(plan_, request, context_);
  }

  template <typename Request>
  v1::WorkPlanEvent ApplyPlan(const Request& request) {
    absl::StatusOr<WorkPlanEvents> events = Decide(plan_, request, context_);
    EXPECT_THAT(events, ::caseledger::testing::IsOk());
    if (!events.ok() || events->empty()) return v1::WorkPlanEvent();
    for (const auto& event : *events) Evolve(plan_, event);
    return events->back();
  }

  v1::WorkPlanState plan_;
};

TEST_F(WorkPlanTest, AgreeingAPlanRecordsItWithTheCapacityThePeriodLeaves) {
  v1::WorkPlanEvent event = ApplyPlan(Agreement());
  ASSERT_TRUE(event.has_work_plan_agreed());
  EXPECT_EQ(EventType(event), "WorkPlanAgreed");
  // 2025 has 261 weekdays in the default calendar (Monday to Friday, no holidays listed).
  EXPECT_EQ(PeriodWorkingDays(policy_.policy(), event.work_plan_agreed().plan()), 261);
  EXPECT_THAT(event.work_plan_agreed().capacity_days(), DoubleEq(261 - 27 - 20));
  EXPECT_EQ(plan_.version(), 1u);
  EXPECT_EQ(plan_.inspector_id(), "worker:ana");
  EXPECT_EQ(plan_.agreed().actor(), "mgr:sam");
  EXPECT_EQ(plan_.org_id(), kOrgId);
  ASSERT_THAT(plan_.objectives(), SizeIs(1));
  EXPECT_THAT(EffortDays(plan_.plan().inspections(0)), DoubleEq(5));
  EXPECT_EQ(WorkPlanStreamId("worker:ana", "2025"), "workplan-worker:ana/2025");
}

TEST_F(WorkPlanTest, APlanNamesEveryBadField) {
  v1::AgreeWorkPlanRequest request;
  *request.mutable_header() = PlanHeader();
  request.mutable_header()->clear_period_id();
  request.mutable_plan()->set_manager_id("worker:ana");
  request.mutable_plan()->add_inspections()->set_visit_days(0);
  EXPECT_THAT(TryPlan(request),
              InvalidFields(ElementsAre(
                  "header.period_id", "plan.manager_id", "plan.period_start", "plan.period_end",
                  "plan.objectives", "plan.untoward_incidents", "plan.inspections[0].provider_id",
                  "plan.inspections[0].visit_days")));
}

TEST_F(WorkPlanTest, ObjectivesAreSmartAndFallWithinThePeriod) {
  v1::AgreeWorkPlanRequest request = Agreement();
  v1::WorkObjective* objective = request.mutable_plan()->mutable_objectives(0);
  objective->clear_measure();
  objective->clear_target();
  *objective->mutable_due_by() = ToProto(Day(2026, 6, 1));
  request.mutable_plan()->mutable_inspections(1)->clear_planned_for();
  *request.mutable_plan()->mutable_inspections(2)->mutable_planned_for() =
      ToProto(Day(2024, 12, 1));
  EXPECT_THAT(
      TryPlan(request),
      InvalidFields(ElementsAre("plan.objectives[0].measure", "plan.objectives[0].target",
                                "plan.objectives[0].due_by", "plan.inspections[2].planned_for")));
}

TEST_F(WorkPlanTest, LeaveAndOtherDutiesCannotTakeMoreThanThePeriod) {
  v1::AgreeWorkPlanRequest request = Agreement();
  request.mutable_plan()->set_leave_days(200);
  request.mutable_plan()->set_other_duties_days(100);
  EXPECT_THAT(TryPlan(request), InvalidFields(ElementsAre("plan.leave_days")));
}

TEST_F(WorkPlanTest, ARevisionIsTheNextVersionWithARationaleAndKeepsProgress) {
  ApplyPlan(Agreement());
  v1::RecordObjectiveProgressRequest progress;
  *progress.mutable_header() = PlanHeader();
  progress.set_objective_id("obj-1");
  progress.set_status(v1::ON_TRACK);
  progress.set_percent_complete(25);
  progress.set_note("Two of eight inadequate providers inspected");
  ApplyPlan(progress);
  EXPECT_THAT(TryPlan(Agreement()), InvalidFields(ElementsAre("rationale")));
  v1::AgreeWorkPlanRequest revised = Agreement();
  revised.mutable_plan()->mutable_inspections()->RemoveLast();
  revised.set_rationale("A provider closed; its inspection comes out of the plan");
  v1::WorkPlanEvent event = ApplyPlan(revised);
  EXPECT_EQ(event.work_plan_agreed().version(), 2u);
  EXPECT_EQ(plan_.version(), 2u);
  EXPECT_THAT(plan_.plan().inspections(), SizeIs(2));
  ASSERT_THAT(plan_.objectives(), SizeIs(1));
  EXPECT_THAT(plan_.objectives(0).progress(), SizeIs(1)) << "progress kept across the revision";
}

TEST_F(WorkPlanTest, ProgressAndReviewsNeedAnAgreedPlanAndNameBadFields) {
  v1::RecordObjectiveProgressRequest progress;
  *progress.mutable_header() = PlanHeader();
  progress.set_objective_id("obj-1");
  progress.set_status(v1::AT_RISK);
  EXPECT_THAT(TryPlan(progress), StatusIs(absl::StatusCode::kNotFound));
  ApplyPlan(Agreement());
  progress.set_objective_id("obj-9");
  EXPECT_THAT(TryPlan(progress), StatusIs(absl::StatusCode::kNotFound));
  progress.clear_status();
  progress.set_percent_complete(140);
  EXPECT_THAT(TryPlan(progress), InvalidFields(ElementsAre("status", "percent_complete")));

  v1::ReviewWorkPlanRequest review;
  *review.mutable_header() = PlanHeader();
  *review.mutable_next_review_by() = ToProto(Now() - absl::Hours(1));
  EXPECT_THAT(TryPlan(review),
              InvalidFields(ElementsAre("reviewed_with", "findings", "next_review_by")));
  review.set_reviewed_with("mgr:sam");
  review.set_findings("On track; one follow-up inspection added for the summer");
  review.add_actions_agreed("Move the visit to prov-2 into July");
  *review.mutable_next_review_by() = ToProto(Now() + absl::Hours(24 * 90));
  ApplyPlan(review);
  ASSERT_THAT(plan_.reviews(), SizeIs(1));
  EXPECT_EQ(plan_.reviews(0).reviewed().actor(), "mgr:sam");
}

}  // namespace
}  // namespace caseledger::domain
