// An inspector's year over a real channel, the server's clock moved by the test: providers
// registered, a work plan agreed, an inspection whose published report rates a provider
// non-compliant, an action plan whose date passes unverified (a follow-up in the diary, the
// attention list and the programme), a re-inspection that improves the rating; and the
// history of the case and of the provider showing each step with who and why.

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "gmock/gmock.h"
#include "tests/integration/command_client.h"

namespace caseledger {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

absl::Time Day(int month, int day, int hour = 9) {
  return absl::FromCivil(absl::CivilSecond(2026, month, day, hour, 0, 0), absl::UTCTimeZone());
}

class InspectionYearTest : public testing::ServerFixture {
 protected:
  static constexpr char kTeam[] = "insp-north";

  static std::unique_ptr<grpc::ClientContext> Ines() { return As("ines", "inspector", kTeam); }
  static std::unique_ptr<grpc::ClientContext> Manager() { return As("mo", "supervisor", kTeam); }
  static std::unique_ptr<grpc::ClientContext> Officer() { return As("cora", "compliance_officer"); }

  std::string Next() { return absl::StrCat("cmd-", ++commands_); }

  v1::ProviderCommandHeader ProviderHeader(const std::string& provider_id) {
    v1::ProviderCommandHeader header;
    header.set_command_id(Next());
    header.set_provider_id(provider_id);
    return header;
  }

  // Fails the test unless `status` is OK; remembers the position of what it wrote.
  static void Ok(const grpc::Status& status) {
    ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  }
  // A command made: later reads wait for its position. `result` is taken by reference, so it
  // is read after the call that fills it, whatever order the arguments are evaluated in.
  template <typename Result>
  void Ok(const grpc::Status& status, const Result& result) {
    Ok(status);
    last_position_ = std::max(last_position_, result.position());
  }

  // Runs an Inspections command on the case as Ines.
  template <typename Request, typename Method>
  v1::CommandResult Inspect(Request request, Method method) {
    *request.mutable_header() = Header(Next(), "c-p1");
    v1::CommandResult result;
    Ok((inspections_.get()->*method)(Ines().get(), request, &result), result);
    return result;
  }

  void Register(const std::string& id, const std::string& name) {
    v1::RegisterProviderRequest request;
    *request.mutable_header() = ProviderHeader(id);
    request.mutable_details()->set_reference(absl::StrCat("1-", id));
    request.mutable_details()->set_name(name);
    request.mutable_details()->set_service_type("care home with nursing");
    request.mutable_details()->set_region("north west");
    request.set_team_id(kTeam);
    request.set_lead_inspector("ines");
    v1::ProviderCommandResult result;
    Ok(providers_->RegisterProvider(Ines().get(), request, &result), result);
  }

  void AgreePlan() {
    v1::AgreeWorkPlanRequest request;
    request.mutable_header()->set_command_id(Next());
    request.mutable_header()->set_inspector_id("ines");
    request.mutable_header()->set_period_id("2026-27");
    v1::WorkPlanTerms* plan = request.mutable_plan();
    plan->set_manager_id("mo");
    plan->set_team_id(kTeam);
    *plan->mutable_period_start() = ToProto(Day(3, 1, 0));
    *plan->mutable_period_end() =
        ToProto(absl::FromCivil(absl::CivilDay(2027, 3, 1), absl::UTCTimeZone()));
    v1::WorkObjective* objective = plan->add_objectives();
    objective->set_objective_id("obj-1");
    objective->set_description("Inspect both providers, and follow up every breach");
    objective->set_measure("providers inspected and breaches followed up");
    objective->set_target("2 of 2");
    *objective->mutable_due_by() = ToProto(Day(12, 31));
    plan->add_priorities("Sunnyside first: its last rating was carried over unverified");
    plan->set_untoward_incidents(
        "Raised with Mo the same day; a serious one displaces a routine visit");
    plan->set_leave_days(30);
    plan->set_other_duties_days(40);
    for (const char* provider : {"p-sunnyside", "p-oakwood"}) {
      v1::PlannedInspection* inspection = plan->add_inspections();
      inspection->set_provider_id(provider);
      inspection->set_visit_days(2);
      inspection->set_report_days(3);
    }
    v1::WorkPlanResult result;
    Ok(work_plans_->AgreeWorkPlan(Manager().get(), request, &result), result);
  }

  void PlanAndRecordVisit(const std::string& visit_id, absl::Time at, bool follow_up) {
    v1::PlanVisitRequest plan;
    plan.set_visit_id(visit_id);
    plan.mutable_plan()->set_type(v1::UNANNOUNCED);
    *plan.mutable_plan()->mutable_planned_for() = ToProto(at);
    plan.mutable_plan()->add_inspectors("ines");
    plan.mutable_plan()->add_focus_areas("medicines");
    plan.mutable_plan()->set_estimated_effort_days(5);
    plan.mutable_plan()->set_follow_up(follow_up);
    Inspect(plan, &v1::Inspections::Stub::PlanVisit);
    clock_.Set(at + absl::Hours(6));
    v1::RecordVisitRequest record;
    record.set_visit_id(visit_id);
    *record.mutable_record()->mutable_visited_at() = ToProto(at);
    record.mutable_record()->add_inspectors("ines");
    v1::EvidenceItem* item = record.mutable_record()->add_evidence();
    item->set_evidence_id(absl::StrCat(visit_id, "-mar"));
    item->set_source(v1::RECORDS_EXAMINED);
    item->set_summary("Medicine administration records for three weeks");
    item = record.mutable_record()->add_evidence();
    item->set_evidence_id(absl::StrCat(visit_id, "-talk"));
    item->set_source(v1::INTERVIEW_PERSON_USING_SERVICE);
    item->set_summary("Mr B said his tablets come late most evenings");
    record.mutable_record()->add_views_of_people_using_service("The staff are kind but rushed");
    record.mutable_record()->set_advocate_involved(true);
    Inspect(record, &v1::Inspections::Stub::RecordVisit);
  }

  void Findings(const std::string& visit_id, bool met, const std::string& judgement) {
    v1::RecordFindingsRequest request;
    request.set_visit_id(visit_id);
    v1::FindingDetails* f = request.add_findings();
    f->set_standard("Regulation 12: safe care and treatment");
    f->set_judgement(judgement);
    f->set_met(met);
    f->add_evidence_ids(absl::StrCat(visit_id, "-mar"));
    f->add_evidence_ids(absl::StrCat(visit_id, "-talk"));
    f->set_narrative(met ? "Medicines are now given on time" : "Evening medicines are given late");
    Inspect(request, &v1::Inspections::Stub::RecordFindings);
  }

  // Drafts, sends, takes comments on and publishes a report judged `judgement`.
  void Report(const std::string& id, const std::string& judgement, const std::string& why) {
    clock_.Advance(absl::Hours(24));
    v1::DraftDocumentRequest draft;
    draft.set_document_id(id);
    draft.set_kind(v1::REPORT);
    draft.set_title("Inspection report: Sunnyside");
    draft.set_judgement(judgement);
    Inspect(draft, &v1::Inspections::Stub::DraftDocument);
    v1::SendForFactualAccuracyRequest send;
    send.set_document_id(id);
    Inspect(send, &v1::Inspections::Stub::SendForFactualAccuracy);
    clock_.Advance(absl::Hours(24 * 3));
    v1::RecordProviderCommentsRequest comments;
    comments.set_document_id(id);
    comments.set_comments("No factual errors; an action plan will follow");
    Inspect(comments, &v1::Inspections::Stub::RecordProviderComments);
    v1::PublishDocumentRequest publish;
    publish.set_document_id(id);
    publish.set_rationale(why);
    *publish.mutable_header() = Header(Next(), "c-p1");
    v1::CommandResult published;
    Ok(inspections_->PublishDocument(Ines().get(), publish, &published), published);
    // The rating went to the provider's stream after the case's events, in the same append:
    // the position answered is its, so a read at it sees the new rating.
    EXPECT_EQ(published.position(), store_->Head().position);
    v1::CommandResult repeated;
    Ok(inspections_->PublishDocument(Ines().get(), publish, &repeated));
    EXPECT_TRUE(repeated.duplicate());
    EXPECT_EQ(repeated.position(), published.position());
  }

  v1::ProviderView Provider(const std::string& id) {
    v1::GetProviderRequest request;
    request.set_provider_id(id);
    request.set_min_position(last_position_);
    v1::ProviderView view;
    Ok(providers_->GetProvider(Ines().get(), request, &view));
    return view;
  }

  v1::ListInspectionProgrammeResponse Programme() {
    v1::ListInspectionProgrammeRequest request;
    request.set_inspector_id("ines");
    *request.mutable_from() = ToProto(clock_.Now());
    *request.mutable_to() = ToProto(clock_.Now() + absl::Hours(24 * 60));
    request.set_min_position(last_position_);
    v1::ListInspectionProgrammeResponse response;
    Ok(providers_->ListInspectionProgramme(Ines().get(), request, &response));
    return response;
  }

  static std::vector<v1::ProgrammeReasonKind> ReasonsOf(
      const v1::ListInspectionProgrammeResponse& r, const std::string& provider) {
    std::vector<v1::ProgrammeReasonKind> kinds;
    for (const v1::ProgrammeItem& item : r.items()) {
      if (item.provider().provider_id() != provider) continue;
      for (const v1::ProgrammeReason& reason : item.reasons()) kinds.push_back(reason.kind());
    }
    return kinds;
  }

  std::vector<v1::DeadlineKind> DiaryKinds() {
    v1::ListDiaryRequest request;
    *request.mutable_from() = ToProto(clock_.Now());
    *request.mutable_to() = ToProto(clock_.Now() + absl::Hours(24 * 14));
    request.set_include_missed(true);
    request.set_worker_id("ines");
    request.set_min_position(last_position_);
    v1::ListDiaryResponse diary;
    Ok(caseload_->ListDiary(Ines().get(), request, &diary));
    std::vector<v1::DeadlineKind> kinds;
    for (const v1::DiaryEntry& entry : diary.entries()) kinds.push_back(entry.deadline().kind());
    return kinds;
  }

  std::vector<v1::AttentionKind> AttentionKinds() {
    v1::ListAttentionRequest request;
    request.set_worker_id("ines");
    request.set_min_position(last_position_);
    v1::ListAttentionResponse attention;
    Ok(caseload_->ListAttention(Ines().get(), request, &attention));
    std::vector<v1::AttentionKind> kinds;
    for (const auto& item : attention.items()) {
      for (const auto& reason : item.reasons()) kinds.push_back(reason.kind());
    }
    return kinds;
  }

  int commands_ = 0;
  uint64_t last_position_ = 0;
};

TEST_F(InspectionYearTest, AnInspectorsYear) {
  clock_.Set(Day(3, 2));
  Register("p-sunnyside", "Sunnyside Care Home");
  Register("p-oakwood", "Oakwood Lodge");
  AgreePlan();

  // The inspection case, linked to its provider.
  v1::OpenCaseRequest open;
  *open.mutable_header() = Header(Next(), "c-p1");
  open.set_kind(v1::INSPECTION);
  open.set_category("care home");
  open.set_provider_ref("p-sunnyside");
  open.set_complexity(v1::HIGH);
  v1::CommandResult opened;
  Ok(cases_->OpenCase(Ines().get(), open, &opened), opened);
  v1::AssignCaseRequest assign;
  *assign.mutable_header() = Header(Next(), "c-p1");
  assign.set_worker_id("ines");
  Ok(cases_->AssignCase(Manager().get(), assign, &opened), opened);
  EXPECT_THAT(Provider("p-sunnyside").state().inspection_case_ids(), ElementsAre("c-p1"));

  // The first inspection finds medicines unsafe: the report rates the provider non-compliant.
  PlanAndRecordVisit("v1", Day(3, 10), /*follow_up=*/false);
  Findings("v1", /*met=*/false, "inadequate");
  Report("r1", "inadequate", "Evening medicines are given late: people are at risk of harm");
  v1::ProviderView rated = Provider("p-sunnyside");
  EXPECT_EQ(rated.state().rating().compliance(), v1::NON_COMPLIANT);
  EXPECT_EQ(rated.state().rating().judgement(), "inadequate");
  EXPECT_EQ(rated.state().rating().basis(), v1::PUBLISHED_INSPECTION);
  EXPECT_EQ(rated.state().rating().case_id(), "c-p1");
  EXPECT_EQ(rated.state().rating().decided().actor(), "ines");
  ASSERT_EQ(rated.state().rating().breaches_size(), 1);

  v1::ListCaseloadRequest caseload;
  caseload.set_worker_id("ines");
  caseload.add_compliance(v1::NON_COMPLIANT);
  caseload.set_min_position(last_position_);
  v1::ListCaseloadResponse non_compliant;
  Ok(caseload_->ListCaseload(Ines().get(), caseload, &non_compliant));
  ASSERT_EQ(non_compliant.items_size(), 1);
  EXPECT_EQ(non_compliant.items(0).summary().provider_ref(), "p-sunnyside");
  EXPECT_EQ(non_compliant.items(0).summary().judgement(), "inadequate");
  v1::GetWorkloadRequest workload;
  workload.set_worker_id("ines");
  workload.set_min_position(last_position_);
  v1::GetWorkloadResponse load;
  Ok(caseload_->GetWorkload(Ines().get(), workload, &load));
  ASSERT_EQ(load.workers_size(), 1);
  EXPECT_EQ(load.workers(0).non_compliant(), 1u);
  EXPECT_EQ(load.workers(0).providers(), 1u);
  EXPECT_GT(load.workers(0).capacity_days(), 0) << "the work plan in force gives her capacity";

  // An action plan, due back, then its actions due by the end of April.
  v1::RequireActionPlanRequest require;
  require.set_plan_id("plan-1");
  require.add_breaches("Regulation 12: safe care and treatment");
  *require.mutable_plan_due_by() = ToProto(Day(3, 31));
  Inspect(require, &v1::Inspections::Stub::RequireActionPlan);
  v1::RecordActionPlanRequest plan;
  plan.set_plan_id("plan-1");
  v1::PlannedAction* action = plan.add_actions();
  action->set_action_id("a1");
  action->set_action("Second nurse on the evening medicines round");
  action->set_owner("Registered manager");
  *action->mutable_due_by() = ToProto(Day(4, 30));
  Inspect(plan, &v1::Inspections::Stub::RecordActionPlan);
  EXPECT_THAT(ReasonsOf(Programme(), "p-sunnyside"), IsEmpty())
      << "not due in the next 60 days while the plan's date is ahead";

  // Its date passes unverified: a follow-up inspection is scheduled everywhere it shows.
  clock_.Set(Day(5, 4));
  EXPECT_THAT(DiaryKinds(), Contains(v1::FOLLOW_UP_INSPECTION));
  EXPECT_THAT(DiaryKinds(), Contains(v1::ACTION_PLAN_DUE));
  EXPECT_THAT(AttentionKinds(), Contains(v1::FOLLOW_UP_INSPECTION_DUE));
  EXPECT_THAT(ReasonsOf(Programme(), "p-sunnyside"), Contains(v1::ACTION_PLAN_FOLLOW_UP));

  // The follow-up inspection: the actions are met, and the report improves the rating.
  PlanAndRecordVisit("v2", Day(5, 6), /*follow_up=*/true);
  Findings("v2", /*met=*/true, "good");
  v1::VerifyActionPlanRequest verify;
  verify.set_plan_id("plan-1");
  verify.set_verdict(v1::ACTIONS_MET);
  verify.set_how("Seen on the follow-up visit: two nurses on the evening round");
  Inspect(verify, &v1::Inspections::Stub::VerifyActionPlan);
  Report("r2", "good", "Medicines are now given on time; the breach is put right");
  v1::ProviderView improved = Provider("p-sunnyside");
  EXPECT_EQ(improved.state().rating().compliance(), v1::COMPLIANT);
  EXPECT_EQ(improved.state().rating().judgement(), "good");
  EXPECT_EQ(improved.state().rating_history_size(), 2);
  EXPECT_THAT(ReasonsOf(Programme(), "p-sunnyside"), IsEmpty()) << "next due in two years";
  EXPECT_THAT(AttentionKinds(), ::testing::Not(Contains(v1::FOLLOW_UP_INSPECTION_DUE)));
  EXPECT_THAT(improved.programme().due_at().seconds(),
              ::testing::Ge(ToProto(Day(5, 6) + absl::Hours(24 * 700)).seconds()))
      << improved.programme().DebugString();

  // The work plan: Sunnyside done (twice visited, once planned), Oakwood still to do.
  v1::GetWorkPlanRequest get_plan;
  get_plan.set_inspector_id("ines");
  get_plan.set_period_id("2026-27");
  get_plan.set_min_position(last_position_);
  v1::WorkPlanView work_plan;
  Ok(work_plans_->GetWorkPlan(Ines().get(), get_plan, &work_plan));
  ASSERT_EQ(work_plan.inspections_size(), 2);
  EXPECT_TRUE(work_plan.inspections(0).done());
  EXPECT_FALSE(work_plan.inspections(1).done());
  EXPECT_EQ(work_plan.planned_effort_days(), 10);
  EXPECT_EQ(work_plan.done_effort_days(), 5);
  EXPECT_EQ(work_plan.unplanned_visits_size(), 1) << "the follow-up was not in the plan";
  EXPECT_FALSE(work_plan.over_committed());
  EXPECT_EQ(work_plan.capacity_days(), work_plan.working_days_in_period() - 70);

  // The case's history, and its replay before the first report, each step with who and why.
  v1::GetCaseHistoryRequest history;
  history.set_case_id("c-p1");
  history.set_page_size(1000);
  v1::GetCaseHistoryResponse case_history;
  Ok(audit_->GetCaseHistory(Officer().get(), history, &case_history));
  std::vector<std::string> published_why;
  for (const v1::HistoryEntry& entry : case_history.entries()) {
    EXPECT_FALSE(entry.record().metadata().actor().empty());
    if (entry.event().has_document_published()) {
      published_why.push_back(entry.event().document_published().rationale());
      EXPECT_EQ(entry.record().metadata().actor(), "ines");
    }
  }
  EXPECT_THAT(published_why, ElementsAre(HasSubstr("given late"), HasSubstr("on time")));
  v1::ReplayCaseRequest replay;
  replay.set_case_id("c-p1");
  *replay.mutable_occurred_by() = ToProto(Day(3, 11));
  v1::ReplayCaseResponse before;
  Ok(audit_->ReplayCase(Officer().get(), replay, &before));
  EXPECT_EQ(before.state().visits_size(), 1);
  EXPECT_EQ(before.state().documents_size(), 0) << "no report yet on the day after the visit";

  // The provider's history: registered, its case, each rating with who and why.
  v1::GetProviderHistoryRequest provider_history;
  provider_history.set_provider_id("p-sunnyside");
  v1::GetProviderHistoryResponse provider_events;
  Ok(providers_->GetProviderHistory(Officer().get(), provider_history, &provider_events));
  std::vector<std::string> types;
  for (const v1::ProviderHistoryEntry& entry : provider_events.entries()) {
    types.push_back(entry.record().type());
    if (entry.event().has_provider_rated()) {
      EXPECT_EQ(entry.record().metadata().actor(), "ines");
      EXPECT_FALSE(entry.event().provider_rated().rating().rationale().empty());
      EXPECT_EQ(entry.event().provider_rated().rating().case_id(), "c-p1");
    }
  }
  EXPECT_THAT(types, ElementsAre("ProviderRegistered", "InspectionCaseOpened", "ProviderRated",
                                 "ProviderRated"));
  // Each publication went to both streams in one append: its provider event follows at once.
  for (const v1::HistoryEntry& entry : case_history.entries()) {
    if (!entry.event().has_document_published()) continue;
    bool follows = false;
    for (const v1::ProviderHistoryEntry& rated_entry : provider_events.entries()) {
      follows |=
          rated_entry.record().metadata().command_id() == entry.record().metadata().command_id();
    }
    EXPECT_TRUE(follows) << "the rating and the publication share their command";
  }
}

TEST_F(InspectionYearTest, BadInputNamesTheFieldAndChangesNothing) {
  clock_.Set(Day(3, 2));
  v1::RegisterProviderRequest request;
  request.mutable_header()->set_command_id(Next());
  request.mutable_header()->set_provider_id("p 1");
  v1::ProviderCommandResult result;
  grpc::Status status = providers_->RegisterProvider(Ines().get(), request, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("header.provider_id"));

  v1::OpenCaseRequest open;
  *open.mutable_header() = Header(Next(), "c-x");
  open.set_kind(v1::INSPECTION);
  open.set_category("care home");
  open.set_provider_ref("p-unregistered");
  open.set_complexity(v1::LOW);
  v1::CommandResult opened;
  status = cases_->OpenCase(Ines().get(), open, &opened);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("provider_ref"));
  EXPECT_EQ(store_->Head().position, 0u) << "nothing half-written";

  v1::ListInspectionProgrammeRequest programme;
  programme.set_inspector_id("ines");
  *programme.mutable_from() = ToProto(Day(3, 2));
  *programme.mutable_to() = ToProto(Day(3, 1));
  v1::ListInspectionProgrammeResponse listed;
  status = providers_->ListInspectionProgramme(Ines().get(), programme, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("to"));
}

}  // namespace
}  // namespace caseledger
