// The fold of an inspection's events into its case.

#include "domain/inspection_support.h"

namespace caseledger::domain::internal {
namespace {

v1::Stamp StampOf(const v1::CaseEvent& event) {
  v1::Stamp stamp;
  stamp.set_actor(event.actor());
  *stamp.mutable_at() = event.occurred_at();
  return stamp;
}

template <typename Records, typename GetId>
auto* Find(Records* records, GetId get, const std::string& id) {
  for (auto& record : *records) {
    if (get(record) == id) return &record;
  }
  return static_cast<decltype(&*records->begin())>(nullptr);
}

v1::InspectionVisit* Visit(v1::CaseState& s, const std::string& id) {
  return Find(
      s.mutable_visits(), [](const v1::InspectionVisit& v) { return v.visit_id(); }, id);
}

v1::InspectionDocument* Document(v1::CaseState& s, const std::string& id) {
  return Find(
      s.mutable_documents(), [](const v1::InspectionDocument& d) { return d.document_id(); }, id);
}

v1::ActionPlan* Plan(v1::CaseState& s, const std::string& id) {
  return Find(
      s.mutable_action_plans(), [](const v1::ActionPlan& p) { return p.plan_id(); }, id);
}

void ApplyVisits(v1::CaseState& s, v1::CaseEvent& e) {
  if (e.has_visit_planned()) {
    v1::InspectionVisit* visit = s.add_visits();
    visit->set_visit_id(e.visit_planned().visit_id());
    visit->mutable_plan()->Swap(e.mutable_visit_planned()->mutable_plan());
    *visit->mutable_planned() = StampOf(e);
  } else if (e.has_visit_recorded()) {
    if (v1::InspectionVisit* visit = Visit(s, e.visit_recorded().visit_id())) {
      visit->mutable_record()->Swap(e.mutable_visit_recorded()->mutable_record());
      *visit->mutable_recorded() = StampOf(e);
    }
  } else if (e.has_findings_recorded()) {
    for (v1::FindingDetails& f : *e.mutable_findings_recorded()->mutable_findings()) {
      v1::InspectionFinding* finding = s.add_findings();
      finding->set_visit_id(e.findings_recorded().visit_id());
      finding->mutable_finding()->Swap(&f);
      *finding->mutable_recorded() = StampOf(e);
    }
  }
}

void ApplyDocuments(v1::CaseState& s, v1::CaseEvent& e) {
  if (e.has_document_drafted()) {
    const v1::DocumentDrafted& d = e.document_drafted();
    v1::InspectionDocument* document = s.add_documents();
    document->set_document_id(d.document_id());
    document->set_kind(d.kind());
    document->set_title(d.title());
    document->set_summary(d.summary());
    document->set_judgement(d.judgement());
    document->set_stage(v1::DRAFT);
    *document->mutable_drafted() = StampOf(e);
  } else if (e.has_document_sent_for_factual_accuracy()) {
    const auto& sent = e.document_sent_for_factual_accuracy();
    if (v1::InspectionDocument* document = Document(s, sent.document_id())) {
      document->set_stage(v1::FACTUAL_ACCURACY_CHECK);
      *document->mutable_sent_for_factual_accuracy() = StampOf(e);
      *document->mutable_comments_due_by() = sent.comments_due_by();
    }
  } else if (e.has_provider_comments_recorded()) {
    const auto& c = e.provider_comments_recorded();
    if (v1::InspectionDocument* document = Document(s, c.document_id())) {
      document->set_stage(v1::COMMENTS_RECEIVED);
      *document->mutable_comments_received() = StampOf(e);
      document->set_provider_comments(c.comments());
      document->set_changes_made(c.changes_made());
      if (!c.revised_judgement().empty()) document->set_judgement(c.revised_judgement());
    }
  } else if (e.has_document_published()) {
    const v1::DocumentPublished& p = e.document_published();
    if (v1::InspectionDocument* document = Document(s, p.document_id())) {
      document->set_stage(v1::PUBLISHED);
      *document->mutable_published() = StampOf(e);
      if (p.has_rating()) *document->mutable_rating() = p.rating();
    }
    if (p.has_rating()) {
      s.set_compliance(p.rating().compliance());
      s.set_judgement(p.rating().judgement());
    }
  }
}

void ApplyActionPlans(v1::CaseState& s, v1::CaseEvent& e) {
  if (e.has_action_plan_required()) {
    const v1::ActionPlanRequired& r = e.action_plan_required();
    v1::ActionPlan* plan = s.add_action_plans();
    plan->set_plan_id(r.plan_id());
    *plan->mutable_breaches() = r.breaches();
    *plan->mutable_plan_due_by() = r.plan_due_by();
    *plan->mutable_required() = StampOf(e);
  } else if (e.has_action_plan_recorded()) {
    const v1::ActionPlanRecorded& r = e.action_plan_recorded();
    if (v1::ActionPlan* plan = Plan(s, r.plan_id())) {
      for (const v1::PlannedAction& action : r.actions()) {
        *plan->add_actions()->mutable_action() = action;
      }
      *plan->mutable_received() = StampOf(e);
      *plan->mutable_complete_by() = r.complete_by();
    }
  } else if (e.has_action_progress_recorded()) {
    const v1::ActionProgressRecorded& p = e.action_progress_recorded();
    v1::ActionPlan* plan = Plan(s, p.plan_id());
    if (plan == nullptr) return;
    for (v1::ActionPlanAction& action : *plan->mutable_actions()) {
      if (action.action().action_id() != p.action_id()) continue;
      v1::ActionProgress* progress = action.add_progress();
      progress->set_status(p.status());
      progress->set_note(p.note());
      *progress->mutable_recorded() = StampOf(e);
    }
  } else if (e.has_action_plan_verified()) {
    const v1::ActionPlanVerified& v = e.action_plan_verified();
    if (v1::ActionPlan* plan = Plan(s, v.plan_id())) {
      plan->set_verdict(v.verdict());
      plan->set_verification(v.how());
      *plan->mutable_verified() = StampOf(e);
    }
  }
}

void ApplyEnforcement(v1::CaseState& s, v1::CaseEvent& e) {
  if (e.has_enforcement_action_taken()) {
    v1::EnforcementAction* action = s.add_enforcement_actions();
    action->set_action_id(e.enforcement_action_taken().action_id());
    action->mutable_enforcement()->Swap(
        e.mutable_enforcement_action_taken()->mutable_enforcement());
    *action->mutable_taken() = StampOf(e);
  } else if (e.has_enforcement_action_concluded()) {
    const auto& c = e.enforcement_action_concluded();
    if (auto* action = Find(
            s.mutable_enforcement_actions(),
            [](const v1::EnforcementAction& a) { return a.action_id(); }, c.action_id())) {
      *action->mutable_concluded() = StampOf(e);
      action->set_outcome(c.outcome());
    }
  }
}

}  // namespace

void ApplyInspection(v1::CaseState& s, v1::CaseEvent& e) {
  switch (e.event_case()) {
    case v1::CaseEvent::kVisitPlanned:
    case v1::CaseEvent::kVisitRecorded:
    case v1::CaseEvent::kFindingsRecorded:
      ApplyVisits(s, e);
      break;
    case v1::CaseEvent::kDocumentDrafted:
    case v1::CaseEvent::kDocumentSentForFactualAccuracy:
    case v1::CaseEvent::kProviderCommentsRecorded:
    case v1::CaseEvent::kDocumentPublished:
      ApplyDocuments(s, e);
      break;
    case v1::CaseEvent::kActionPlanRequired:
    case v1::CaseEvent::kActionPlanRecorded:
    case v1::CaseEvent::kActionProgressRecorded:
    case v1::CaseEvent::kActionPlanVerified:
      ApplyActionPlans(s, e);
      break;
    case v1::CaseEvent::kEnforcementActionTaken:
    case v1::CaseEvent::kEnforcementActionConcluded:
      ApplyEnforcement(s, e);
      break;
    default:
      break;
  }
}

}  // namespace caseledger::domain::internal
