// CaseCommands and PolicyCommands over a real gRPC channel on loopback.

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "caseledger/v1/case_events.pb.h"
#include "gmock/gmock.h"
#include "tests/integration/command_client.h"

namespace caseledger {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class CaseCommandsTest : public testing::ServerFixture {
 protected:
  v1::CommandResult Open(const std::string& case_id) {
    v1::OpenCaseRequest request;
    *request.mutable_header() = Header("open-" + case_id, case_id);
    request.set_kind(v1::ADVICE);
    request.set_category("housing");
    request.set_summary("Possession claim; hearing date set");
    request.set_client_ref("C-1042");
    request.set_complexity(v1::HIGH);
    request.set_team_id("north");
    v1::CommandResult result;
    grpc::Status status = cases_->OpenCase(As("ana").get(), request, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result;
  }

  grpc::Status Note(const std::string& command_id, const std::string& case_id,
                    v1::CommandResult* result, const std::string& incident_id = "") {
    v1::RecordNoteRequest request;
    *request.mutable_header() = Header(command_id, case_id);
    request.mutable_note()->set_kind(v1::FACT);
    request.mutable_note()->set_contact_type(v1::PHONE);
    request.mutable_note()->set_text("Client called about the hearing.");
    request.mutable_note()->add_actions_taken("Checked the court papers");
    request.mutable_note()->set_next_steps("Draft defence by Friday");
    request.mutable_note()->set_incident_id(incident_id);
    return cases_->RecordNote(As("ana").get(), request, result);
  }

  std::vector<std::string> EventTypes(const std::string& case_id) {
    std::vector<std::string> types;
    auto records = store_->ReadStream("case-" + case_id, 1, eventstore::Direction::kForward, 1000);
    EXPECT_TRUE(records.ok());
    for (const auto& r : *records) types.push_back(r.type());
    return types;
  }
};

TEST_F(CaseCommandsTest, ACaseLivedEndToEnd) {
  const v1::CommandResult opened = Open("c1");
  EXPECT_EQ(opened.case_id(), "c1");
  EXPECT_EQ(opened.revision(), 1u);
  EXPECT_GT(opened.position(), 0u);

  v1::AssignCaseRequest assign;
  *assign.mutable_header() = Header("assign-1", "c1");
  assign.set_worker_id("ana");
  v1::CommandResult result;
  ASSERT_TRUE(cases_->AssignCase(As("sam", "supervisor", "north").get(), assign, &result).ok());
  EXPECT_EQ(result.revision(), 2u);

  v1::AssessPriorityRequest assess;
  *assess.mutable_header() = Header("assess-1", "c1");
  for (const char* criterion : {"risk_of_harm", "deadline_urgency", "vulnerability", "impact"}) {
    auto* score = assess.add_scores();
    score->set_criterion(criterion);
    score->set_score(3);
  }
  assess.set_rationale("Hearing in three weeks; client has dependants");
  ASSERT_TRUE(cases_->AssessPriority(As("ana").get(), assess, &result).ok());

  ASSERT_TRUE(Note("note-1", "c1", &result).ok());

  v1::SetDeadlineRequest deadline;
  *deadline.mutable_header() = Header("deadline-1", "c1");
  deadline.mutable_deadline()->set_kind(v1::COURT_OR_TRIBUNAL);
  deadline.mutable_deadline()->mutable_due_at()->set_seconds(
      absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * 21)));
  deadline.mutable_deadline()->set_what("File defence");
  ASSERT_TRUE(cases_->SetDeadline(As("ana").get(), deadline, &result).ok());
  EXPECT_EQ(result.assigned_id(), "deadline-1") << "an unnamed deadline takes its command's id";

  v1::FlagUntowardIncidentRequest incident;
  *incident.mutable_header() = Header("incident-1", "c1");
  incident.set_incident_id("inc-1");
  incident.mutable_incident()->set_kind(v1::SAFEGUARDING_CONCERN);
  incident.mutable_incident()->set_severity(v1::SERIOUS);
  incident.mutable_incident()->set_description("Client disclosed threats from a partner");
  incident.mutable_incident()->set_immediate_action("Safety plan agreed; police informed");
  incident.mutable_incident()->set_escalated_to("safeguarding lead");
  ASSERT_TRUE(cases_->FlagUntowardIncident(As("ana").get(), incident, &result).ok());

  grpc::Status routine = Note("note-2", "c1", &result);
  EXPECT_EQ(routine.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(routine.error_message(), HasSubstr("reassessed"));
  ASSERT_TRUE(Note("note-3", "c1", &result, "inc-1").ok()) << "action on the incident goes in";

  v1::ReprioritiseRequest reassess;
  *reassess.mutable_header() = Header("reassess-1", "c1");
  reassess.set_rag(v1::RED);
  reassess.set_rationale("Safeguarding concern raised; immediate risk");
  reassess.add_informed("sam");
  ASSERT_TRUE(cases_->Reprioritise(As("ana").get(), reassess, &result).ok());

  v1::RecordReferralRequest referral;
  *referral.mutable_header() = Header("referral-1", "c1");
  referral.mutable_referral()->set_direction(v1::EXTERNAL);
  referral.mutable_referral()->set_referred_to("Women's Aid");
  referral.mutable_referral()->set_reason("Specialist domestic abuse support");
  referral.mutable_referral()->set_consent(v1::GIVEN);
  ASSERT_TRUE(cases_->RecordReferral(As("ana").get(), referral, &result).ok());

  v1::RecordFileReviewRequest review;
  *review.mutable_header() = Header("review-1", "c1");
  review.mutable_review()->set_revision_reviewed(result.revision());
  review.mutable_review()->set_findings("Notes complete; deadline diarised");
  review.mutable_review()->set_feedback_given("Good record of the safeguarding action");
  ASSERT_TRUE(
      cases_->RecordFileReview(As("sam", "supervisor", "north").get(), review, &result).ok());

  v1::ChangeStatusRequest close;
  *close.mutable_header() = Header("close-1", "c1");
  close.set_to(v1::CLOSED);
  close.set_outcome("Possession claim dismissed");
  ASSERT_TRUE(cases_->ChangeStatus(As("ana").get(), close, &result).ok());

  v1::ChangeStatusRequest archive;
  *archive.mutable_header() = Header("archive-1", "c1");
  archive.set_to(v1::ARCHIVED);
  ASSERT_TRUE(cases_->ChangeStatus(As("sam", "supervisor", "north").get(), archive, &result).ok());
  EXPECT_EQ(result.revision(), 12u);

  EXPECT_EQ(Note("note-4", "c1", &result).error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << "an archived case takes nothing more";
  EXPECT_THAT(
      EventTypes("c1"),
      ElementsAre("CaseOpened", "CaseAssigned", "PriorityAssessed", "NoteRecorded", "DeadlineSet",
                  "UntowardIncidentFlagged", "NoteRecorded", "PriorityOverridden",
                  "ReferralRecorded", "FileReviewRecorded", "StatusChanged", "StatusChanged"));

  auto log = store_->ReadStream("case-c1", 2, eventstore::Direction::kForward, 1);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ((*log)[0].metadata().actor(), "sam");
  EXPECT_EQ((*log)[0].metadata().actor_role(), "supervisor");
  EXPECT_EQ((*log)[0].metadata().command_id(), "assign-1");
  EXPECT_TRUE(store_->VerifyLog(0, 0)->ok);
}

TEST_F(CaseCommandsTest, ARetriedCommandIdCreatesNoSecondEvent) {
  Open("c2");
  v1::CommandResult first, second;
  ASSERT_TRUE(Note("note-once", "c2", &first).ok());
  const uint64_t head = store_->Head().position;
  ASSERT_TRUE(Note("note-once", "c2", &second).ok());
  EXPECT_FALSE(first.duplicate());
  EXPECT_TRUE(second.duplicate());
  EXPECT_EQ(second.position(), first.position());
  EXPECT_EQ(second.revision(), first.revision());
  EXPECT_EQ(second.assigned_id(), first.assigned_id());
  EXPECT_EQ(store_->Head().position, head);
  EXPECT_EQ(EventTypes("c2").size(), 2u);

  v1::CommandResult reopened;
  v1::OpenCaseRequest again;
  *again.mutable_header() = Header("open-c2", "c2");
  again.set_kind(v1::ADVICE);
  again.set_category("housing");
  again.set_client_ref("C-1042");
  again.set_complexity(v1::HIGH);
  ASSERT_TRUE(cases_->OpenCase(As("ana").get(), again, &reopened).ok())
      << "retrying the opening returns its first result, not ALREADY_EXISTS";
  EXPECT_TRUE(reopened.duplicate());
  EXPECT_EQ(reopened.revision(), 1u);

  Open("c2b");
  grpc::Status reused = Note("note-once", "c2b", &second);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::ALREADY_EXISTS)
      << "a command id used on one case is not a retry on another";
  EXPECT_EQ(EventTypes("c2b").size(), 1u);
}

TEST_F(CaseCommandsTest, AnOpeningWithoutACaseIdTakesTheCommandId) {
  v1::OpenCaseRequest request;
  *request.mutable_header() = Header("9f1c2d", "");
  request.set_kind(v1::ADVICE);
  request.set_category("housing");
  request.set_client_ref("C-77");
  request.set_complexity(v1::MEDIUM);
  v1::CommandResult result;
  ASSERT_TRUE(cases_->OpenCase(As("ana", "caseworker").get(), request, &result).ok());
  EXPECT_EQ(result.case_id(), "9f1c2d");
  EXPECT_EQ(result.assigned_id(), "9f1c2d");
}

TEST_F(CaseCommandsTest, RacingClientsNeverLoseAnUpdate) {
  Open("c3");
  constexpr int kClients = 8;
  constexpr int kNotesEach = 20;
  std::atomic<int> ok{0}, aborted{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kNotesEach; ++i) {
        v1::CommandResult result;
        grpc::Status s = Note(absl::StrCat("race-", c, "-", i), "c3", &result);
        if (s.ok()) {
          ++ok;
        } else if (s.error_code() == grpc::StatusCode::ABORTED) {
          ++aborted;
        } else {
          ADD_FAILURE() << s.error_message();
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok + aborted, kClients * kNotesEach);
  // Every acknowledged note is in the case, and nothing else.
  EXPECT_EQ(EventTypes("c3").size(), 1u + ok);
}

TEST_F(CaseCommandsTest, TwoClientsAtTheSameExpectedRevisionOneIsAborted) {
  Open("c4");
  std::atomic<int> ok{0}, aborted{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 2; ++c) {
    clients.emplace_back([&, c] {
      v1::ReprioritiseRequest request;
      *request.mutable_header() = Header(absl::StrCat("override-", c), "c4");
      request.mutable_header()->set_expected_revision(1);
      request.set_rag(c == 0 ? v1::RED : v1::GREEN);
      request.set_rationale("Supervisor's judgement");
      v1::CommandResult result;
      grpc::Status s = cases_->Reprioritise(As("ana").get(), request, &result);
      (s.ok() ? ok : aborted)++;
      if (!s.ok()) {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();
        EXPECT_EQ(ActualRevision(s), "2") << "the winner's revision, to decide again from";
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(aborted, 1);
  EXPECT_EQ(EventTypes("c4").size(), 2u);
}

TEST_F(CaseCommandsTest, BadRequestsNameEveryBadField) {
  v1::OpenCaseRequest open;
  *open.mutable_header() = Header("bad-1", "c5");
  open.set_kind(v1::ADVICE);
  open.set_client_ref("Jane Smith");  // a name, not a reference
  v1::CommandResult result;
  grpc::Status status = cases_->OpenCase(As("ana").get(), open, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), UnorderedElementsAre("category", "complexity", "client_ref"));

  Open("c5");
  v1::ReprioritiseRequest override_without_reason;
  *override_without_reason.mutable_header() = Header("bad-2", "c5");
  override_without_reason.set_rag(v1::GREEN);
  status = cases_->Reprioritise(As("ana").get(), override_without_reason, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("rationale"));

  v1::AssessPriorityRequest assess;
  *assess.mutable_header() = Header("bad-3", "c5");
  auto* score = assess.add_scores();
  score->set_criterion("risk_of_harm");
  score->set_score(9);
  assess.set_rationale("x");
  status = cases_->AssessPriority(As("ana").get(), assess, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), Contains("scores[0].score"));
  EXPECT_THAT(BadFields(status), Contains("scores"));

  v1::RecordNoteRequest note;
  *note.mutable_header() = Header("", "c5");
  status = cases_->RecordNote(As("ana").get(), note, &result);
  EXPECT_THAT(BadFields(status), UnorderedElementsAre("header.command_id", "note.kind",
                                                      "note.contact_type", "note.text"));
  EXPECT_EQ(EventTypes("c5").size(), 1u) << "no bad request wrote anything";
}

TEST_F(CaseCommandsTest, AnEnumNumberNoValueHasIsABadField) {
  v1::OpenCaseRequest open;
  *open.mutable_header() = Header("bad-enum-1", "c6");
  open.set_kind(static_cast<v1::CaseKind>(77));
  open.set_category("housing");
  open.set_client_ref("C-6");
  open.set_complexity(v1::LOW);
  v1::CommandResult result;
  grpc::Status status = cases_->OpenCase(As("ana").get(), open, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("kind"));
  EXPECT_THAT(status.error_message(), HasSubstr("77 is not one of its values"));

  Open("c6");
  v1::ReprioritiseRequest reprioritise;
  *reprioritise.mutable_header() = Header("bad-enum-2", "c6");
  reprioritise.set_rag(static_cast<v1::Rag>(99));
  reprioritise.set_rationale("Beyond red");
  status = cases_->Reprioritise(As("ana").get(), reprioritise, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("rag"));
  EXPECT_EQ(EventTypes("c6").size(), 1u) << "only the opening was written";
}

TEST_F(CaseCommandsTest, UnknownCasesAndCallersAreRefused) {
  v1::CommandResult result;
  EXPECT_EQ(Note("n-1", "nope", &result).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::RecordNoteRequest note;
  *note.mutable_header() = Header("n-2", "nope");
  EXPECT_EQ(cases_->RecordNote(As("", "").get(), note, &result).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(cases_->RecordNote(As("ana", "wizard").get(), note, &result).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(CaseCommandsTest, AssessmentsUseThePolicyVersionInForce) {
  v1::GetPolicyRequest get;
  v1::PolicyVersion current;
  ASSERT_TRUE(policies_->GetPolicy(As("ada", "administrator").get(), get, &current).ok());
  EXPECT_EQ(current.version(), 0u);
  EXPECT_EQ(current.policy().criteria_size(), 4);

  v1::SetPolicyRequest set;
  set.set_command_id("policy-1");
  *set.mutable_policy() = current.policy();
  set.mutable_policy()->clear_criteria();
  auto* only = set.mutable_policy()->add_criteria();
  only->set_name("risk");
  only->set_weight(1);
  only->set_scale_max(10);
  set.set_rationale("Agreed at the team meeting");
  v1::SetPolicyResponse response;
  ASSERT_TRUE(policies_->SetPolicy(As("ada", "administrator").get(), set, &response).ok());
  EXPECT_EQ(response.version(), 1u);

  set.set_command_id("policy-2");
  set.set_expected_version(0);
  grpc::Status stale = policies_->SetPolicy(As("ada", "administrator").get(), set, &response);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);

  Open("c6");
  v1::AssessPriorityRequest assess;
  *assess.mutable_header() = Header("assess-c6", "c6");
  auto* score = assess.add_scores();
  score->set_criterion("risk");
  score->set_score(8);
  assess.set_rationale("High risk under the new criteria");
  v1::CommandResult result;
  ASSERT_TRUE(cases_->AssessPriority(As("ana").get(), assess, &result).ok());
  auto records = store_->ReadStream("case-c6", 2, eventstore::Direction::kForward, 1);
  ASSERT_TRUE(records.ok());
  v1::CaseEvent event;
  ASSERT_TRUE(event.ParseFromString((*records)[0].payload()));
  EXPECT_EQ(event.priority_assessed().policy_version(), 1u);
  EXPECT_DOUBLE_EQ(event.priority_assessed().score(), 80);
  EXPECT_EQ(event.priority_assessed().rag(), v1::RED);
  EXPECT_EQ(event.priority_assessed().rationale(), "High risk under the new criteria");
}

}  // namespace
}  // namespace caseledger
