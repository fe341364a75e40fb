// The supervision views over the caseload view: files due for review under each monitoring
// level, review actions and unacknowledged escalations in the attention lists, inboxes, and a
// worker's file reviews.

#include <string>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "domain/policy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "projections/caseload_queries.h"
#include "projections/review_schedule.h"
#include "projections/supervision_queries.h"
#include "projections/view_keys.h"
#include "tests/support/status_matchers.h"
#include "tests/support/supervision_world.h"

namespace caseledger::projections {
namespace {

using ::caseledger::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

absl::Time At(int month, int day, int hour = 9) {
  return absl::FromCivil(absl::CivilSecond(2026, month, day, hour, 0, 0), absl::UTCTimeZone());
}

class SupervisionViewsTest : public ::testing::Test {
 protected:
  SupervisionViewsTest() : world_(At(3, 2)) {}

  v1::CommandHeader Header(const std::string& case_id) {
    v1::CommandHeader header;
    header.set_command_id(absl::StrCat("cmd-", ++commands_));
    header.set_case_id(case_id);
    return header;
  }

  void OpenFor(const std::string& case_id, const std::string& worker) {
    v1::OpenCaseRequest open;
    *open.mutable_header() = Header(case_id);
    open.set_kind(v1::ADVICE);
    open.set_category("debt");
    open.set_client_ref(absl::StrCat("C-", case_id));
    open.set_complexity(v1::MEDIUM);
    open.set_team_id("north");
    ASSERT_THAT(world_.Case(open, "intake"), IsOk());
    v1::AssignCaseRequest assign;
    *assign.mutable_header() = Header(case_id);
    assign.set_worker_id(worker);
    assign.set_team_id("north");
    ASSERT_THAT(world_.Case(assign, "sup", "supervisor"), IsOk());
  }

  void Note(const std::string& case_id, const std::string& worker) {
    v1::RecordNoteRequest note;
    *note.mutable_header() = Header(case_id);
    note.mutable_note()->set_kind(v1::FACT);
    note.mutable_note()->set_contact_type(v1::PHONE);
    note.mutable_note()->set_text("advised on the payment plan");
    ASSERT_THAT(world_.Case(note, worker), IsOk());
  }

  // A review of the case by supervisor sup, requiring `actions` due in `due_in`.
  void Review(const std::string& case_id, std::vector<std::string> actions = {},
              absl::Duration due_in = absl::Hours(24 * 7)) {
    v1::RecordFileReviewRequest review;
    *review.mutable_header() = Header(case_id);
    review.set_review_id(absl::StrCat("fr-", ++reviews_));
    review.mutable_review()->set_revision_reviewed(1);
    review.mutable_review()->set_findings("advice sound");
    review.mutable_review()->set_feedback_given("in supervision");
    for (std::string& action : actions) review.mutable_review()->add_actions_required(action);
    if (!actions.empty()) {
      *review.mutable_review()->mutable_actions_due_by() = ToProto(world_.clock().Now() + due_in);
    }
    v1::ChecklistGrade* grade = review.mutable_review()->add_checklist();
    grade->set_criterion(v1::ACCURATE_ADVICE);
    grade->set_grade(reviews_ % 2 == 0 ? v1::MET : v1::NOT_MET);
    ASSERT_THAT(world_.Case(review, "sup", "supervisor"), IsOk());
  }

  void Level(const std::string& worker, v1::MonitoringKind kind, uint32_t number = 0) {
    v1::SetMonitoringLevelRequest request;
    request.mutable_header()->set_command_id(absl::StrCat("cmd-", ++commands_));
    request.mutable_header()->set_worker_id(worker);
    request.mutable_level()->set_kind(kind);
    if (kind == v1::SAMPLE_PERCENT) request.mutable_level()->set_percent(number);
    if (kind == v1::SAMPLE_FILES_PER_MONTH) request.mutable_level()->set_files_per_month(number);
    if (kind == v1::PERIODIC) request.mutable_level()->set_period_days(number);
    request.set_reason("agreed in supervision");
    ASSERT_THAT(world_.Worker(request, "sup"), IsOk());
  }

  v1::WorkerReviewSchedule Due(const std::string& worker, absl::Time now) {
    auto view = world_.View(CaseloadProjection::kName);
    const v1::Policy& policy = domain::DefaultPolicy();
    auto due = ListFilesDueForReview(*view, "default", worker, "", LevelOf(policy), policy, now);
    EXPECT_THAT(due, IsOk());
    if (!due.ok() || due->workers_size() != 1) return v1::WorkerReviewSchedule();
    return due->workers(0);
  }

  projections::LevelOf LevelOf(const v1::Policy& policy) {
    return [this, &policy](const std::string& worker) -> absl::StatusOr<LevelInForce> {
      auto record = world_.workers().LoadWorker(worker);
      if (!record.ok()) return record.status();
      LevelInForce level;
      level.is_default = !(*record)->state.has_monitoring_level();
      level.level = level.is_default ? policy.default_monitoring_level()
                                     : (*record)->state.monitoring_level();
      return level;
    };
  }

  static std::vector<std::string> CasesOf(const v1::WorkerReviewSchedule& schedule,
                                          bool overdue_only = false) {
    std::vector<std::string> ids;
    for (const auto& file : schedule.files()) {
      if (!overdue_only || file.overdue()) ids.push_back(file.summary().case_id());
    }
    return ids;
  }

  // Every reason of `kind` the attention list of `worker_id` (or `team_id`) gives, as
  // "case: detail".
  std::vector<std::string> Attention(v1::AttentionKind kind, absl::Time now,
                                     const std::string& worker_id,
                                     const std::string& team_id = "") {
    auto view = world_.View(CaseloadProjection::kName);
    v1::ListAttentionRequest request;
    request.set_worker_id(worker_id);
    request.set_team_id(team_id);
    auto list = ListAttention(*view, "default", request, domain::DefaultPolicy(), now);
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> found;
    for (const auto& item : list->items()) {
      for (const auto& reason : item.reasons()) {
        if (reason.kind() == kind) found.push_back(item.summary().case_id());
      }
    }
    return found;
  }

  testing::SupervisionWorld world_;
  int commands_ = 0;
  int reviews_ = 0;
};

// ---------------------------------------------------------------------------------------
// Files due for review under each monitoring level

TEST_F(SupervisionViewsTest, EveryFileBeforeAdviceListsFilesWithUnreviewedWorkOverdueAfterTwoDays) {
  for (const char* id : {"c1", "c2", "c3"}) OpenFor(id, "bo");
  Level("bo", v1::EVERY_FILE_BEFORE_ADVICE);
  Note("c1", "bo");
  Note("c2", "bo");
  EXPECT_THAT(CasesOf(Due("bo", At(3, 2, 12))), ElementsAre("c1", "c2"))
      << "c3 has had no work since it was taken";
  Review("c2");
  v1::WorkerReviewSchedule schedule = Due("bo", At(3, 2, 12));
  EXPECT_EQ(schedule.level().kind(), v1::EVERY_FILE_BEFORE_ADVICE);
  EXPECT_FALSE(schedule.default_level());
  ASSERT_THAT(CasesOf(schedule), ElementsAre("c1"));
  EXPECT_FALSE(schedule.files(0).overdue());
  // Two working days after Monday morning's note: due by the end of Wednesday.
  EXPECT_THAT(CasesOf(Due("bo", At(3, 4, 22)), true), IsEmpty());
  EXPECT_THAT(CasesOf(Due("bo", At(3, 5, 9)), true), ElementsAre("c1"));
  EXPECT_THAT(Attention(v1::FILE_REVIEW_OVERDUE, At(3, 5, 9), "bo"), IsEmpty())
      << "without the schedule, the caseload alone makes no review overdue";
}

TEST_F(SupervisionViewsTest, PeriodicListsAFileAWeekBeforeItFallsDueAndOverdueAfter) {
  OpenFor("c1", "bo");
  OpenFor("c2", "bo");
  Level("bo", v1::PERIODIC, 30);
  world_.clock().Set(At(3, 20));
  Review("c2");
  EXPECT_THAT(CasesOf(Due("bo", At(3, 20))), IsEmpty()) << "due on 1 April, not yet listed";
  v1::WorkerReviewSchedule soon = Due("bo", At(3, 26));
  ASSERT_THAT(CasesOf(soon), ElementsAre("c1"));
  EXPECT_FALSE(soon.files(0).overdue());
  EXPECT_EQ(FromProto(soon.files(0).due_at()), At(3, 2) + absl::Hours(24 * 30));
  EXPECT_THAT(CasesOf(Due("bo", At(4, 2)), true), ElementsAre("c1"));
  EXPECT_THAT(CasesOf(Due("bo", At(4, 20)), true), ElementsAre("c1", "c2"));
}

TEST_F(SupervisionViewsTest, ASampleOfFilesAMonthIsDueAtTheMonthsEndAndAShortfallIsOverdue) {
  for (const char* id : {"c1", "c2", "c3", "c4", "c5"}) OpenFor(id, "bo");
  Level("bo", v1::SAMPLE_FILES_PER_MONTH, 2);
  world_.clock().Set(At(3, 10));
  Review("c3");
  v1::WorkerReviewSchedule march = Due("bo", At(3, 20));
  EXPECT_EQ(march.required_this_month(), 2u);
  EXPECT_EQ(march.reviewed_this_month(), 1u);
  ASSERT_THAT(march.files(), SizeIs(1)) << "one more this month";
  EXPECT_FALSE(march.files(0).overdue());
  EXPECT_EQ(FromProto(march.files(0).due_at()), At(4, 1, 0));
  EXPECT_NE(march.files(0).summary().case_id(), "c3") << "not one reviewed this month";

  // April: March fell one short, overdue until made up; April's two are due at its end.
  v1::WorkerReviewSchedule april = Due("bo", At(4, 6));
  EXPECT_THAT(april.files(), SizeIs(3));
  EXPECT_THAT(CasesOf(april, true), SizeIs(1));
  world_.clock().Set(At(4, 7));
  Review(CasesOf(april, true)[0]);
  april = Due("bo", At(4, 8));
  EXPECT_THAT(CasesOf(april, true), IsEmpty()) << "made up";
  EXPECT_THAT(april.files(), SizeIs(2));
}

TEST_F(SupervisionViewsTest,
       APercentageSampleRoundsUpAndWorkersWithoutALevelHaveThePolicysDefault) {
  for (const char* id : {"c1", "c2", "c3"}) OpenFor(id, "bo");
  for (const char* id : {"d1", "d2", "d3", "d4"}) OpenFor(id, "cy");
  Level("bo", v1::SAMPLE_PERCENT, 50);
  EXPECT_EQ(Due("bo", At(3, 5)).required_this_month(), 2u) << "half of three, rounded up";
  const v1::WorkerReviewSchedule cy = Due("cy", At(3, 5));
  EXPECT_TRUE(cy.default_level());
  EXPECT_EQ(cy.level().kind(), v1::SAMPLE_FILES_PER_MONTH);
  EXPECT_EQ(cy.required_this_month(), 2u);
  EXPECT_THAT(cy.files(), SizeIs(2));
}

TEST_F(SupervisionViewsTest, ATeamsFilesDueAreListedWorkerByWorkerAndOverdueOnesNeedAttention) {
  OpenFor("c1", "bo");
  OpenFor("d1", "cy");
  Level("bo", v1::PERIODIC, 10);
  Level("cy", v1::PERIODIC, 60);
  auto view = world_.View(CaseloadProjection::kName);
  const v1::Policy& policy = domain::DefaultPolicy();
  auto due =
      ListFilesDueForReview(*view, "default", "", "north", LevelOf(policy), policy, At(3, 20));
  ASSERT_THAT(due, IsOk());
  ASSERT_THAT(due->workers(), SizeIs(2));
  EXPECT_EQ(due->workers(0).worker_id(), "bo");
  EXPECT_THAT(CasesOf(due->workers(0), true), ElementsAre("c1"));
  EXPECT_THAT(CasesOf(due->workers(1)), IsEmpty());
  CaseReasons overdue = OverdueReviews(*due);
  v1::ListAttentionRequest request;
  request.set_team_id("north");
  auto list = ListAttention(*view, "default", request, policy, At(3, 20), &overdue);
  ASSERT_THAT(list, IsOk());
  std::vector<std::string> overdue_cases;
  for (const auto& item : list->items()) {
    for (const auto& reason : item.reasons()) {
      if (reason.kind() == v1::FILE_REVIEW_OVERDUE) {
        overdue_cases.push_back(item.summary().case_id());
      }
    }
  }
  EXPECT_THAT(overdue_cases, ElementsAre("c1"));
}

// ---------------------------------------------------------------------------------------
// Review actions, escalations, inboxes

TEST_F(SupervisionViewsTest, AReviewActionShowsOpenThenOverdueAndGoesOnceDone) {
  OpenFor("c1", "bo");
  Review("c1", {"file the landlord's letter"}, absl::Hours(48));
  EXPECT_THAT(Attention(v1::REVIEW_ACTION_OPEN, At(3, 3), "bo"), ElementsAre("c1"));
  EXPECT_THAT(Attention(v1::REVIEW_ACTION_OVERDUE, At(3, 3), "bo"), IsEmpty());
  EXPECT_THAT(Attention(v1::REVIEW_ACTION_OVERDUE, At(3, 5), "", "north"), ElementsAre("c1"))
      << "in the supervisor's list too";
  auto view = world_.View(CaseloadProjection::kName);
  v1::ListCaseloadRequest caseload;
  caseload.set_worker_id("bo");
  auto items = ListCaseload(*view, "default", caseload, domain::DefaultPolicy(), At(3, 5));
  ASSERT_THAT(items, IsOk());
  ASSERT_THAT(items->items(0).open_review_actions(), SizeIs(1)) << "and on the worker's caseload";
  EXPECT_EQ(items->items(0).open_review_actions(0).action_id(), "fr-1.1");

  v1::CompleteReviewActionRequest done;
  *done.mutable_header() = Header("c1");
  done.set_action_id("fr-1.1");
  done.set_what_was_done("letter scanned to the file");
  ASSERT_THAT(world_.Case(done, "bo"), IsOk());
  EXPECT_THAT(Attention(v1::REVIEW_ACTION_OVERDUE, At(3, 5), "bo"), IsEmpty());
  EXPECT_THAT(Attention(v1::REVIEW_ACTION_OPEN, At(3, 5), "bo"), IsEmpty());
}

TEST_F(SupervisionViewsTest, AnUnacknowledgedEscalationNeedsAttentionAfterThePolicysTime) {
  OpenFor("c1", "bo");
  v1::FlagUntowardIncidentRequest incident;
  *incident.mutable_header() = Header("c1");
  incident.set_incident_id("inc-1");
  incident.mutable_incident()->set_kind(v1::COMPLAINT);
  incident.mutable_incident()->set_severity(v1::MINOR);
  incident.mutable_incident()->set_description("client unhappy with delay");
  incident.mutable_incident()->set_escalated_to("supervisor:sup");
  ASSERT_THAT(world_.Case(incident, "bo"), IsOk());

  auto view = world_.View(CaseloadProjection::kName);
  auto inbox = ListInbox(*view, "default", {view_keys::InboxOfPerson("sup")},
                         domain::DefaultPolicy(), At(3, 2, 10));
  ASSERT_THAT(inbox, IsOk());
  ASSERT_THAT(inbox->items(), SizeIs(1));
  EXPECT_EQ(inbox->items(0).escalation().escalation_id(), "incident:inc-1");
  EXPECT_EQ(inbox->items(0).escalation().raised_by(), "bo");
  EXPECT_EQ(FromProto(inbox->items(0).acknowledge_by()), At(3, 4, 0))
      << "one working day after Monday: the end of Tuesday, London (GMT)";
  EXPECT_FALSE(inbox->items(0).overdue());

  // Monday: within the time. Wednesday: the escalating worker's and the team's lists.
  EXPECT_THAT(Attention(v1::ESCALATION_UNACKNOWLEDGED, At(3, 2, 17), "bo"), IsEmpty());
  EXPECT_THAT(Attention(v1::ESCALATION_UNACKNOWLEDGED, At(3, 4, 9), "bo"), ElementsAre("c1"));
  EXPECT_THAT(Attention(v1::ESCALATION_UNACKNOWLEDGED, At(3, 4, 9), "", "north"),
              ElementsAre("c1"));

  v1::AcknowledgeEscalationRequest ack;
  *ack.mutable_header() = Header("c1");
  ack.set_escalation_id("incident:inc-1");
  ack.set_action("will call the client this afternoon");
  ASSERT_THAT(world_.Case(ack, "sup", "supervisor"), IsOk());
  view = world_.View(CaseloadProjection::kName);
  inbox = ListInbox(*view, "default", {view_keys::InboxOfPerson("sup")}, domain::DefaultPolicy(),
                    At(3, 4, 9));
  ASSERT_THAT(inbox, IsOk());
  EXPECT_THAT(inbox->items(), IsEmpty());
  EXPECT_THAT(Attention(v1::ESCALATION_UNACKNOWLEDGED, At(3, 4, 9), "", "north"), IsEmpty());
}

TEST_F(SupervisionViewsTest, AnEscalationToARoleReachesTheTeamsRoleInbox) {
  OpenFor("c1", "bo");
  v1::ReprioritiseRequest override;
  *override.mutable_header() = Header("c1");
  override.set_rag(v1::RED);
  override.set_rationale("eviction date brought forward");
  override.add_informed("supervisor");
  ASSERT_THAT(world_.Case(override, "bo"), IsOk());
  auto view = world_.View(CaseloadProjection::kName);
  auto inbox = ListInbox(*view, "default", {view_keys::InboxOfRole("north", "supervisor")},
                         domain::DefaultPolicy(), At(3, 2, 10));
  ASSERT_THAT(inbox, IsOk());
  ASSERT_THAT(inbox->items(), SizeIs(1));
  EXPECT_EQ(inbox->items(0).escalation().source(), v1::PRIORITY_INFORMED);
  auto south = ListInbox(*view, "default", {view_keys::InboxOfRole("south", "supervisor")},
                         domain::DefaultPolicy(), At(3, 2, 10));
  ASSERT_THAT(south, IsOk());
  EXPECT_THAT(south->items(), IsEmpty());
}

TEST_F(SupervisionViewsTest, ASafeguardingConcernWithNoDecisionInAWorkingDayNeedsAttention) {
  OpenFor("c1", "bo");
  v1::FlagUntowardIncidentRequest incident;
  *incident.mutable_header() = Header("c1");
  incident.set_incident_id("inc-1");
  incident.mutable_incident()->set_kind(v1::SAFEGUARDING_CONCERN);
  incident.mutable_incident()->set_severity(v1::MODERATE);
  incident.mutable_incident()->set_description("neighbour reports the client is not eating");
  incident.mutable_incident()->set_immediate_action("called the client");
  incident.mutable_incident()->set_escalated_to("the safeguarding lead");
  ASSERT_THAT(world_.Case(incident, "bo"), IsOk());
  EXPECT_THAT(Attention(v1::INCIDENT_RESPONSE_OVERDUE, At(3, 3, 20), "bo"), IsEmpty());
  EXPECT_THAT(Attention(v1::INCIDENT_RESPONSE_OVERDUE, At(3, 4, 9), "bo"), ElementsAre("c1"));
  v1::RecordNoteRequest decision;
  *decision.mutable_header() = Header("c1");
  decision.mutable_note()->set_kind(v1::FACT);
  decision.mutable_note()->set_contact_type(v1::NO_CONTACT);
  decision.mutable_note()->set_text("referred to adult social care");
  decision.mutable_note()->set_incident_id("inc-1");
  ASSERT_THAT(world_.Case(decision, "bo"), IsOk());
  EXPECT_THAT(Attention(v1::INCIDENT_RESPONSE_OVERDUE, At(3, 4, 9), "bo"), IsEmpty());
}

TEST_F(SupervisionViewsTest, AWorkersReviewsAreListedOldestFirstWithTheirGradesAndOpenActions) {
  OpenFor("c1", "bo");
  OpenFor("c2", "bo");
  OpenFor("d1", "cy");
  Review("c1", {"call the client"}, absl::Hours(24));
  world_.clock().Set(At(3, 9));
  Review("c2");
  Review("d1");
  auto view = world_.View(CaseloadProjection::kName);
  v1::ListWorkerReviewsRequest request;
  request.set_worker_id("bo");
  request.set_page_size(1);
  auto page = ListWorkerReviews(*view, "default", request, At(3, 10));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->total(), 2u) << "cy's review is not bo's";
  ASSERT_THAT(page->reviews(), SizeIs(1));
  EXPECT_EQ(page->reviews(0).case_id(), "c1");
  EXPECT_EQ(page->reviews(0).reviewer(), "sup");
  EXPECT_EQ(page->open_actions(), 1u);
  EXPECT_EQ(page->overdue_actions(), 1u);
  ASSERT_THAT(page->grades(), SizeIs(1));
  EXPECT_EQ(page->grades(0).met() + page->grades(0).not_met(), 2u);
  ASSERT_FALSE(page->next_page_token().empty());
  request.set_page_token(page->next_page_token());
  auto next = ListWorkerReviews(*view, "default", request, At(3, 10));
  ASSERT_THAT(next, IsOk());
  ASSERT_THAT(next->reviews(), SizeIs(1));
  EXPECT_EQ(next->reviews(0).case_id(), "c2");
  EXPECT_TRUE(next->next_page_token().empty());
  *request.mutable_from() = ToProto(At(3, 5));
  request.clear_page_token();
  auto window = ListWorkerReviews(*view, "default", request, At(3, 10));
  ASSERT_THAT(window, IsOk());
  EXPECT_EQ(window->total(), 1u);
  request.set_page_token("not a token!");
  EXPECT_EQ(ListWorkerReviews(*view, "default", request, At(3, 10)).status().code(),
            absl::StatusCode::kInvalidArgument);
  request.clear_page_token();
  auto elsewhere = ListWorkerReviews(*view, "south-org", request, At(3, 10));
  ASSERT_THAT(elsewhere, IsOk());
  EXPECT_EQ(elsewhere->total(), 0u) << "another organisation's worker of the same id has none";
}

// ---------------------------------------------------------------------------------------
// The adviser's own attention list: outcomes and obstacles

TEST_F(SupervisionViewsTest,
       AnOutcomeAtRiskOrPastItsTargetAndAnObstacleLeftUnresolvedNeedAttention) {
  OpenFor("c1", "bo");
  v1::SetOutcomeRequest outcome;
  *outcome.mutable_header() = Header("c1");
  outcome.set_outcome_id("o-1");
  outcome.mutable_outcome()->set_description("arrears cleared by an agreed payment plan");
  outcome.mutable_outcome()->set_measure("landlord confirms the plan in writing");
  *outcome.mutable_outcome()->mutable_target_date() = ToProto(At(3, 20));
  outcome.mutable_outcome()->set_agreed_with("client");
  ASSERT_THAT(world_.Case(outcome, "bo"), IsOk());
  v1::RecordObstacleRequest obstacle;
  *obstacle.mutable_header() = Header("c1");
  obstacle.set_obstacle_id("ob-1");
  obstacle.mutable_obstacle()->set_kind(v1::THIRD_PARTY);
  obstacle.mutable_obstacle()->set_description("the landlord's agent does not answer letters");
  obstacle.mutable_obstacle()->set_outcome_id("o-1");
  ASSERT_THAT(world_.Case(obstacle, "bo"), IsOk());

  // On track and within its target, with the obstacle new: nothing yet.
  EXPECT_THAT(Attention(v1::OUTCOME_AT_RISK, At(3, 3), "bo"), IsEmpty());
  EXPECT_THAT(Attention(v1::OUTCOME_PAST_TARGET, At(3, 3), "bo"), IsEmpty());
  EXPECT_THAT(Attention(v1::OBSTACLE_UNRESOLVED, At(3, 3), "bo"), IsEmpty());

  v1::RecordOutcomeProgressRequest progress;
  *progress.mutable_header() = Header("c1");
  progress.set_outcome_id("o-1");
  progress.set_status(v1::AT_RISK);
  progress.set_percent_complete(30);
  progress.set_note("the landlord has not replied to the offer");
  ASSERT_THAT(world_.Case(progress, "bo"), IsOk());
  EXPECT_THAT(Attention(v1::OUTCOME_AT_RISK, At(3, 3), "bo"), ElementsAre("c1"));
  EXPECT_THAT(Attention(v1::OUTCOME_AT_RISK, At(3, 3), "", "north"), ElementsAre("c1"))
      << "and on the team's list";
  // The policy's 10 working days from Monday 2 March run out on Monday 16 March.
  EXPECT_THAT(Attention(v1::OBSTACLE_UNRESOLVED, At(3, 13), "bo"), IsEmpty());
  EXPECT_THAT(Attention(v1::OBSTACLE_UNRESOLVED, At(3, 17), "bo"), ElementsAre("c1"));
  EXPECT_THAT(Attention(v1::OUTCOME_PAST_TARGET, At(3, 21), "bo"), ElementsAre("c1"));

  // Resolved and achieved, they go.
  v1::ResolveObstacleRequest resolve;
  *resolve.mutable_header() = Header("c1");
  resolve.set_obstacle_id("ob-1");
  resolve.set_resolution("spoke to the landlord directly");
  ASSERT_THAT(world_.Case(resolve, "bo"), IsOk());
  *progress.mutable_header() = Header("c1");
  progress.set_status(v1::ACHIEVED);
  progress.set_percent_complete(100);
  progress.set_note("plan agreed in writing");
  ASSERT_THAT(world_.Case(progress, "bo"), IsOk());
  EXPECT_THAT(Attention(v1::OBSTACLE_UNRESOLVED, At(3, 21), "bo"), IsEmpty());
  EXPECT_THAT(Attention(v1::OUTCOME_AT_RISK, At(3, 21), "bo"), IsEmpty());
  EXPECT_THAT(Attention(v1::OUTCOME_PAST_TARGET, At(3, 21), "bo"), IsEmpty());
}

}  // namespace
}  // namespace caseledger::projections
