#pragma once

// Shared set-up for the tests of providers and inspections: a registered provider folded as
// its events are applied, an inspection case opened for it, and request builders, each valid
// as it comes.

#include <string>
#include <utility>

#include "domain/inspection.h"
#include "domain/provider.h"
#include "tests/domain/case_fixture.h"

namespace caseledger::v1 {

inline void PrintTo(const absl::StatusOr<std::vector<ProviderEvent>>& result, std::ostream* os) {
  if (!result.ok()) {
    *os << result.status();
    return;
  }
  *os << result->size() << " event(s):";
  for (const auto& event : *result) *os << " {" << event.ShortDebugString() << "}";
}

}  // namespace caseledger::v1

namespace caseledger::domain {

inline void PrintTo(const absl::StatusOr<LinkedEvents>& result, std::ostream* os) {
  if (!result.ok()) {
    *os << result.status();
    return;
  }
  *os << result->case_events.size() << " case and " << result->provider_events.size()
      << " provider event(s)";
}

class InspectionTest : public CaseTest {
 protected:
  static constexpr char kProviderId[] = "prov-7";

  InspectionTest() { context_.actor_role = "inspector"; }

  v1::ProviderCommandHeader ProviderHeader() {
    v1::ProviderCommandHeader header;
    header.set_command_id(absl::StrCat("pcmd-", ++commands_));
    header.set_provider_id(kProviderId);
    return header;
  }

  // Decides a provider command; the provider does not change.
  template <typename Request>
  absl::StatusOr<ProviderEvents> TryProvider(const Request& request) const {
    return Decide(provider_, request, context_);
  }

  // Decides a provider command, expects one event, folds it into the provider.
  template <typename Request>
  v1::ProviderEvent ApplyProvider(const Request& request) {
    absl::StatusOr<ProviderEvents> events = Decide(provider_, request, context_);
    EXPECT_THAT(events, ::caseledger::testing::IsOk());
    if (!events.ok() || events->empty()) return v1::ProviderEvent();
    EXPECT_EQ(events->size(), 1u);
    for (const auto& event : *events) Evolve(provider_, event);
    return events->back();
  }

  // Decides a case command that may set and complete deadlines: every event is folded.
  template <typename Request>
  Events ApplyAll(const Request& request) {
    absl::StatusOr<Events> events = Decide(state_, request, context_);
    EXPECT_THAT(events, ::caseledger::testing::IsOk());
    if (!events.ok()) return {};
    for (const auto& event : *events) Evolve(state_, event);
    return *events;
  }

  // Decides a command that changes the case and its provider; folds both.
  template <typename Request>
  LinkedEvents ApplyLinked(const Request& request) {
    absl::StatusOr<LinkedEvents> linked = Decide(state_, provider_, request, context_);
    EXPECT_THAT(linked, ::caseledger::testing::IsOk());
    if (!linked.ok()) return {};
    for (const auto& event : linked->case_events) Evolve(state_, event);
    for (const auto& event : linked->provider_events) Evolve(provider_, event);
    return *linked;
  }

  v1::RegisterProviderRequest Registration() {
    v1::RegisterProviderRequest request;
    *request.mutable_header() = ProviderHeader();
    request.mutable_details()->set_reference("1-101234567");
    request.mutable_details()->set_name("Sunnyside Care Home");
    request.mutable_details()->set_service_type("care home with nursing");
    request.mutable_details()->set_region("north west");
    request.set_team_id("insp-north");
    request.set_lead_inspector("worker:ana");
    return request;
  }

  v1::RecordRatingRequest Rating(v1::Compliance compliance, std::string judgement) {
    v1::RecordRatingRequest request;
    *request.mutable_header() = ProviderHeader();
    request.set_compliance(compliance);
    if (compliance == v1::NON_COMPLIANT) {
      request.add_breaches()->set_standard("Regulation 12: safe care and treatment");
    }
    request.set_judgement(std::move(judgement));
    request.set_decision_ref("carried-over-2023-11");
    *request.mutable_inspected_at() = ToProto(Now() - absl::Hours(24 * 200));
    request.set_rationale("The rating of the last inspection, carried over on registration");
    return request;
  }

  v1::RecordIntelligenceRequest Intelligence(v1::IntelligenceKind kind, v1::Severity severity) {
    v1::RecordIntelligenceRequest request;
    *request.mutable_header() = ProviderHeader();
    request.set_intelligence_id("intel-1");
    v1::IntelligenceDetails* d = request.mutable_details();
    d->set_kind(kind);
    if (kind == v1::INTELLIGENCE_FROM_AGENCY) d->set_agency("local authority");
    d->set_severity(severity);
    d->set_source("Daughter of a resident, Mrs J. Smith");
    d->set_description("Her mother was left without fluids for a day");
    *d->mutable_received_at() = ToProto(Now() - absl::Hours(2));
    return request;
  }

  // An inspection case opened for the registered provider.
  v1::OpenCaseRequest InspectionOfProvider() {
    v1::OpenCaseRequest request = InspectionCase();
    request.set_provider_ref(kProviderId);
    request.clear_compliance();
    return request;
  }

  v1::PlanVisitRequest VisitPlanOf(std::string visit_id, absl::Time planned_for) {
    v1::PlanVisitRequest request;
    *request.mutable_header() = Header();
    request.set_visit_id(std::move(visit_id));
    request.mutable_plan()->set_type(v1::UNANNOUNCED);
    *request.mutable_plan()->mutable_planned_for() = ToProto(planned_for);
    request.mutable_plan()->add_inspectors("worker:ana");
    request.mutable_plan()->add_focus_areas("medicines");
    request.mutable_plan()->set_estimated_effort_days(3);
    return request;
  }

  v1::RecordVisitRequest VisitRecordOf(std::string visit_id, absl::Time visited_at) {
    v1::RecordVisitRequest request;
    *request.mutable_header() = Header();
    request.set_visit_id(visit_id);
    v1::VisitRecord* record = request.mutable_record();
    *record->mutable_visited_at() = ToProto(visited_at);
    record->add_inspectors("worker:ana");
    auto evidence = [&](const std::string& id, v1::EvidenceSource source, const char* summary) {
      v1::EvidenceItem* item = record->add_evidence();
      item->set_evidence_id(absl::StrCat(visit_id, "-", id));
      item->set_source(source);
      item->set_summary(summary);
    };
    evidence("obs", v1::OBSERVATION, "Medicines trolley left open and unattended");
    evidence("mar", v1::RECORDS_EXAMINED, "Four gaps in the medicine administration records");
    evidence("res", v1::INTERVIEW_PERSON_USING_SERVICE, "A resident said staff are kind");
    record->add_views_of_people_using_service("I like it here but the nights are lonely");
    record->set_advocate_involved(true);
    return request;
  }

  v1::RecordFindingsRequest FindingsOf(const std::string& visit_id, bool safe_met) {
    v1::RecordFindingsRequest request;
    *request.mutable_header() = Header();
    request.set_visit_id(visit_id);
    v1::FindingDetails* safe = request.add_findings();
    safe->set_standard("Regulation 12: safe care and treatment");
    safe->set_judgement(safe_met ? "good" : "inadequate");
    safe->set_met(safe_met);
    safe->add_evidence_ids(absl::StrCat(visit_id, "-obs"));
    safe->add_evidence_ids(absl::StrCat(visit_id, "-mar"));
    safe->set_narrative("Medicines are not managed safely");
    v1::FindingDetails* caring = request.add_findings();
    caring->set_standard("Regulation 10: dignity and respect");
    caring->set_judgement("good");
    caring->set_met(true);
    caring->add_evidence_ids(absl::StrCat(visit_id, "-res"));
    return request;
  }

  v1::DraftDocumentRequest ReportDraft(std::string document_id, std::string judgement) {
    v1::DraftDocumentRequest request;
    *request.mutable_header() = Header();
    request.set_document_id(std::move(document_id));
    request.set_kind(v1::REPORT);
    request.set_title("Inspection report: Sunnyside Care Home");
    request.set_judgement(std::move(judgement));
    return request;
  }

  template <typename Request>
  Request ForDocument(std::string document_id) {
    Request request;
    *request.mutable_header() = Header();
    request.set_document_id(std::move(document_id));
    return request;
  }

  v1::PublishDocumentRequest Publication(std::string document_id) {
    auto request = ForDocument<v1::PublishDocumentRequest>(std::move(document_id));
    request.set_rationale("Medicines are not managed safely; people are otherwise well cared for");
    return request;
  }

  // The provider registered, rated good, and an inspection case opened for it.
  void RegisterAndOpen() {
    ApplyProvider(Registration());
    ApplyProvider(Rating(v1::COMPLIANT, "good"));
    ApplyLinked(InspectionOfProvider());
  }

  // Everything up to a report sent for its factual accuracy, judged `judgement`.
  void InspectAndSend(const std::string& judgement, bool safe_met) {
    RegisterAndOpen();
    ApplyAll(VisitPlanOf("v1", Now() + absl::Hours(24)));
    context_.now += absl::Hours(48);
    ApplyAll(VisitRecordOf("v1", Now() + absl::Hours(24)));
    ApplyAll(FindingsOf("v1", safe_met));
    ApplyAll(ReportDraft("r1", judgement));
    ApplyAll(ForDocument<v1::SendForFactualAccuracyRequest>("r1"));
  }

  // The open deadline `id` of the case, or nullptr.
  const v1::Deadline* OpenDeadline(const std::string& id) const {
    for (const v1::Deadline& d : state_.deadlines()) {
      if (d.deadline_id() == id && !d.has_completed()) return &d;
    }
    return nullptr;
  }

  v1::ProviderState provider_;
};

}  // namespace caseledger::domain
