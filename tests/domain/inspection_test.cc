// The inspection on an inspection case: opening it for a registered provider, planning and
// recording a visit with its evidence, findings that cite it, and the report's lifecycle up
// to the publication that rates the provider, with the policy's time frames in the diary.

#include "domain/inspection_policy.h"
#include "domain/working_days.h"
#include "tests/domain/inspection_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST_F(InspectionTest, OpeningAnInspectionCaseLinksItToItsRegisteredProvider) {
  EXPECT_THAT(Decide(state_, provider_, InspectionOfProvider(), context_),
              InvalidFields(ElementsAre("provider_ref")))
      << "no provider is registered yet";
  ApplyProvider(Registration());
  ApplyProvider(Rating(v1::NON_COMPLIANT, "requires_improvement"));
  LinkedEvents linked = ApplyLinked(InspectionOfProvider());
  ASSERT_THAT(linked.case_events, SizeIs(1));
  ASSERT_THAT(linked.provider_events, SizeIs(1));
  EXPECT_EQ(linked.provider_events[0].inspection_case_opened().case_id(), kCaseId);
  EXPECT_EQ(state_.team_id(), "insp-north") << "the provider's team";
  EXPECT_EQ(state_.compliance(), v1::NON_COMPLIANT) << "as the provider stands";
  EXPECT_EQ(state_.judgement(), "requires_improvement");
  EXPECT_THAT(provider_.inspection_case_ids(), ElementsAre(kCaseId));

  // An advice case records nothing on any provider.
  v1::CaseState advice;
  auto opened = Decide(advice, provider_, AdviceCase(), context_);
  ASSERT_THAT(opened, ::caseledger::testing::IsOk());
  EXPECT_THAT(opened->provider_events, IsEmpty());
}

TEST_F(InspectionTest, APlannedVisitIsInTheDiaryUntilItIsRecorded) {
  RegisterAndOpen();
  const absl::Time planned_for = Now() + absl::Hours(24 * 7);
  Events planned = ApplyAll(VisitPlanOf("v1", planned_for));
  ASSERT_THAT(planned, SizeIs(2));
  EXPECT_TRUE(planned[0].has_visit_planned());
  ASSERT_TRUE(planned[1].has_deadline_set());
  EXPECT_EQ(planned[1].deadline_set().deadline().kind(), v1::INSPECTION_VISIT);
  ASSERT_EQ(state_.visits_size(), 1);
  EXPECT_EQ(state_.visits(0).plan().estimated_effort_days(), 3);
  const v1::Deadline* visit = OpenDeadline("v1-visit");
  ASSERT_NE(visit, nullptr);
  EXPECT_THAT(visit->deadline().due_at(), IsTime(planned_for));
  EXPECT_THAT(Decide(state_, VisitPlanOf("v1", planned_for), context_),
              StatusIs(absl::StatusCode::kAlreadyExists));

  context_.now = planned_for + absl::Hours(8);
  Events recorded = ApplyAll(VisitRecordOf("v1", planned_for));
  EXPECT_TRUE(recorded[0].has_visit_recorded());
  EXPECT_EQ(OpenDeadline("v1-visit"), nullptr) << "the visit's deadline completed";
  const v1::Deadline* draft = OpenDeadline("v1-report");
  ASSERT_NE(draft, nullptr);
  // The default policy's 15 working days from the visit, in its calendar.
  const WorkingCalendar calendar(policy_.policy().calendar());
  EXPECT_THAT(draft->deadline().due_at(), IsTime(calendar.DueBy(planned_for, 15)));
  const v1::VisitRecord& record = state_.visits(0).record();
  EXPECT_THAT(record.evidence(), SizeIs(3));
  EXPECT_EQ(record.evidence(2).source(), v1::INTERVIEW_PERSON_USING_SERVICE);
  EXPECT_TRUE(record.advocate_involved());
  EXPECT_THAT(record.views_of_people_using_service(), SizeIs(1));
  v1::RecordVisitRequest again = VisitRecordOf("v1", planned_for);
  for (v1::EvidenceItem& item : *again.mutable_record()->mutable_evidence()) {
    item.set_evidence_id(item.evidence_id() + "-again");
  }
  EXPECT_THAT(Decide(state_, again, context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already recorded")));
  EXPECT_THAT(
      Decide(state_, VisitRecordOf("v1", planned_for), context_),
      InvalidFields(ElementsAre("record.evidence[0].evidence_id", "record.evidence[1].evidence_id",
                                "record.evidence[2].evidence_id")))
      << "evidence ids are unique on the case";
  EXPECT_THAT(Decide(state_, VisitRecordOf("v9", planned_for), context_),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("not planned")));
}

TEST_F(InspectionTest, APlanAndAVisitNameEveryBadField) {
  RegisterAndOpen();
  v1::PlanVisitRequest plan;
  *plan.mutable_header() = Header();
  plan.mutable_plan()->add_focus_areas("");
  plan.mutable_plan()->set_estimated_effort_days(-1);
  EXPECT_THAT(Decide(state_, plan, context_),
              InvalidFields(ElementsAre("plan.type", "plan.planned_for", "plan.inspectors",
                                        "plan.focus_areas[0]", "plan.estimated_effort_days")));
  ApplyAll(VisitPlanOf("v1", Now()));
  v1::RecordVisitRequest visit;
  *visit.mutable_header() = Header();
  visit.set_visit_id("v1");
  *visit.mutable_record()->mutable_visited_at() = ToProto(Now() + absl::Hours(5));
  visit.mutable_record()->add_evidence()->set_evidence_id("e 1");
  visit.mutable_record()->set_interpreter_language("Polish");
  EXPECT_THAT(
      Decide(state_, visit, context_),
      InvalidFields(ElementsAre("record.visited_at", "record.inspectors",
                                "record.evidence[0].evidence_id", "record.evidence[0].source",
                                "record.evidence[0].summary", "record.interpreter_language")));
  v1::RecordVisitRequest interpreted = VisitRecordOf("v1", Now());
  interpreted.mutable_record()->set_interpreter_involved(true);
  EXPECT_THAT(Decide(state_, interpreted, context_),
              InvalidFields(ElementsAre("record.interpreter_language")))
      << "which language, when an interpreter was involved";
}

TEST_F(InspectionTest, TheInspectionIsForInspectionCasesOnly) {
  OpenCase();
  EXPECT_THAT(Decide(state_, VisitPlanOf("v1", Now()), context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not an inspection case")));
}

TEST_F(InspectionTest, FindingsCiteEvidenceRecordedOnTheCasesVisits) {
  RegisterAndOpen();
  ApplyAll(VisitPlanOf("v1", Now()));
  EXPECT_THAT(
      Decide(state_, FindingsOf("v1", false), context_),
      InvalidFields(ElementsAre("findings[0].evidence_ids[0]", "findings[0].evidence_ids[1]",
                                "findings[1].evidence_ids[0]")))
      << "no evidence is recorded yet";
  ApplyAll(VisitRecordOf("v1", Now()));
  v1::RecordFindingsRequest findings = FindingsOf("v1", false);
  findings.mutable_findings(1)->clear_evidence_ids();
  findings.mutable_findings(1)->set_judgement("splendid");
  findings.mutable_findings(0)->clear_standard();
  EXPECT_THAT(Decide(state_, findings, context_),
              InvalidFields(ElementsAre("findings[0].standard", "findings[1].judgement",
                                        "findings[1].evidence_ids")));
  Events recorded = ApplyAll(FindingsOf("v1", false));
  ASSERT_THAT(recorded, SizeIs(1));
  ASSERT_EQ(state_.findings_size(), 2);
  EXPECT_FALSE(state_.findings(0).finding().met());
  EXPECT_EQ(state_.findings(0).visit_id(), "v1");
}

TEST_F(InspectionTest, FindingsWaitForTheirVisitToBeRecorded) {
  RegisterAndOpen();
  ApplyAll(VisitPlanOf("v1", Now()));
  ApplyAll(VisitPlanOf("v2", Now() + absl::Hours(24 * 30)));
  ApplyAll(VisitRecordOf("v1", Now()));
  v1::RecordFindingsRequest early = FindingsOf("v1", true);
  early.set_visit_id("v2");
  EXPECT_THAT(Decide(state_, early, context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not recorded yet")));
}

TEST_F(InspectionTest, TheReportGoesFromDraftToTheProviderToPublicationEachStepInTheDiary) {
  RegisterAndOpen();
  ApplyAll(VisitPlanOf("v1", Now()));
  ApplyAll(VisitRecordOf("v1", Now()));
  EXPECT_THAT(Decide(state_, ReportDraft("r1", "inadequate"), context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no findings")));
  ApplyAll(FindingsOf("v1", false));
  ApplyAll(ReportDraft("r1", "inadequate"));
  ASSERT_EQ(state_.documents_size(), 1);
  EXPECT_EQ(state_.documents(0).stage(), v1::DRAFT);
  EXPECT_EQ(OpenDeadline("v1-report"), nullptr) << "drafting meets the draft's deadline";
  ASSERT_NE(OpenDeadline("r1-send"), nullptr);

  ApplyAll(ForDocument<v1::SendForFactualAccuracyRequest>("r1"));
  EXPECT_EQ(state_.documents(0).stage(), v1::FACTUAL_ACCURACY_CHECK);
  EXPECT_EQ(OpenDeadline("r1-send"), nullptr);
  const v1::Deadline* comments = OpenDeadline("r1-comments");
  ASSERT_NE(comments, nullptr);
  const WorkingCalendar calendar(policy_.policy().calendar());
  EXPECT_THAT(comments->deadline().due_at(), IsTime(calendar.DueBy(Now(), 10)));
  EXPECT_THAT(state_.documents(0).comments_due_by(), IsTime(calendar.DueBy(Now(), 10)));

  auto comment = ForDocument<v1::RecordProviderCommentsRequest>("r1");
  comment.set_comments("The medicine gaps were a recording fault, not missed doses");
  comment.set_changes_made("Paragraph 4 reworded");
  comment.set_revised_judgement("requires_improvement");
  ApplyAll(comment);
  EXPECT_EQ(state_.documents(0).stage(), v1::COMMENTS_RECEIVED);
  EXPECT_EQ(state_.documents(0).judgement(), "requires_improvement");
  ASSERT_NE(OpenDeadline("r1-publish"), nullptr);
  EXPECT_THAT(Decide(state_, comment, context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("COMMENTS_RECEIVED")));

  LinkedEvents published = ApplyLinked(Publication("r1"));
  EXPECT_EQ(state_.documents(0).stage(), v1::PUBLISHED);
  EXPECT_EQ(OpenDeadline("r1-publish"), nullptr);
  ASSERT_THAT(published.provider_events, SizeIs(1));
  EXPECT_EQ(published.provider_events[0].provider_rated().rating().judgement(),
            "requires_improvement");
}

TEST_F(InspectionTest, AReportIsNotPublishedBeforeTheProviderHasCheckedItsFactualAccuracy) {
  RegisterAndOpen();
  ApplyAll(VisitPlanOf("v1", Now()));
  ApplyAll(VisitRecordOf("v1", Now()));
  ApplyAll(FindingsOf("v1", false));
  ApplyAll(ReportDraft("r1", "inadequate"));
  EXPECT_THAT(Decide(state_, provider_, Publication("r1"), context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("factual accuracy")));
  ApplyAll(ForDocument<v1::SendForFactualAccuracyRequest>("r1"));
  EXPECT_THAT(Decide(state_, ForDocument<v1::SendForFactualAccuracyRequest>("r1"), context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("only a draft")));
  EXPECT_THAT(Decide(state_, provider_, Publication("r1"), context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("time to comment")))
      << "the provider's time for comments has not run out";
  // Once it has, the report goes out without them.
  context_.now = FromProto(state_.documents(0).comments_due_by()) + absl::Minutes(1);
  ApplyLinked(Publication("r1"));
  EXPECT_EQ(OpenDeadline("r1-comments"), nullptr);
  EXPECT_THAT(Decide(state_, provider_, Publication("r1"), context_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already published")));
}

TEST_F(InspectionTest, PublishingTheReportRatesTheProviderFromTheFindingsWithWhoAndWhy) {
  InspectAndSend("inadequate", /*safe_met=*/false);
  auto comment = ForDocument<v1::RecordProviderCommentsRequest>("r1");
  comment.set_comments("No factual errors");
  ApplyAll(comment);
  LinkedEvents published = ApplyLinked(Publication("r1"));
  ASSERT_THAT(published.case_events, ::testing::Not(IsEmpty()));
  const v1::DocumentPublished& event = published.case_events[0].document_published();
  EXPECT_EQ(event.rating().compliance(), v1::NON_COMPLIANT);
  const v1::ProviderRating& rating = provider_.rating();
  EXPECT_EQ(rating.basis(), v1::PUBLISHED_INSPECTION);
  EXPECT_EQ(rating.case_id(), kCaseId);
  EXPECT_EQ(rating.document_id(), "r1");
  EXPECT_EQ(rating.compliance(), v1::NON_COMPLIANT);
  ASSERT_EQ(rating.breaches_size(), 1);
  EXPECT_EQ(rating.breaches(0).standard(), "Regulation 12: safe care and treatment");
  EXPECT_EQ(rating.judgement(), "inadequate");
  EXPECT_THAT(rating.rationale(), HasSubstr("Medicines"));
  EXPECT_EQ(rating.decided().actor(), "worker:ana");
  EXPECT_THAT(rating.inspected_at(), IsTime(Now() + absl::Hours(24)));
  EXPECT_THAT(provider_.last_inspected_at(), IsTime(Now() + absl::Hours(24)));
  EXPECT_EQ(state_.compliance(), v1::NON_COMPLIANT) << "the case follows the report";
  EXPECT_EQ(state_.judgement(), "inadequate");
}

TEST_F(InspectionTest, DocumentStepsNameEveryBadField) {
  RegisterAndOpen();
  v1::DraftDocumentRequest draft;
  *draft.mutable_header() = Header();
  draft.set_kind(v1::REPORT);
  EXPECT_THAT(Decide(state_, draft, context_), InvalidFields(ElementsAre("title", "judgement")))
      << "a report proposes its judgement";
  draft.set_kind(v1::JUDGEMENT_NOTICE);
  draft.set_title("Judgement notice");
  EXPECT_THAT(Decide(state_, draft, context_), ::caseledger::testing::IsOk())
      << "a notice need not";
  auto comments = ForDocument<v1::RecordProviderCommentsRequest>("");
  EXPECT_THAT(Decide(state_, comments, context_),
              InvalidFields(ElementsAre("document_id", "comments")));
  EXPECT_THAT(Decide(state_, provider_, ForDocument<v1::PublishDocumentRequest>("r 1"), context_),
              InvalidFields(ElementsAre("document_id")));
  EXPECT_THAT(Decide(state_, ForDocument<v1::SendForFactualAccuracyRequest>("none"), context_),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(InspectionTest, AReportIsPublishedOnlyWithARationale) {
  InspectAndSend("inadequate", false);
  context_.now += absl::Hours(24 * 30);
  auto publication = Publication("r1");
  publication.clear_rationale();
  EXPECT_THAT(Decide(state_, provider_, publication, context_),
              InvalidFields(ElementsAre("rationale")));
}

TEST_F(InspectionTest, AReInspectionsFindingsDecideTheNextRating) {
  InspectAndSend("inadequate", false);
  context_.now += absl::Hours(24 * 30);
  ApplyLinked(Publication("r1"));
  ASSERT_EQ(provider_.rating().compliance(), v1::NON_COMPLIANT);
  ApplyAll(VisitPlanOf("v2", context_.now + absl::Hours(24)));
  context_.now += absl::Hours(48);
  ApplyAll(VisitRecordOf("v2", context_.now - absl::Hours(24)));
  ApplyAll(FindingsOf("v2", /*safe_met=*/true));
  ApplyAll(ReportDraft("r2", "good"));
  ApplyAll(ForDocument<v1::SendForFactualAccuracyRequest>("r2"));
  context_.now += absl::Hours(24 * 30);
  ApplyLinked(Publication("r2"));
  EXPECT_EQ(provider_.rating().compliance(), v1::COMPLIANT);
  EXPECT_THAT(provider_.rating().breaches(), IsEmpty());
  EXPECT_EQ(provider_.rating().judgement(), "good");
  EXPECT_EQ(provider_.rating_history_size(), 3);
}

}  // namespace
}  // namespace caseledger::domain
