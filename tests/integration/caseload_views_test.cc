// The read models' rules, over a real channel, with the server's clock moved by the test.

#include <limits>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "eventstore/record_hash.h"
#include "gmock/gmock.h"
#include "tests/integration/caseload_fixture.h"

namespace caseledger {
namespace {

using ::testing::ElementsAre;

class CaseloadViewsTest : public CaseloadFixture {};

TEST_F(CaseloadViewsTest, ACaseloadIsOrderedByPriorityThenTheNextDeadline) {
  for (const char* id : {"a", "b", "c", "d", "e"}) Open(id, "w1");
  Assess("a", 5);
  Assess("b", 5);
  Assess("c", 3);
  Assess("e", 0);
  Deadline("b", Now() + absl::Hours(48), "b1");
  Deadline("c", Now() + absl::Hours(24), "c1");
  v1::ListCaseloadRequest request;
  request.set_worker_id("w1");
  v1::ListCaseloadResponse response = Caseload(request);
  EXPECT_THAT(Ids(response), ElementsAre("b", "a", "c", "e", "d"));
  EXPECT_EQ(response.items(0).summary().rag(), v1::RED);
  EXPECT_EQ(response.items(2).summary().rag(), v1::AMBER);
  EXPECT_EQ(response.items(0).next_deadline().deadline_id(), "b1");

  request.add_rags(v1::RED);
  EXPECT_THAT(Ids(Caseload(request)), ElementsAre("b", "a"));

  // Pages follow the same order.
  v1::ListCaseloadRequest paged;
  paged.set_worker_id("w1");
  paged.set_page_size(2);
  v1::ListCaseloadResponse first = Caseload(paged);
  EXPECT_THAT(Ids(first), ElementsAre("b", "a"));
  paged.set_page_token(first.next_page_token());
  v1::ListCaseloadResponse second = Caseload(paged);
  EXPECT_THAT(Ids(second), ElementsAre("c", "e"));
  paged.set_page_token(second.next_page_token());
  EXPECT_THAT(Ids(Caseload(paged)), ElementsAre("d"));
}

TEST_F(CaseloadViewsTest, AMissedDeadlineIsOverdueAndInTheDiary) {
  Open("late", "w1");
  Open("fine", "w1");
  Deadline("late", Now() + absl::Hours(2), "late-1");
  Deadline("fine", Now() + absl::Hours(24 * 10), "fine-1");
  clock_.Advance(absl::Hours(3));
  v1::ListCaseloadRequest request;
  request.set_worker_id("w1");
  request.set_overdue_only(true);
  v1::ListCaseloadResponse overdue = Caseload(request);
  EXPECT_THAT(Ids(overdue), ElementsAre("late"));
  EXPECT_TRUE(overdue.items(0).overdue());

  v1::ListDiaryRequest diary;
  *diary.mutable_from() = ToProto(Now());
  *diary.mutable_to() = ToProto(Now() + absl::Hours(24 * 14));
  diary.set_include_missed(true);
  diary.set_min_position(last_position_);
  v1::ListDiaryResponse entries;
  ASSERT_TRUE(caseload_->ListDiary(Reader().get(), diary, &entries).ok());
  ASSERT_EQ(entries.entries_size(), 2);
  EXPECT_EQ(entries.entries(0).deadline().deadline_id(), "late-1");
  EXPECT_TRUE(entries.entries(0).missed());
  EXPECT_EQ(entries.entries(1).deadline().deadline_id(), "fine-1");
  EXPECT_FALSE(entries.entries(1).missed());
  EXPECT_THAT(ReasonsFor(Attention(), "late"), ElementsAre(v1::DEADLINE_MISSED));
}

TEST_F(CaseloadViewsTest, ARedCaseWithoutContactBreachesItsResponseTimeInWorkingDays) {
  // Assessed red on Friday morning: contact is due by the end of Monday, the next working day.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 6, 10, 0, 0), absl::UTCTimeZone()));
  Open("urgent", "w1");
  Assess("urgent", 5);
  v1::ListCaseloadRequest request;
  request.set_worker_id("w1");
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 9, 16, 0, 0), absl::UTCTimeZone()));
  v1::CaseloadItem monday = Caseload(request).items(0);
  EXPECT_FALSE(monday.response_time_breached());
  EXPECT_EQ(FromProto(monday.contact_due_by()),
            absl::FromCivil(absl::CivilSecond(2026, 3, 10, 0, 0, 0), absl::UTCTimeZone()));
  EXPECT_TRUE(ReasonsFor(Attention(), "urgent").empty());

  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 10, 9, 0, 0), absl::UTCTimeZone()));
  EXPECT_TRUE(Caseload(request).items(0).response_time_breached());
  EXPECT_THAT(ReasonsFor(Attention(), "urgent"), ElementsAre(v1::HIGH_PRIORITY_NO_ACTION));

  Contact("urgent");
  v1::CaseloadItem contacted = Caseload(request).items(0);
  EXPECT_FALSE(contacted.response_time_breached());
  EXPECT_EQ(contacted.working_days_since_contact(), 0);
  // Then every 5 working days while red.
  clock_.Advance(absl::Hours(24 * 8));
  EXPECT_THAT(ReasonsFor(Attention(), "urgent"), ElementsAre(v1::NO_CONTACT_WITHIN_INTERVAL));
}

TEST_F(CaseloadViewsTest, WorkersOverTheSafeLevelAreFlagged) {
  // High-complexity advice cases weigh 3 points; the safe level is 40.
  for (int i = 0; i < 14; ++i) Open(absl::StrCat("heavy-", i), "w1", v1::HIGH);
  for (int i = 0; i < 3; ++i) Open(absl::StrCat("light-", i), "w2", v1::LOW);
  Open("nobody", "", v1::LOW);
  Assess("heavy-0", 5);
  v1::GetWorkloadRequest request;
  request.set_team_id("north");
  request.set_min_position(last_position_);
  v1::GetWorkloadResponse workload;
  ASSERT_TRUE(
      caseload_->GetWorkload(As("sam", "supervisor", "north").get(), request, &workload).ok());
  ASSERT_EQ(workload.workers_size(), 2);
  EXPECT_EQ(workload.workers(0).worker_id(), "w1");
  EXPECT_DOUBLE_EQ(workload.workers(0).weighted_points(), 42);
  EXPECT_TRUE(workload.workers(0).over_limit());
  EXPECT_EQ(workload.workers(0).red(), 1u);
  EXPECT_EQ(workload.workers(0).unassessed(), 13u);
  EXPECT_EQ(workload.workers(1).worker_id(), "w2");
  EXPECT_DOUBLE_EQ(workload.workers(1).weighted_points(), 3);
  EXPECT_FALSE(workload.workers(1).over_limit());
  EXPECT_EQ(workload.unallocated(), 1u);
  EXPECT_EQ(workload.total().live(), 18u);
  EXPECT_DOUBLE_EQ(workload.total().safe_points(), 80);
}

TEST_F(CaseloadViewsTest, TheAttentionListNamesWhatMustNotSlip) {
  Open("unallocated", "");
  Assess("unallocated", 5);
  Open("incident", "w1");
  v1::FlagUntowardIncidentRequest incident;
  *incident.mutable_header() = Header(NextCommand(), "incident");
  incident.set_incident_id("i1");
  incident.mutable_incident()->set_kind(v1::AGGRESSIVE_OR_VIOLENT_BEHAVIOUR);
  incident.mutable_incident()->set_severity(v1::SERIOUS);
  incident.mutable_incident()->set_description("Client threatened staff at reception");
  incident.mutable_incident()->set_immediate_action("Police called; client asked to leave");
  incident.mutable_incident()->set_escalated_to("manager");
  Run(incident, [&](auto* c, auto& r, auto* o) { return cases_->FlagUntowardIncident(c, r, o); });
  Open("sleeping", "w1");
  v1::ChangeStatusRequest dormant;
  *dormant.mutable_header() = Header(NextCommand(), "sleeping");
  dormant.set_to(v1::DORMANT);
  *dormant.mutable_review_by() = ToProto(Now() + absl::Hours(24));
  Run(dormant, [&](auto* c, auto& r, auto* o) { return cases_->ChangeStatus(c, r, o); });
  Open("quiet", "w1");
  Contact("quiet");

  v1::ListAttentionResponse now = Attention();
  EXPECT_THAT(ReasonsFor(now, "unallocated"), ElementsAre(v1::HIGH_PRIORITY_UNALLOCATED));
  EXPECT_THAT(ReasonsFor(now, "incident"),
              ElementsAre(v1::OPEN_SERIOUS_INCIDENT, v1::REASSESSMENT_DUE));
  EXPECT_TRUE(ReasonsFor(now, "sleeping").empty());
  EXPECT_TRUE(ReasonsFor(now, "quiet").empty());
  ASSERT_GT(now.items_size(), 0);
  EXPECT_EQ(now.items(0).summary().case_id(), "unallocated") << "red first";

  clock_.Advance(absl::Hours(24 * 2));
  EXPECT_THAT(ReasonsFor(Attention(), "sleeping"), ElementsAre(v1::DORMANT_REVIEW_DUE));
}

TEST_F(CaseloadViewsTest, ReplayShowsThePriorityAsItStoodAtEachMoment) {
  Open("r", "w1");
  Assess("r", 5, "Eviction hearing next week");
  const absl::Time red_time = Now();
  clock_.Advance(absl::Hours(24));
  Override("r", v1::GREEN, "Hearing adjourned for three months");
  const absl::Time green_time = Now();
  clock_.Advance(absl::Hours(24));
  const v1::CommandResult last = Override("r", v1::AMBER, "New hearing date set");

  auto replay = [&](v1::ReplayCaseRequest request) {
    request.set_case_id("r");
    v1::ReplayCaseResponse response;
    grpc::Status status =
        audit_->ReplayCase(As("cora", "compliance_officer").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  v1::ReplayCaseRequest at_red;
  *at_red.mutable_time() = ToProto(red_time + absl::Hours(1));
  EXPECT_EQ(replay(at_red).state().priority().rag(), v1::RED);
  EXPECT_EQ(replay(at_red).state().priority().rationale(), "Eviction hearing next week");
  v1::ReplayCaseRequest at_green;
  *at_green.mutable_time() = ToProto(green_time + absl::Hours(1));
  EXPECT_EQ(replay(at_green).state().priority().rag(), v1::GREEN);
  v1::ReplayCaseRequest by_revision;
  by_revision.set_revision(3);
  EXPECT_EQ(replay(by_revision).state().priority().rag(), v1::RED);
  v1::ReplayCaseRequest at_now;
  *at_now.mutable_time() = ToProto(Now());
  v1::ReplayCaseResponse latest = replay(at_now);
  EXPECT_EQ(latest.state().priority().rag(), v1::AMBER);
  EXPECT_EQ(latest.revision(), last.revision());
  EXPECT_EQ(latest.state().priority_history_size(), 3);

  // A note written up now about a visit two days before the override: as recorded it was not on
  // file then; as known now, it had happened.
  v1::RecordNoteRequest late;
  *late.mutable_header() = Header(NextCommand(), "r");
  *late.mutable_header()->mutable_occurred_at() = ToProto(green_time - absl::Hours(1));
  late.mutable_note()->set_kind(v1::FACT);
  late.mutable_note()->set_contact_type(v1::HOME_VISIT);
  late.mutable_note()->set_text("Home visit: client had received the adjournment letter");
  Run(late, [&](auto* c, auto& r, auto* o) { return cases_->RecordNote(c, r, o); });
  v1::ReplayCaseRequest recorded_then;
  *recorded_then.mutable_time() = ToProto(green_time + absl::Hours(1));
  EXPECT_EQ(replay(recorded_then).state().notes_size(), 0) << "not on file then";
  v1::ReplayCaseRequest occurred_then;
  *occurred_then.mutable_occurred_by() = ToProto(green_time + absl::Hours(1));
  v1::ReplayCaseResponse known_now = replay(occurred_then);
  EXPECT_EQ(known_now.state().notes_size(), 1) << "it had happened by then";
  EXPECT_EQ(known_now.state().priority().rag(), v1::GREEN);

  v1::ReplayCaseRequest before;
  before.set_case_id("r");
  *before.mutable_time() = ToProto(red_time - absl::Hours(24 * 365));
  v1::ReplayCaseResponse none;
  EXPECT_EQ(audit_->ReplayCase(As("cora", "compliance_officer").get(), before, &none).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::GetCaseHistoryRequest history;
  history.set_case_id("r");
  history.set_page_size(3);
  v1::GetCaseHistoryResponse page;
  ASSERT_TRUE(audit_->GetCaseHistory(As("cora", "compliance_officer").get(), history, &page).ok());
  ASSERT_EQ(page.entries_size(), 3);
  EXPECT_EQ(page.next_revision(), 4u);
  EXPECT_EQ(page.entries(2).event().priority_assessed().rationale(), "Eviction hearing next week");
  EXPECT_EQ(page.entries(2).record().hash().size(), 32u);
  EXPECT_EQ(page.entries(2).record().prev_hash(), page.entries(1).record().hash());
  EXPECT_TRUE(page.entries(2).record().payload().empty()) << "left out unless asked for";
  const std::string first_read = page.SerializeAsString();
  v1::GetCaseHistoryResponse again;
  ASSERT_TRUE(audit_->GetCaseHistory(As("cora", "compliance_officer").get(), history, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first_read) << "a page read again is sent as kept";
  history.set_include_payloads(true);
  ASSERT_TRUE(audit_->GetCaseHistory(As("cora", "compliance_officer").get(), history, &page).ok());
  for (const v1::HistoryEntry& entry : page.entries()) {
    EXPECT_FALSE(entry.record().payload().empty());
    EXPECT_EQ(eventstore::ChainHash(entry.record().prev_hash(), entry.record()),
              entry.record().hash())
        << "a client checks the record's hash from what it was given";
  }

  v1::ListActorEventsRequest trail;
  trail.set_actor("sam");
  trail.set_min_position(last_position_);
  v1::ListActorEventsResponse events;
  ASSERT_TRUE(audit_->ListActorEvents(As("cora", "compliance_officer").get(), trail, &events).ok());
  std::vector<std::string> whys;
  for (const auto& e : events.events()) whys.push_back(e.why());
  EXPECT_THAT(whys, ::testing::Contains("Hearing adjourned for three months"));
  trail.set_after_position(std::numeric_limits<uint64_t>::max());
  ASSERT_TRUE(audit_->ListActorEvents(As("cora", "compliance_officer").get(), trail, &events).ok());
  EXPECT_EQ(events.events_size(), 0) << "nothing after the last position, not the whole trail";

  v1::VerifyLogRequest verify;
  v1::VerifyLogResponse verified;
  ASSERT_TRUE(audit_->VerifyLog(As("cora", "compliance_officer").get(), verify, &verified).ok());
  EXPECT_TRUE(verified.ok());
  EXPECT_EQ(verified.records_checked(), store_->Head().position);
  EXPECT_EQ(verified.last_hash().size(), 64u);
}

TEST_F(CaseloadViewsTest, AClientReadsItsOwnWrites) {
  for (int i = 0; i < 30; ++i) {
    const std::string id = absl::StrCat("ryw-", i);
    Open(id, "w9");
    v1::ListCaseloadRequest request;
    request.set_worker_id("w9");
    EXPECT_EQ(Caseload(request).total(), static_cast<uint32_t>(i + 1))
        << "the view waited for position " << last_position_;
  }
  // A position no command returned is answered at once, not waited for till the deadline.
  v1::ListCaseloadRequest future;
  future.set_min_position(store_->Head().position + 1000);
  auto context = Reader();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::ListCaseloadResponse response;
  const grpc::Status status = caseload_->ListCaseload(context.get(), future, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE) << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("past the log's head"))
      << "a wait would have ended with DEADLINE_EXCEEDED";
}

TEST_F(CaseloadViewsTest, GetCaseShowsTheCaseAndWhatItNeeds) {
  Open("g", "");
  Assess("g", 5);
  v1::GetCaseRequest request;
  request.set_case_id("g");
  v1::CaseView view;
  ASSERT_TRUE(caseload_->GetCase(Reader().get(), request, &view).ok());
  EXPECT_EQ(view.state().case_id(), "g");
  EXPECT_EQ(view.state().priority().rag(), v1::RED);
  ASSERT_EQ(view.attention_size(), 1);
  EXPECT_EQ(view.attention(0).kind(), v1::HIGH_PRIORITY_UNALLOCATED);
  request.set_case_id("missing");
  EXPECT_EQ(caseload_->GetCase(Reader().get(), request, &view).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace caseledger
