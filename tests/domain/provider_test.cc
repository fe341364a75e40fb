// A care provider's stream: registration, its lead inspector, ratings that rest on a named
// decision, and intelligence with the policy's rule for bringing an inspection forward.

#include "tests/domain/inspection_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using ProviderTest = InspectionTest;

TEST_F(ProviderTest, RegisteringRecordsTheProviderItsTeamAndLeadInspector) {
  v1::ProviderEvent event = ApplyProvider(Registration());
  ASSERT_TRUE(event.has_provider_registered());
  EXPECT_EQ(event.provider_registered().org_id(), kOrgId);
  EXPECT_EQ(EventType(event), "ProviderRegistered");
  EXPECT_EQ(provider_.provider_id(), kProviderId);
  EXPECT_EQ(provider_.revision(), 1u);
  EXPECT_EQ(provider_.details().name(), "Sunnyside Care Home");
  EXPECT_EQ(provider_.team_id(), "insp-north");
  EXPECT_EQ(provider_.lead_inspector(), "worker:ana");
  EXPECT_EQ(provider_.registered().actor(), "worker:ana");
  EXPECT_FALSE(provider_.has_rating()) << "not rated until a decision rates it";
  EXPECT_THAT(TryProvider(Registration()), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(ProviderTest, ARegistrationNamesEveryBadField) {
  v1::RegisterProviderRequest request;
  request.mutable_header()->set_command_id("c 1");
  request.mutable_details()->set_reference("Sunnyside Care Home, Leeds");
  request.set_lead_inspector("ana smith");
  EXPECT_THAT(TryProvider(request),
              InvalidFields(ElementsAre("header.command_id", "header.provider_id",
                                        "details.reference", "details.name", "details.service_type",
                                        "team_id", "lead_inspector")));
}

TEST_F(ProviderTest, AssigningMovesTheProviderAndAReassignmentNeedsAReason) {
  v1::AssignProviderRequest assign;
  *assign.mutable_header() = ProviderHeader();
  assign.set_lead_inspector("worker:ben");
  EXPECT_THAT(TryProvider(assign), StatusIs(absl::StatusCode::kNotFound));
  ApplyProvider(Registration());
  EXPECT_THAT(TryProvider(assign), InvalidFields(ElementsAre("reason")));
  assign.set_reason("Ana's caseload is over the safe level");
  v1::ProviderEvent event = ApplyProvider(assign);
  EXPECT_EQ(event.provider_assigned().previous_lead_inspector(), "worker:ana");
  EXPECT_EQ(provider_.lead_inspector(), "worker:ben");
  EXPECT_EQ(provider_.team_id(), "insp-north");
  EXPECT_THAT(TryProvider(assign), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(ProviderTest, ARatingRestsOnANamedDecisionWithARationale) {
  ApplyProvider(Registration());
  v1::ProviderEvent event = ApplyProvider(Rating(v1::NON_COMPLIANT, "requires_improvement"));
  const v1::ProviderRating& rating = event.provider_rated().rating();
  EXPECT_EQ(rating.basis(), v1::RECORDED_DECISION);
  EXPECT_EQ(rating.decision_ref(), "carried-over-2023-11");
  EXPECT_EQ(rating.decided().actor(), "worker:ana");
  EXPECT_EQ(event.provider_rated().previous_compliance(), v1::COMPLIANCE_UNSPECIFIED);
  EXPECT_EQ(provider_.rating().compliance(), v1::NON_COMPLIANT);
  EXPECT_EQ(provider_.rating().judgement(), "requires_improvement");
  EXPECT_THAT(provider_.last_inspected_at(), IsTime(Now() - absl::Hours(24 * 200)));

  v1::ProviderEvent better = ApplyProvider(Rating(v1::COMPLIANT, "good"));
  EXPECT_EQ(better.provider_rated().previous_judgement(), "requires_improvement");
  EXPECT_EQ(provider_.rating_history_size(), 2);
  EXPECT_THAT(provider_.rating().breaches(), IsEmpty());
}

TEST_F(ProviderTest, ARatingWithoutItsDecisionOrWithBreachesThatDoNotFitIsRefused) {
  ApplyProvider(Registration());
  v1::RecordRatingRequest request = Rating(v1::NON_COMPLIANT, "excellent");
  request.clear_breaches();
  request.clear_decision_ref();
  request.clear_rationale();
  *request.mutable_inspected_at() = ToProto(Now() + absl::Hours(48));
  EXPECT_THAT(TryProvider(request),
              InvalidFields(ElementsAre("breaches", "judgement", "decision_ref", "rationale",
                                        "inspected_at")));
  v1::RecordRatingRequest compliant = Rating(v1::COMPLIANT, "good");
  compliant.add_breaches()->set_standard("Regulation 17: good governance");
  EXPECT_THAT(TryProvider(compliant), InvalidFields(ElementsAre("breaches")));
  v1::RecordRatingRequest unrated = Rating(v1::COMPLIANT, "good");
  unrated.clear_compliance();
  EXPECT_THAT(TryProvider(unrated), InvalidFields(ElementsAre("compliance")));
}

TEST_F(ProviderTest, SeriousIntelligenceBringsTheInspectionForwardByThePolicysRule) {
  ApplyProvider(Registration());
  v1::ProviderEvent event = ApplyProvider(Intelligence(v1::INTELLIGENCE_COMPLAINT, v1::SERIOUS));
  const v1::IntelligenceRecorded& recorded = event.intelligence_recorded();
  EXPECT_TRUE(recorded.brings_inspection_forward());
  // The default policy: serious intelligence of any kind is inspected within 30 days.
  EXPECT_THAT(recorded.inspect_by(), IsTime(Now() - absl::Hours(2) + absl::Hours(24 * 30)));
  EXPECT_EQ(recorded.details().subject_id(), "prov-7.intel-1")
      << "its own data subject when none is named";
  ASSERT_EQ(provider_.intelligence_size(), 1);
  EXPECT_FALSE(provider_.intelligence(0).has_considered());

  v1::RecordIntelligenceRequest minor = Intelligence(v1::INTELLIGENCE_NOTIFICATION, v1::MINOR);
  minor.set_intelligence_id("intel-2");
  EXPECT_FALSE(ApplyProvider(minor).intelligence_recorded().brings_inspection_forward());
  v1::RecordIntelligenceRequest safeguarding =
      Intelligence(v1::INTELLIGENCE_SAFEGUARDING, v1::MODERATE);
  safeguarding.set_intelligence_id("intel-3");
  EXPECT_THAT(ApplyProvider(safeguarding).intelligence_recorded().inspect_by(),
              IsTime(Now() - absl::Hours(2) + absl::Hours(24 * 60)));
  EXPECT_THAT(TryProvider(safeguarding), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(ProviderTest, IntelligenceNamesEveryBadFieldAndWhichAgencyItCameFrom) {
  ApplyProvider(Registration());
  v1::RecordIntelligenceRequest request;
  *request.mutable_header() = ProviderHeader();
  request.mutable_details()->set_kind(v1::INTELLIGENCE_FROM_AGENCY);
  *request.mutable_details()->mutable_received_at() = ToProto(Now() + absl::Hours(3));
  EXPECT_THAT(TryProvider(request),
              InvalidFields(ElementsAre("details.agency", "details.severity", "details.source",
                                        "details.description", "details.received_at")));
  v1::RecordIntelligenceRequest complaint = Intelligence(v1::INTELLIGENCE_COMPLAINT, v1::MINOR);
  complaint.mutable_details()->set_agency("police");
  EXPECT_THAT(TryProvider(complaint), InvalidFields(ElementsAre("details.agency")));
  v1::RecordIntelligenceRequest agency = Intelligence(v1::INTELLIGENCE_FROM_AGENCY, v1::MINOR);
  EXPECT_EQ(ApplyProvider(agency).intelligence_recorded().details().agency(), "local authority");
}

TEST_F(ProviderTest, IntelligenceIsConsideredOnceWithHow) {
  ApplyProvider(Registration());
  ApplyProvider(Intelligence(v1::INTELLIGENCE_WHISTLEBLOWING, v1::SERIOUS));
  v1::ConsiderIntelligenceRequest consider;
  *consider.mutable_header() = ProviderHeader();
  EXPECT_THAT(TryProvider(consider),
              InvalidFields(ElementsAre("intelligence_id", "consideration", "how")));
  consider.set_intelligence_id("intel-9");
  consider.set_consideration(v1::INSPECTION_BROUGHT_FORWARD);
  consider.set_how("Unannounced visit planned for next week, focus on night staffing");
  EXPECT_THAT(TryProvider(consider), StatusIs(absl::StatusCode::kNotFound));
  consider.set_intelligence_id("intel-1");
  ApplyProvider(consider);
  const v1::Intelligence& considered = provider_.intelligence(0);
  EXPECT_EQ(considered.consideration(), v1::INSPECTION_BROUGHT_FORWARD);
  EXPECT_EQ(considered.considered().actor(), "worker:ana");
  EXPECT_THAT(considered.how_considered(), HasSubstr("night staffing"));
  EXPECT_THAT(TryProvider(consider),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already considered")));
}

TEST_F(ProviderTest, AProviderOfAnotherOrganisationIsNotThere) {
  ApplyProvider(Registration());
  context_.org_id = "org-2";
  EXPECT_THAT(TryProvider(Intelligence(v1::INTELLIGENCE_COMPLAINT, v1::MINOR)),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace caseledger::domain
