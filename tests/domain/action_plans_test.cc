// Action plans for a provider's breaches (required, recorded, progressed, verified) and
// enforcement actions with their legal basis and review, each step's date in the diary.

#include "tests/domain/inspection_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

class ActionPlanTest : public InspectionTest {
 protected:
  v1::RequireActionPlanRequest Requirement(std::string plan_id, absl::Time due) {
    v1::RequireActionPlanRequest request;
    *request.mutable_header() = Header();
    request.set_plan_id(std::move(plan_id));
    request.add_breaches("Regulation 12: safe care and treatment");
    *request.mutable_plan_due_by() = ToProto(due);
    return request;
  }

  v1::RecordActionPlanRequest PlanOf(std::string plan_id, absl::Time first, absl::Time last) {
    v1::RecordActionPlanRequest request;
    *request.mutable_header() = Header();
    request.set_plan_id(std::move(plan_id));
    auto action = [&](const char* id, const char* what, absl::Time due) {
      v1::PlannedAction* a = request.add_actions();
      a->set_action_id(id);
      a->set_action(what);
      a->set_owner("Registered manager");
      *a->mutable_due_by() = ToProto(due);
    };
    action("a1", "Audit every medicine administration record weekly", first);
    action("a2", "Train night staff in medicines handling", last);
    return request;
  }

  v1::VerifyActionPlanRequest Verification(std::string plan_id, v1::PlanVerdict verdict) {
    v1::VerifyActionPlanRequest request;
    *request.mutable_header() = Header();
    request.set_plan_id(std::move(plan_id));
    request.set_verdict(verdict);
    request.set_how("Desk review of the audits, and a call with the registered manager");
    return request;
  }

  v1::TakeEnforcementActionRequest Enforcement(std::string kind, absl::Time review_by) {
    v1::TakeEnforcementActionRequest request;
    *request.mutable_header() = Header();
    request.set_action_id("enf-1");
    v1::EnforcementDetails* e = request.mutable_enforcement();
    e->set_kind(std::move(kind));
    e->set_legal_basis("Health and Social Care Act 2008, section 29");
    e->add_breaches("Regulation 12: safe care and treatment");
    e->set_details("Medicines must be managed safely by the review date");
    *e->mutable_review_by() = ToProto(review_by);
    return request;
  }
};

TEST_F(ActionPlanTest, AnActionPlanIsRequiredRecordedProgressedAndVerifiedEachDateInTheDiary) {
  RegisterAndOpen();
  const absl::Time plan_due = Now() + absl::Hours(24 * 14);
  Events required = ApplyAll(Requirement("plan-1", plan_due));
  ASSERT_THAT(required, SizeIs(2));
  ASSERT_EQ(state_.action_plans_size(), 1);
  const v1::Deadline* due = OpenDeadline("plan-1-plan");
  ASSERT_NE(due, nullptr);
  EXPECT_EQ(due->deadline().kind(), v1::ACTION_PLAN_DUE);
  EXPECT_THAT(due->deadline().due_at(), IsTime(plan_due));

  const absl::Time last = Now() + absl::Hours(24 * 60);
  ApplyAll(PlanOf("plan-1", Now() + absl::Hours(24 * 30), last));
  const v1::ActionPlan& plan = state_.action_plans(0);
  EXPECT_TRUE(plan.has_received());
  EXPECT_THAT(plan.complete_by(), IsTime(last)) << "the last action's date";
  EXPECT_THAT(plan.actions(), SizeIs(2));
  EXPECT_EQ(OpenDeadline("plan-1-plan"), nullptr);
  ASSERT_NE(OpenDeadline("plan-1-actions"), nullptr);
  EXPECT_THAT(OpenDeadline("plan-1-actions")->deadline().due_at(), IsTime(last));

  v1::RecordActionProgressRequest progress;
  *progress.mutable_header() = Header();
  progress.set_plan_id("plan-1");
  progress.set_action_id("a1");
  progress.set_status(v1::ACTION_COMPLETED);
  progress.set_note("Weekly audits in place since the 3rd");
  ApplyAll(progress);
  ASSERT_THAT(state_.action_plans(0).actions(0).progress(), SizeIs(1));
  EXPECT_EQ(state_.action_plans(0).actions(0).progress(0).status(), v1::ACTION_COMPLETED);
  progress.set_action_id("a9");
  EXPECT_THAT(Decide(state_, progress, context_), StatusIs(absl::StatusCode::kNotFound));

  ApplyAll(Verification("plan-1", v1::ACTIONS_MET));
  EXPECT_EQ(state_.action_plans(0).verdict(), v1::ACTIONS_MET);
  EXPECT_EQ(state_.action_plans(0).verified().actor(), "worker:ana");
  EXPECT_EQ(OpenDeadline("plan-1-actions"), nullptr);
  EXPECT_THAT(Decide(state_, Verification("plan-1", v1::ACTIONS_MET), context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already verified")));
}

TEST_F(ActionPlanTest, ActionsNotMetScheduleAFollowUpInspectionByThePolicysRule) {
  RegisterAndOpen();
  ApplyAll(Requirement("plan-1", Now() + absl::Hours(24 * 14)));
  ApplyAll(PlanOf("plan-1", Now() + absl::Hours(24 * 20), Now() + absl::Hours(24 * 30)));
  ApplyAll(Verification("plan-1", v1::ACTIONS_NOT_MET));
  const v1::Deadline* follow_up = OpenDeadline("plan-1-follow-up");
  ASSERT_NE(follow_up, nullptr);
  EXPECT_EQ(follow_up->deadline().kind(), v1::FOLLOW_UP_INSPECTION);
  // The default policy: within 28 days.
  EXPECT_THAT(follow_up->deadline().due_at(), IsTime(Now() + absl::Hours(24 * 28)));
}

TEST_F(ActionPlanTest, APlanIsVerifiedOnlyOnceTheProviderHasSentIt) {
  RegisterAndOpen();
  ApplyAll(Requirement("plan-1", Now() + absl::Hours(24 * 14)));
  EXPECT_THAT(Decide(state_, Verification("plan-1", v1::ACTIONS_MET), context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("has not been recorded")));
  ApplyAll(PlanOf("plan-1", Now() + absl::Hours(24 * 20), Now() + absl::Hours(24 * 30)));
  EXPECT_THAT(
      Decide(state_, PlanOf("plan-1", Now() + absl::Hours(24), Now() + absl::Hours(48)), context_),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already recorded")));
  EXPECT_THAT(Decide(state_, Verification("plan-2", v1::ACTIONS_MET), context_),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ActionPlanTest, ActionPlanStepsNameEveryBadField) {
  RegisterAndOpen();
  v1::RequireActionPlanRequest required;
  *required.mutable_header() = Header();
  *required.mutable_plan_due_by() = ToProto(Now() - absl::Hours(1));
  EXPECT_THAT(Decide(state_, required, context_),
              InvalidFields(ElementsAre("breaches", "plan_due_by")));
  ApplyAll(Requirement("plan-1", Now() + absl::Hours(24 * 14)));
  v1::RecordActionPlanRequest plan = PlanOf("plan-1", Now() - absl::Hours(1), Now());
  plan.mutable_actions(1)->set_action_id("a1");
  plan.mutable_actions(1)->clear_owner();
  EXPECT_THAT(Decide(state_, plan, context_),
              InvalidFields(ElementsAre("actions[0].due_by", "actions[1].action_id",
                                        "actions[1].owner", "actions[1].due_by")));
  v1::RecordActionPlanRequest empty;
  *empty.mutable_header() = Header();
  EXPECT_THAT(Decide(state_, empty, context_), InvalidFields(ElementsAre("plan_id", "actions")));
  v1::VerifyActionPlanRequest verify;
  *verify.mutable_header() = Header();
  verify.set_plan_id("plan-1");
  EXPECT_THAT(Decide(state_, verify, context_), InvalidFields(ElementsAre("verdict", "how")));
  v1::RecordActionProgressRequest progress;
  *progress.mutable_header() = Header();
  EXPECT_THAT(Decide(state_, progress, context_),
              InvalidFields(ElementsAre("plan_id", "action_id", "status")));
}

TEST_F(ActionPlanTest, EnforcementIsOneOfThePolicysPowersWithALegalBasisAndAReview) {
  RegisterAndOpen();
  const absl::Time review = Now() + absl::Hours(24 * 90);
  Events taken = ApplyAll(Enforcement("warning_notice", review));
  ASSERT_THAT(taken, SizeIs(2));
  ASSERT_EQ(state_.enforcement_actions_size(), 1);
  EXPECT_EQ(state_.enforcement_actions(0).enforcement().kind(), "warning_notice");
  const v1::Deadline* review_deadline = OpenDeadline("enf-1-review");
  ASSERT_NE(review_deadline, nullptr);
  EXPECT_EQ(review_deadline->deadline().kind(), v1::ENFORCEMENT_REVIEW);
  EXPECT_THAT(review_deadline->deadline().due_at(), IsTime(review));
  EXPECT_THAT(Decide(state_, Enforcement("warning_notice", review), context_),
              StatusIs(absl::StatusCode::kAlreadyExists));

  v1::ConcludeEnforcementActionRequest conclude;
  *conclude.mutable_header() = Header();
  conclude.set_action_id("enf-1");
  EXPECT_THAT(Decide(state_, conclude, context_), InvalidFields(ElementsAre("outcome")));
  conclude.set_outcome("The provider met the notice; medicines are now managed safely");
  ApplyAll(conclude);
  EXPECT_TRUE(state_.enforcement_actions(0).has_concluded());
  EXPECT_EQ(OpenDeadline("enf-1-review"), nullptr);
  EXPECT_THAT(Decide(state_, conclude, context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already concluded")));
  conclude.set_action_id("enf-9");
  EXPECT_THAT(Decide(state_, conclude, context_), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ActionPlanTest, AnEnforcementActionWithoutALegalBasisOrOfAPowerNotListedIsRefused) {
  RegisterAndOpen();
  v1::TakeEnforcementActionRequest request = Enforcement("public_shaming", Now() - absl::Hours(1));
  request.mutable_enforcement()->clear_legal_basis();
  EXPECT_THAT(Decide(state_, request, context_),
              InvalidFields(ElementsAre("enforcement.kind", "enforcement.legal_basis",
                                        "enforcement.review_by")));
  v1::TakeEnforcementActionRequest no_basis = Enforcement("suspension", Now() + absl::Hours(24));
  no_basis.mutable_enforcement()->set_legal_basis("   ");
  EXPECT_THAT(Decide(state_, no_basis, context_),
              InvalidFields(ElementsAre("enforcement.legal_basis")));
}

TEST_F(ActionPlanTest, EnforcementFollowsThePolicyInForce) {
  RegisterAndOpen();
  policy_.mutable_policy()->clear_enforcement_powers();
  v1::EnforcementPower* power = policy_.mutable_policy()->add_enforcement_powers();
  power->set_kind("fixed_penalty");
  power->set_description("A fixed penalty notice");
  EXPECT_THAT(Decide(state_, Enforcement("fixed_penalty", Now() + absl::Hours(24)), context_),
              ::caseledger::testing::IsOk());
  EXPECT_THAT(Decide(state_, Enforcement("warning_notice", Now() + absl::Hours(24)), context_),
              InvalidFields(ElementsAre("enforcement.kind")))
      << "a policy that lists its own powers replaces the default's";
}

}  // namespace
}  // namespace caseledger::domain
