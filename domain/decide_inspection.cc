// Opening an inspection case for a provider, planning and recording its visits, and the
// findings against each standard.

#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/inspection_policy.h"
#include "domain/inspection_support.h"

namespace caseledger::domain {

using internal::CheckHeader;
using internal::NewEvent;
using internal::RequireInspection;

absl::StatusOr<LinkedEvents> Decide(const v1::CaseState& state, const v1::ProviderState& provider,
                                    const v1::OpenCaseRequest& r, const CommandContext& context) {
  absl::StatusOr<Events> opened = Decide(state, r, context);
  if (!opened.ok()) return opened.status();
  if (r.kind() != v1::INSPECTION) return LinkedEvents{*std::move(opened), {}};
  if (!RequireRegistered(provider, r.provider_ref(), context).ok()) {
    return InvalidField("provider_ref", "names no provider registered in the organisation");
  }
  v1::CaseOpened* case_opened = opened->front().mutable_case_opened();
  if (case_opened->team_id().empty()) case_opened->set_team_id(provider.team_id());
  if (case_opened->compliance() == v1::COMPLIANCE_UNSPECIFIED) {
    case_opened->set_compliance(provider.rating().compliance());
  }
  case_opened->set_judgement(provider.rating().judgement());
  v1::ProviderEvent linked = internal::NewEventOf<v1::ProviderEvent>(r.header(), context);
  linked.mutable_inspection_case_opened()->set_case_id(r.header().case_id());
  return LinkedEvents{*std::move(opened), ProviderEvents{std::move(linked)}};
}

namespace {

void CheckInspectors(absl::string_view field,
                     const google::protobuf::RepeatedPtrField<std::string>& inspectors,
                     FieldErrors& errors) {
  if (inspectors.empty()) errors.Add(std::string(field), "must name at least one inspector");
  for (int i = 0; i < inspectors.size(); ++i) {
    errors.Id(absl::StrCat(field, "[", i, "]"), inspectors[i], true);
  }
}

// Every evidence id recorded on the case's visits.
absl::flat_hash_set<std::string> EvidenceIds(const v1::CaseState& state) {
  absl::flat_hash_set<std::string> ids;
  for (const v1::InspectionVisit& visit : state.visits()) {
    for (const v1::EvidenceItem& item : visit.record().evidence()) ids.insert(item.evidence_id());
  }
  return ids;
}

}  // namespace

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::PlanVisitRequest& r,
                              const CommandContext& context) {
  const v1::VisitPlan& plan = r.plan();
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("visit_id", r.visit_id(), false);
  errors.Enum("plan.type", plan.type());
  errors.Time("plan.planned_for", plan.planned_for(), true, plan.has_planned_for());
  CheckInspectors("plan.inspectors", plan.inspectors(), errors);
  for (int i = 0; i < plan.focus_areas_size(); ++i) {
    errors.Text(absl::StrCat("plan.focus_areas[", i, "]"), plan.focus_areas(i), true,
                kMaxShortTextBytes);
  }
  if (!(plan.estimated_effort_days() > 0 && plan.estimated_effort_days() <= 365) ||
      !std::isfinite(plan.estimated_effort_days())) {
    errors.Add("plan.estimated_effort_days", "must be more than 0 and at most 365");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireInspection(state, r.header()));
  const std::string id = internal::IdOrNew(r.visit_id(), context);
  RETURN_IF_ERROR(internal::RequireNew(
      state.visits(), [](const v1::InspectionVisit& v) { return v.visit_id(); }, id, "visit"));
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_visit_planned()->set_visit_id(id);
  *event.mutable_visit_planned()->mutable_plan() = plan;
  Events events{std::move(event)};
  events.push_back(internal::SetStepDeadline(
      r.header(), context, internal::StepDeadlineId(id, "visit"), v1::INSPECTION_VISIT,
      FromProto(plan.planned_for()),
      absl::StrCat(plan.follow_up() ? "Follow-up " : "", "site visit (",
                   plan.type() == v1::UNANNOUNCED ? "unannounced" : "announced", ") by ",
                   absl::StrJoin(plan.inspectors(), ", "))));
  return events;
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordVisitRequest& r,
                              const CommandContext& context) {
  const v1::VisitRecord& record = r.record();
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("visit_id", r.visit_id(), true);
  internal::CheckPastTime("record.visited_at", record.visited_at(), record.has_visited_at(), true,
                          context, errors);
  if (record.has_ended_at()) {
    internal::CheckPastTime("record.ended_at", record.ended_at(), true, false, context, errors);
    if (FromProto(record.ended_at()) < FromProto(record.visited_at())) {
      errors.Add("record.ended_at", "must not be before visited_at");
    }
  }
  CheckInspectors("record.inspectors", record.inspectors(), errors);
  if (record.evidence().empty()) {
    errors.Add("record.evidence", "must hold at least one item of evidence");
  }
  const absl::flat_hash_set<std::string> earlier = EvidenceIds(state);
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < record.evidence_size(); ++i) {
    const v1::EvidenceItem& item = record.evidence(i);
    const std::string field = absl::StrCat("record.evidence[", i, "]");
    errors.Id(field + ".evidence_id", item.evidence_id(), true);
    if (!item.evidence_id().empty() &&
        (earlier.contains(item.evidence_id()) || !ids.insert(item.evidence_id()).second)) {
      errors.Add(field + ".evidence_id", "is already the id of other evidence on the case");
    }
    errors.Enum(field + ".source", item.source());
    errors.Text(field + ".summary", item.summary(), true);
  }
  for (int i = 0; i < record.views_of_people_using_service_size(); ++i) {
    errors.Text(absl::StrCat("record.views_of_people_using_service[", i, "]"),
                record.views_of_people_using_service(i), true);
  }
  if (record.interpreter_involved()) {
    errors.Text("record.interpreter_language", record.interpreter_language(), true,
                kMaxShortTextBytes);
  } else if (!record.interpreter_language().empty()) {
    errors.Add("record.interpreter_language", "is for a visit with an interpreter");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireInspection(state, r.header()));
  const v1::InspectionVisit* visit = internal::FindVisit(state, r.visit_id());
  if (visit == nullptr) {
    return absl::NotFoundError(absl::StrCat("visit ", r.visit_id(), " was not planned"));
  }
  if (visit->has_recorded()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "visit ", r.visit_id(), " was already recorded by ", visit->recorded().actor()));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_visit_recorded()->set_visit_id(r.visit_id());
  *event.mutable_visit_recorded()->mutable_record() = record;
  Events events{std::move(event)};
  internal::CompleteStepDeadlines(state, r.header(), context,
                                  {internal::StepDeadlineId(r.visit_id(), "visit")},
                                  "the visit was made", events);
  const uint32_t draft_days =
      DocumentTimeFramesOf(internal::PolicyInForce(context).policy()).draft_within_working_days();
  events.push_back(internal::SetStepDeadline(
      r.header(), context, internal::StepDeadlineId(r.visit_id(), "report"), v1::INSPECTION_REPORT,
      internal::WorkingDaysAfter(context, FromProto(record.visited_at()), draft_days),
      absl::StrCat("Draft the report of visit ", r.visit_id())));
  return events;
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordFindingsRequest& r,
                              const CommandContext& context) {
  const v1::Policy& policy = internal::PolicyInForce(context).policy();
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("visit_id", r.visit_id(), true);
  if (r.findings().empty()) errors.Add("findings", "must hold at least one finding");
  const absl::flat_hash_set<std::string> evidence = EvidenceIds(state);
  for (int i = 0; i < r.findings_size(); ++i) {
    const v1::FindingDetails& f = r.findings(i);
    const std::string field = absl::StrCat("findings[", i, "]");
    errors.Text(field + ".standard", f.standard(), true, kMaxShortTextBytes);
    CheckJudgement(policy, field + ".judgement", f.judgement(), true, errors);
    if (f.evidence_ids().empty()) {
      errors.Add(field + ".evidence_ids", "must cite at least one item of evidence");
    }
    for (int e = 0; e < f.evidence_ids_size(); ++e) {
      if (!evidence.contains(f.evidence_ids(e))) {
        errors.Add(absl::StrCat(field, ".evidence_ids[", e, "]"),
                   "names no evidence recorded on the case's visits");
      }
    }
    errors.Text(field + ".narrative", f.narrative(), false);
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireInspection(state, r.header()));
  const v1::InspectionVisit* visit = internal::FindVisit(state, r.visit_id());
  if (visit == nullptr) {
    return absl::NotFoundError(absl::StrCat("visit ", r.visit_id(), " was not planned"));
  }
  if (!visit->has_recorded()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "visit ", r.visit_id(), " is not recorded yet: findings rest on its evidence"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_findings_recorded()->set_visit_id(r.visit_id());
  *event.mutable_findings_recorded()->mutable_findings() = r.findings();
  return Events{std::move(event)};
}

}  // namespace caseledger::domain
