// A supervisor's month over a real channel: monitoring levels set, files due for review,
// reviews with actions (one done, one left to go overdue), an escalation that reaches the
// supervisor's inbox and is acknowledged, a supervision session on the worker's record, the
// worker's own workload and caseload review, and the team's report.

#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "base/proto_time.h"
#include "gmock/gmock.h"
#include "tests/integration/command_client.h"

namespace caseledger {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class SupervisionTest : public testing::ServerFixture {
 protected:
  explicit SupervisionTest(bool gate_view_commits = false)
      : ServerFixture(absl::ZeroDuration(), false, gate_view_commits) {}

  std::unique_ptr<grpc::ClientContext> AsSup() { return As("sup", "supervisor", "north"); }
  std::unique_ptr<grpc::ClientContext> AsWorker(const std::string& id) {
    return As(id, "caseworker", "north");
  }

  v1::CommandHeader Next(const std::string& case_id) {
    return Header(absl::StrCat("cmd-", ++commands_), case_id);
  }
  v1::WorkerCommandHeader WorkerHeader(const std::string& worker_id) {
    v1::WorkerCommandHeader header;
    header.set_command_id(absl::StrCat("cmd-", ++commands_));
    header.set_worker_id(worker_id);
    return header;
  }

  uint64_t OpenFor(const std::string& case_id, const std::string& worker) {
    v1::OpenCaseRequest open;
    *open.mutable_header() = Next(case_id);
    open.set_kind(v1::ADVICE);
    open.set_category(case_id[0] == 'b' ? "debt" : "housing");
    open.set_client_ref(absl::StrCat("C-", case_id));
    open.set_complexity(v1::MEDIUM);
    open.set_team_id("north");
    v1::CommandResult result;
    EXPECT_TRUE(cases_->OpenCase(AsSup().get(), open, &result).ok());
    v1::AssignCaseRequest assign;
    *assign.mutable_header() = Next(case_id);
    assign.set_worker_id(worker);
    assign.set_team_id("north");
    grpc::Status assigned = cases_->AssignCase(AsSup().get(), assign, &result);
    EXPECT_TRUE(assigned.ok()) << assigned.error_message();
    return result.position();
  }

  uint64_t Note(const std::string& case_id, const std::string& worker) {
    v1::RecordNoteRequest note;
    *note.mutable_header() = Next(case_id);
    note.mutable_note()->set_kind(v1::FACT);
    note.mutable_note()->set_contact_type(v1::PHONE);
    note.mutable_note()->set_text("advised on the arrears and the court's next step");
    v1::CommandResult result;
    grpc::Status status = cases_->RecordNote(AsWorker(worker).get(), note, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result.position();
  }

  std::vector<std::string> AttentionOf(v1::AttentionKind kind, const std::string& worker,
                                       const std::string& team, uint64_t min_position) {
    v1::ListAttentionRequest request;
    request.set_worker_id(worker);
    request.set_team_id(team);
    request.set_min_position(min_position);
    v1::ListAttentionResponse response;
    auto context = team.empty() ? AsWorker(worker) : AsSup();
    grpc::Status status = caseload_->ListAttention(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> found;
    for (const auto& item : response.items()) {
      for (const auto& reason : item.reasons()) {
        if (reason.kind() == kind) found.push_back(item.summary().case_id());
      }
    }
    return found;
  }

  int commands_ = 0;
};

class NewWorkerTest : public SupervisionTest {
 protected:
  NewWorkerTest() : SupervisionTest(/*gate_view_commits=*/true) {}
};

// A worker's first record takes their team from the cases they hold: a command on it is judged
// on every case allocated before it was made, not on how far the views had come.
TEST_F(NewWorkerTest, TheFirstCommandOnAWorkersRecordSeesTheCaseAllocatedJustBefore) {
  gated_views_->Hold();
  OpenFor("d1", "di");
  std::thread views_move_on([this] {
    absl::SleepFor(absl::Milliseconds(200));
    gated_views_->Release();
  });
  v1::SetMonitoringLevelRequest level;
  *level.mutable_header() = WorkerHeader("di");
  level.mutable_level()->set_kind(v1::EVERY_FILE_BEFORE_ADVICE);
  level.set_reason("new to the team");
  v1::WorkerCommandResult done;
  grpc::Status status = supervision_->SetMonitoringLevel(AsSup().get(), level, &done);
  views_move_on.join();
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  v1::GetWorkerRecordRequest get;
  get.set_worker_id("di");
  v1::WorkerRecord record;
  status = supervision_->GetWorkerRecord(AsSup().get(), get, &record);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(record.state().team_id(), "north") << "the team of the case allocated before";
}

TEST_F(SupervisionTest, ASupervisorsMonth) {
  // Monday 2 March: bo and cy each hold three cases.
  for (const char* id : {"b1", "b2", "b3"}) OpenFor(id, "bo");
  uint64_t position = 0;
  for (const char* id : {"c1", "c2", "c3"}) position = OpenFor(id, "cy");
  // A worker's team is that of their cases until their record says: the supervisor sees them
  // on the team's workload first.
  v1::GetWorkloadRequest team_load;
  team_load.set_team_id("north");
  team_load.set_min_position(position);
  v1::GetWorkloadResponse loads;
  ASSERT_TRUE(caseload_->GetWorkload(AsSup().get(), team_load, &loads).ok());
  ASSERT_THAT(loads.workers(), SizeIs(2));

  // bo is new to debt work: every file before advice; cy is experienced: one file a month.
  v1::SetMonitoringLevelRequest level;
  *level.mutable_header() = WorkerHeader("bo");
  level.mutable_level()->set_kind(v1::EVERY_FILE_BEFORE_ADVICE);
  level.set_reason("new to debt casework");
  v1::WorkerCommandResult done;
  ASSERT_TRUE(supervision_->SetMonitoringLevel(AsSup().get(), level, &done).ok());
  EXPECT_EQ(done.worker_id(), "bo");
  EXPECT_EQ(done.revision(), 1u);
  *level.mutable_header() = WorkerHeader("cy");
  level.mutable_level()->set_kind(v1::SAMPLE_FILES_PER_MONTH);
  level.mutable_level()->set_files_per_month(1);
  level.set_reason("experienced; sample only");
  ASSERT_TRUE(supervision_->SetMonitoringLevel(AsSup().get(), level, &done).ok());
  // A level with a bad number names the field.
  level.mutable_level()->set_files_per_month(0);
  *level.mutable_header() = WorkerHeader("cy");
  grpc::Status bad = supervision_->SetMonitoringLevel(AsSup().get(), level, &done);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(bad), ElementsAre("level.files_per_month"));
  // A caseworker may not set levels.
  EXPECT_EQ(supervision_->SetMonitoringLevel(AsWorker("bo").get(), level, &done).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // bo gives advice on two files: both are due for review before more advice.
  Note("b1", "bo");
  position = Note("b2", "bo");
  v1::ListFilesDueForReviewRequest due_request;
  due_request.set_team_id("north");
  due_request.set_min_position(position);
  v1::ListFilesDueForReviewResponse due;
  ASSERT_TRUE(supervision_->ListFilesDueForReview(AsSup().get(), due_request, &due).ok());
  ASSERT_THAT(due.workers(), SizeIs(2));
  EXPECT_EQ(due.workers(0).worker_id(), "bo");
  EXPECT_EQ(due.workers(0).files_size(), 2);
  EXPECT_EQ(due.workers(1).required_this_month(), 1u);
  EXPECT_EQ(due.workers(1).files_size(), 1);

  // Tuesday: the supervisor reviews b1 (two actions, due Friday) and cy's sample file.
  clock_.Advance(absl::Hours(24));
  v1::RecordFileReviewRequest review;
  *review.mutable_header() = Next("b1");
  review.set_review_id("fr-1");
  v1::FileReviewDetails* details = review.mutable_review();
  details->set_revision_reviewed(3);
  details->set_findings("advice accurate; the letter to the court is not on file");
  details->set_feedback_given("went through it with bo after the team meeting");
  details->add_actions_required("put the court letter on file");
  details->add_actions_required("tell the client the hearing date");
  *details->mutable_actions_due_by() = ToProto(clock_.Now() + absl::Hours(72));
  for (auto [criterion, grade] :
       {std::pair{v1::ACCURATE_ADVICE, v1::MET}, std::pair{v1::FULL_RECORDS, v1::NOT_MET},
        std::pair{v1::CLIENT_INFORMED, v1::PARTLY_MET}}) {
    v1::ChecklistGrade* g = details->add_checklist();
    g->set_criterion(criterion);
    g->set_grade(grade);
  }
  v1::CommandResult result;
  ASSERT_TRUE(cases_->RecordFileReview(AsSup().get(), review, &result).ok());
  review.set_review_id("fr-2");
  *review.mutable_header() = Next("c1");
  review.mutable_review()->set_revision_reviewed(2);
  review.mutable_review()->clear_actions_required();
  review.mutable_review()->clear_actions_due_by();
  ASSERT_TRUE(cases_->RecordFileReview(AsSup().get(), review, &result).ok());

  // Wednesday: bo files the letter; the hearing date is left undone.
  clock_.Advance(absl::Hours(24));
  v1::CompleteReviewActionRequest action;
  *action.mutable_header() = Next("b1");
  action.set_action_id("fr-1.1");
  action.set_what_was_done("court letter scanned to the file");
  ASSERT_TRUE(cases_->CompleteReviewAction(AsWorker("bo").get(), action, &result).ok());
  EXPECT_EQ(cases_->CompleteReviewAction(AsWorker("bo").get(), action, &result).error_code(),
            grpc::StatusCode::OK)
      << "a retried command answers its first result";
  EXPECT_TRUE(result.duplicate());
  *action.mutable_header() = Next("b1");
  EXPECT_EQ(cases_->CompleteReviewAction(AsWorker("bo").get(), action, &result).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "done once";

  // cy flags a complaint and escalates it to the supervisor by name.
  v1::FlagUntowardIncidentRequest incident;
  *incident.mutable_header() = Next("c2");
  incident.set_incident_id("inc-1");
  incident.mutable_incident()->set_kind(v1::COMPLAINT);
  incident.mutable_incident()->set_severity(v1::MODERATE);
  incident.mutable_incident()->set_description("client complains the letter was late");
  incident.mutable_incident()->set_escalated_to("supervisor:sup");
  ASSERT_TRUE(cases_->FlagUntowardIncident(AsWorker("cy").get(), incident, &result).ok());
  v1::ListInboxRequest inbox_request;
  inbox_request.set_min_position(result.position());
  v1::ListInboxResponse inbox;
  ASSERT_TRUE(supervision_->ListInbox(AsSup().get(), inbox_request, &inbox).ok());
  ASSERT_THAT(inbox.items(), SizeIs(1));
  EXPECT_EQ(inbox.items(0).case_id(), "c2");
  EXPECT_EQ(inbox.items(0).escalation().escalation_id(), "incident:inc-1");
  EXPECT_EQ(inbox.items(0).escalation().raised_by(), "cy");
  EXPECT_FALSE(inbox.items(0).overdue());
  v1::ListInboxResponse theirs;
  ASSERT_TRUE(supervision_->ListInbox(AsWorker("cy").get(), inbox_request, &theirs).ok());
  EXPECT_THAT(theirs.items(), IsEmpty()) << "cy's own inbox has nothing";

  // Monday 9 March: the hearing-date action is past due, and the complaint still waits.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 9, 9, 0, 0), absl::UTCTimeZone()));
  EXPECT_THAT(AttentionOf(v1::REVIEW_ACTION_OVERDUE, "", "north", result.position()),
              ElementsAre("b1"));
  EXPECT_THAT(AttentionOf(v1::ESCALATION_UNACKNOWLEDGED, "cy", "", result.position()),
              ElementsAre("c2"))
      << "in the escalating worker's list";
  EXPECT_THAT(AttentionOf(v1::ESCALATION_UNACKNOWLEDGED, "", "north", result.position()),
              ElementsAre("c2"))
      << "and their supervisor's";
  v1::ListCaseloadRequest caseload;
  caseload.set_worker_id("bo");
  v1::ListCaseloadResponse load;
  ASSERT_TRUE(caseload_->ListCaseload(AsWorker("bo").get(), caseload, &load).ok());
  int open_actions = 0;
  for (const auto& item : load.items()) open_actions += item.open_review_actions_size();
  EXPECT_EQ(open_actions, 1) << "bo's caseload shows the action still open";

  // Someone it is not addressed to may not take it up; the supervisor does.
  v1::AcknowledgeEscalationRequest ack;
  *ack.mutable_header() = Next("c2");
  ack.set_escalation_id("incident:inc-1");
  ack.set_action("will call the client today and apologise");
  EXPECT_EQ(cases_->AcknowledgeEscalation(AsWorker("cy").get(), ack, &result).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(cases_->AcknowledgeEscalation(AsSup().get(), ack, &result).ok());
  inbox_request.set_min_position(result.position());
  ASSERT_TRUE(supervision_->ListInbox(AsSup().get(), inbox_request, &inbox).ok());
  EXPECT_THAT(inbox.items(), IsEmpty());
  EXPECT_THAT(AttentionOf(v1::ESCALATION_UNACKNOWLEDGED, "", "north", result.position()),
              IsEmpty());

  // A supervision session with bo: what was discussed is on bo's record, wellbeing sealed.
  v1::RecordSupervisionSessionRequest session;
  *session.mutable_header() = WorkerHeader("bo");
  session.set_session_id("s-1");
  *session.mutable_session()->mutable_held_at() = ToProto(clock_.Now());
  session.mutable_session()->add_agenda("the review of b1");
  session.mutable_session()->add_cases_discussed("b1");
  session.mutable_session()->add_agreed_actions("tell the client the hearing date today");
  session.mutable_session()->set_wellbeing_discussed("bo is anxious about court work");
  ASSERT_TRUE(supervision_->RecordSupervisionSession(AsSup().get(), session, &done).ok());
  v1::GetWorkerRecordRequest record_request;
  record_request.set_worker_id("bo");
  v1::WorkerRecord record;
  ASSERT_TRUE(supervision_->GetWorkerRecord(AsWorker("bo").get(), record_request, &record).ok());
  ASSERT_THAT(record.state().sessions(), SizeIs(1));
  EXPECT_EQ(record.state().sessions(0).session().wellbeing_discussed(),
            "bo is anxious about court work");
  EXPECT_EQ(record.level_in_force().kind(), v1::EVERY_FILE_BEFORE_ADVICE);
  EXPECT_EQ(
      supervision_->GetWorkerRecord(AsWorker("cy").get(), record_request, &record).error_code(),
      grpc::StatusCode::PERMISSION_DENIED)
      << "another worker's record is not cy's to read";
  ASSERT_TRUE(
      supervision_->GetWorkerRecord(As("cora", "compliance_officer").get(), record_request, &record)
          .ok());
  auto stored = store_->ReadStream("worker-bo", 1, eventstore::Direction::kForward, 10);
  ASSERT_TRUE(stored.ok());
  for (const auto& r : *stored) {
    EXPECT_FALSE(absl::StrContains(r.payload(), "anxious")) << "wellbeing is sealed in the log";
  }

  // bo's reviews over time, as bo and the supervisor see them.
  v1::ListWorkerReviewsRequest reviews_request;
  reviews_request.set_worker_id("bo");
  v1::ListWorkerReviewsResponse reviews;
  ASSERT_TRUE(
      supervision_->ListWorkerReviews(AsWorker("bo").get(), reviews_request, &reviews).ok());
  ASSERT_THAT(reviews.reviews(), SizeIs(1));
  EXPECT_EQ(reviews.open_actions(), 1u);
  EXPECT_EQ(reviews.overdue_actions(), 1u);

  // bo sees their own weighted workload against the safe level, and reviews their caseload.
  v1::GetWorkloadRequest workload_request;
  workload_request.set_worker_id("bo");
  v1::GetWorkloadResponse workload;
  ASSERT_TRUE(caseload_->GetWorkload(AsWorker("bo").get(), workload_request, &workload).ok());
  ASSERT_THAT(workload.workers(), SizeIs(1));
  EXPECT_EQ(workload.workers(0).weighted_points(), 6) << "three medium advice cases";
  EXPECT_EQ(workload.workers(0).safe_points(), 40);
  workload_request.set_worker_id("cy");
  EXPECT_EQ(caseload_->GetWorkload(AsWorker("bo").get(), workload_request, &workload).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::RecordCaseloadReviewRequest caseload_review;
  *caseload_review.mutable_header() = WorkerHeader("bo");
  for (const char* id : {"b1", "b2", "b3"})
    caseload_review.mutable_review()->add_cases_reviewed(id);
  caseload_review.mutable_review()->add_obstacles_found("the court takes weeks to list hearings");
  ASSERT_TRUE(
      supervision_->RecordCaseloadReview(AsWorker("bo").get(), caseload_review, &done).ok());

  // The team's report for March.
  v1::GetTeamReportRequest report_request;
  report_request.set_team_id("north");
  report_request.set_from_month("2026-03");
  report_request.set_to_month("2026-03");
  report_request.set_min_position(result.position());
  v1::TeamReport report;
  ASSERT_TRUE(supervision_->GetTeamReport(AsSup().get(), report_request, &report).ok());
  ASSERT_THAT(report.months(), SizeIs(1));
  const v1::MonthReport& march = report.months(0);
  EXPECT_EQ(march.month(), "2026-03");
  EXPECT_EQ(march.opened(), 6u);
  EXPECT_EQ(march.reviews_done(), 2u);
  EXPECT_EQ(march.incidents_total(), 1u);
  EXPECT_EQ(march.workers(), 2u);
  EXPECT_EQ(march.safe_points(), 40);
  EXPECT_GT(march.average_points(), 0);
  EXPECT_GE(march.reviews_due(), 3u) << "bo's two files with advice, and cy's sample";
  int not_met = 0;
  for (const auto& g : march.grades()) not_met += g.grade() == v1::NOT_MET ? g.count() : 0;
  EXPECT_EQ(not_met, 2) << "full records not met in both reviews";
  EXPECT_EQ(supervision_->GetTeamReport(AsWorker("bo").get(), report_request, &report).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(SupervisionTest, AFollowedInboxReceivesEscalationsAsTheyArriveAndGoesOnAcknowledgement) {
  OpenFor("c1", "cy");
  auto context = AsSup();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = supervision_->FollowInbox(context.get(), v1::FollowInboxRequest());
  v1::InboxUpdate first;
  ASSERT_TRUE(reader->Read(&first));
  EXPECT_THAT(first.added(), IsEmpty()) << "nothing awaits yet";

  v1::FlagUntowardIncidentRequest incident;
  *incident.mutable_header() = Next("c1");
  incident.set_incident_id("inc-1");
  incident.mutable_incident()->set_kind(v1::AGGRESSIVE_OR_VIOLENT_BEHAVIOUR);
  incident.mutable_incident()->set_severity(v1::SERIOUS);
  incident.mutable_incident()->set_description("client shouted and threatened staff");
  incident.mutable_incident()->set_immediate_action("appointment ended; client asked to leave");
  incident.mutable_incident()->set_escalated_to("supervisor");
  v1::CommandResult result;
  ASSERT_TRUE(
      cases_->FlagUntowardIncident(As("cy", "caseworker", "north").get(), incident, &result).ok());
  v1::InboxUpdate arrived;
  ASSERT_TRUE(reader->Read(&arrived));
  ASSERT_THAT(arrived.added(), SizeIs(1)) << "addressed to the team's supervisors";
  EXPECT_EQ(arrived.added(0).escalation().escalation_id(), "incident:inc-1");
  EXPECT_GE(arrived.position(), first.position()) << "the position never goes back";

  v1::AcknowledgeEscalationRequest ack;
  *ack.mutable_header() = Next("c1");
  ack.set_escalation_id("incident:inc-1");
  ack.set_action("reviewing the risk assessment with cy this morning");
  ASSERT_TRUE(cases_->AcknowledgeEscalation(AsSup().get(), ack, &result).ok());
  v1::InboxUpdate taken;
  ASSERT_TRUE(reader->Read(&taken));
  EXPECT_THAT(taken.removed(), ElementsAre("c1/incident:inc-1/supervisor"));
  context->TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(SupervisionTest, KeyPeopleChangeAndTheCaseKeepsTheirHistory) {
  OpenFor("c1", "cy");
  v1::AddKeyPersonRequest add;
  *add.mutable_header() = Next("c1");
  add.set_person_id("p-1");
  add.mutable_person()->set_relationship(v1::CARER);
  add.mutable_person()->set_name("the client's son");
  add.mutable_person()->set_views("wants a payment plan");
  add.mutable_person()->set_consent(v1::GIVEN);
  v1::CommandResult result;
  ASSERT_TRUE(cases_->AddKeyPerson(AsWorker("cy").get(), add, &result).ok());
  v1::UpdateKeyPersonRequest update;
  *update.mutable_header() = Next("c1");
  update.set_person_id("p-1");
  *update.mutable_person() = add.person();
  update.mutable_person()->set_views("now prefers a debt relief order");
  update.set_reason("after the benefits check");
  ASSERT_TRUE(cases_->UpdateKeyPerson(AsWorker("cy").get(), update, &result).ok());
  v1::WithdrawKeyPersonConsentRequest withdraw;
  *withdraw.mutable_header() = Next("c1");
  withdraw.set_person_id("p-1");
  withdraw.set_reason("client asked us to deal with them alone");
  withdraw.set_no_longer_shared("copies of letters");
  ASSERT_TRUE(cases_->WithdrawKeyPersonConsent(AsWorker("cy").get(), withdraw, &result).ok());
  update.mutable_header()->set_command_id("update-without-consent-again");
  EXPECT_EQ(cases_->UpdateKeyPerson(AsWorker("cy").get(), update, &result).error_code(),
            grpc::StatusCode::OK)
      << "consent may be given again by an update";
  v1::EndKeyPersonInvolvementRequest end;
  *end.mutable_header() = Next("c1");
  end.set_person_id("p-1");
  ASSERT_EQ(cases_->EndKeyPersonInvolvement(AsWorker("cy").get(), end, &result).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "a reason is required";
  end.set_reason("moved away");
  ASSERT_TRUE(cases_->EndKeyPersonInvolvement(AsWorker("cy").get(), end, &result).ok());

  v1::GetCaseRequest get;
  get.set_case_id("c1");
  v1::CaseView view;
  ASSERT_TRUE(caseload_->GetCase(AsWorker("cy").get(), get, &view).ok());
  ASSERT_THAT(view.state().key_people(), SizeIs(1));
  const v1::KeyPerson& person = view.state().key_people(0);
  EXPECT_EQ(person.person().views(), "now prefers a debt relief order");
  EXPECT_EQ(person.person().consent(), v1::GIVEN);
  EXPECT_THAT(person.revisions(), SizeIs(3)) << "two updates and a withdrawal";
  EXPECT_EQ(person.revisions(0).person().views(), "wants a payment plan");
  EXPECT_EQ(person.no_longer_shared(), "copies of letters");
  EXPECT_EQ(person.end_reason(), "moved away");
}

}  // namespace
}  // namespace caseledger
