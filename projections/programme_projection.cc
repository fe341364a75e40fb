#include "projections/programme_projection.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "caseledger/v1/workplan.pb.h"
#include "projections/programme_keys.h"

namespace caseledger::projections {
namespace {

constexpr absl::string_view kProviderStreamPrefix = "provider-";
constexpr absl::string_view kCaseStreamPrefix = "case-";
constexpr absl::string_view kWorkPlanStreamPrefix = "workplan-";

// The case events the programme follows; every other case event is passed over unread.
const absl::flat_hash_set<std::string>& CaseEventTypes() {
  static const auto* const types =
      new absl::flat_hash_set<std::string>{"CaseOpened",
                                           "VisitPlanned",
                                           "VisitRecorded",
                                           "ActionPlanRequired",
                                           "ActionPlanRecorded",
                                           "ActionPlanVerified",
                                           "EnforcementActionTaken",
                                           "EnforcementActionConcluded"};
  return *types;
}

template <typename Event>
absl::StatusOr<Event> Parse(const v1::EventRecord& record) {
  Event event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(absl::StrCat("the event at position ", record.position(), " of ",
                                            record.stream_id(), " does not parse"));
  }
  return event;
}

void KeepLatest(google::protobuf::Timestamp* kept, const google::protobuf::Timestamp& t) {
  if (FromProto(t) > FromProto(*kept)) *kept = t;
}

template <typename Marks, typename Match>
auto* FindMark(Marks* marks, Match match) {
  for (auto& mark : *marks) {
    if (match(mark)) return &mark;
  }
  return static_cast<decltype(&*marks->begin())>(nullptr);
}

// A visit to a provider of `org_id`, under each of its inspectors.
void PutVisit(const std::string& org_id, const v1::VisitMark& visit, ViewBatch& view) {
  for (const std::string& inspector : visit.inspectors()) {
    view.Put(programme_keys::InspectorVisit(org_id, inspector, visit.at(), visit.case_id(),
                                            visit.visit_id()),
             visit.SerializeAsString());
  }
}

void DeleteVisit(const std::string& org_id, const v1::VisitMark& visit, ViewBatch& view) {
  for (const std::string& inspector : visit.inspectors()) {
    view.Delete(programme_keys::InspectorVisit(org_id, inspector, visit.at(), visit.case_id(),
                                               visit.visit_id()));
  }
}

void ApplyProvider(v1::ProgrammeEntry& entry, const v1::ProviderEvent& e) {
  v1::ProviderSummary& p = *entry.mutable_provider();
  p.set_revision(p.revision() + 1);
  switch (e.event_case()) {
    case v1::ProviderEvent::kProviderRegistered: {
      const v1::ProviderRegistered& r = e.provider_registered();
      p.set_provider_id(r.provider_id());
      p.set_org_id(r.org_id());
      *p.mutable_details() = r.details();
      p.set_team_id(r.team_id());
      p.set_lead_inspector(r.lead_inspector());
      *p.mutable_registered_at() = e.occurred_at();
      break;
    }
    case v1::ProviderEvent::kProviderAssigned:
      p.set_lead_inspector(e.provider_assigned().lead_inspector());
      p.set_team_id(e.provider_assigned().team_id());
      break;
    case v1::ProviderEvent::kProviderRated: {
      const v1::ProviderRating& rating = e.provider_rated().rating();
      p.set_compliance(rating.compliance());
      p.set_judgement(rating.judgement());
      p.set_breaches(rating.breaches_size());
      *p.mutable_rated_at() = e.occurred_at();
      if (rating.has_inspected_at())
        KeepLatest(p.mutable_last_inspected_at(), rating.inspected_at());
      break;
    }
    case v1::ProviderEvent::kIntelligenceRecorded: {
      const v1::IntelligenceRecorded& r = e.intelligence_recorded();
      v1::IntelligenceMark* mark = entry.add_intelligence();
      mark->set_intelligence_id(r.intelligence_id());
      mark->set_kind(r.details().kind());
      mark->set_severity(r.details().severity());
      *mark->mutable_received_at() = r.details().received_at();
      mark->set_brings_inspection_forward(r.brings_inspection_forward());
      *mark->mutable_inspect_by() = r.inspect_by();
      break;
    }
    case v1::ProviderEvent::kIntelligenceConsidered: {
      const v1::IntelligenceConsidered& c = e.intelligence_considered();
      if (auto* mark = FindMark(entry.mutable_intelligence(), [&](const v1::IntelligenceMark& m) {
            return m.intelligence_id() == c.intelligence_id();
          })) {
        mark->set_considered(true);
        mark->set_consideration(c.consideration());
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace

absl::StatusOr<ProgrammeProjection::Cached*> ProgrammeProjection::Load(
    const std::string& provider_id, const ViewBatch& view) {
  if (auto it = providers_.find(provider_id); it != providers_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second.recent);
    return &it->second;
  }
  Cached cached;
  auto stored = view.GetCommitted(programme_keys::Provider(provider_id));
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    if (!cached.entry.ParseFromString(**stored)) {
      return absl::DataLossError(
          absl::StrCat("the programme entry of provider ", provider_id, " is corrupt"));
    }
    cached.written = FactsOf(cached.entry);
    cached.written_org = cached.entry.provider().org_id();
  }
  recent_.push_front(provider_id);
  cached.recent = recent_.begin();
  return &providers_.emplace(provider_id, std::move(cached)).first->second;
}

void ProgrammeProjection::MarkDirty(const std::string& provider_id, Cached& cached) {
  if (cached.dirty) return;
  cached.dirty = true;
  dirty_.push_back(provider_id);
}

absl::StatusOr<std::string> ProgrammeProjection::ProviderOfCase(const std::string& case_id,
                                                                const ViewBatch& view) {
  if (auto it = case_providers_.find(case_id); it != case_providers_.end()) return it->second;
  auto stored = view.GetCommitted(programme_keys::CaseProvider(case_id));
  if (!stored.ok()) return stored.status();
  std::string provider = stored->has_value() ? **stored : "";
  case_providers_[case_id] = provider;
  return provider;
}

absl::Status ProgrammeProjection::Apply(const v1::EventRecord& record, ViewBatch& view) {
  const std::string& stream = record.stream_id();
  if (absl::StartsWith(stream, kProviderStreamPrefix)) return ApplyProviderEvent(record, view);
  if (absl::StartsWith(stream, kCaseStreamPrefix)) {
    if (!CaseEventTypes().contains(record.type())) return absl::OkStatus();
    return ApplyCaseEvent(record, view);
  }
  if (absl::StartsWith(stream, kWorkPlanStreamPrefix) && record.type() == "WorkPlanAgreed") {
    return ApplyWorkPlanEvent(record, view);
  }
  return absl::OkStatus();
}

absl::Status ProgrammeProjection::ApplyProviderEvent(const v1::EventRecord& record,
                                                     ViewBatch& view) {
  auto event = Parse<v1::ProviderEvent>(record);
  if (!event.ok()) return event.status();
  const std::string provider_id = record.stream_id().substr(kProviderStreamPrefix.size());
  auto cached = Load(provider_id, view);
  if (!cached.ok()) return cached.status();
  ApplyProvider((*cached)->entry, *event);
  MarkDirty(provider_id, **cached);
  return absl::OkStatus();
}

absl::Status ProgrammeProjection::ApplyCaseEvent(const v1::EventRecord& record, ViewBatch& view) {
  auto event = Parse<v1::CaseEvent>(record);
  if (!event.ok()) return event.status();
  const std::string case_id = record.stream_id().substr(kCaseStreamPrefix.size());
  if (event->has_case_opened()) {
    const v1::CaseOpened& opened = event->case_opened();
    if (opened.kind() != v1::INSPECTION || opened.provider_ref().empty()) return absl::OkStatus();
    case_providers_[case_id] = opened.provider_ref();
    view.Put(programme_keys::CaseProvider(case_id), opened.provider_ref());
    return absl::OkStatus();
  }
  auto provider_id = ProviderOfCase(case_id, view);
  if (!provider_id.ok()) return provider_id.status();
  if (provider_id->empty()) return absl::OkStatus();
  auto cached = Load(*provider_id, view);
  if (!cached.ok()) return cached.status();
  v1::ProgrammeEntry& entry = (*cached)->entry;
  if (!entry.has_provider()) return absl::OkStatus();  // a provider never registered
  MarkDirty(*provider_id, **cached);
  auto visit_of = [&](const std::string& visit_id) {
    return FindMark(entry.mutable_visits(), [&](const v1::VisitMark& m) {
      return m.case_id() == case_id && m.visit_id() == visit_id;
    });
  };
  auto plan_of = [&](const std::string& plan_id) {
    return FindMark(entry.mutable_action_plans(), [&](const v1::ActionPlanMark& m) {
      return m.case_id() == case_id && m.plan_id() == plan_id;
    });
  };
  switch (event->event_case()) {
    case v1::CaseEvent::kVisitPlanned: {
      const v1::VisitPlanned& p = event->visit_planned();
      v1::VisitMark* visit = entry.add_visits();
      visit->set_provider_id(*provider_id);
      visit->set_case_id(case_id);
      visit->set_visit_id(p.visit_id());
      *visit->mutable_at() = p.plan().planned_for();
      *visit->mutable_inspectors() = p.plan().inspectors();
      visit->set_effort_days(p.plan().estimated_effort_days());
      visit->set_follow_up(p.plan().follow_up());
      PutVisit(entry.provider().org_id(), *visit, view);
      break;
    }
    case v1::CaseEvent::kVisitRecorded: {
      const v1::VisitRecorded& r = event->visit_recorded();
      v1::VisitMark* visit = visit_of(r.visit_id());
      if (visit == nullptr) break;
      DeleteVisit(entry.provider().org_id(), *visit, view);
      *visit->mutable_at() = r.record().visited_at();
      *visit->mutable_inspectors() = r.record().inspectors();
      visit->set_done(true);
      PutVisit(entry.provider().org_id(), *visit, view);
      KeepLatest(entry.mutable_provider()->mutable_last_inspected_at(), r.record().visited_at());
      break;
    }
    case v1::CaseEvent::kActionPlanRequired: {
      v1::ActionPlanMark* plan = entry.add_action_plans();
      plan->set_case_id(case_id);
      plan->set_plan_id(event->action_plan_required().plan_id());
      *plan->mutable_due_by() = event->action_plan_required().plan_due_by();
      break;
    }
    case v1::CaseEvent::kActionPlanRecorded:
      if (v1::ActionPlanMark* plan = plan_of(event->action_plan_recorded().plan_id())) {
        plan->set_received(true);
        *plan->mutable_due_by() = event->action_plan_recorded().complete_by();
      }
      break;
    case v1::CaseEvent::kActionPlanVerified:
      if (v1::ActionPlanMark* plan = plan_of(event->action_plan_verified().plan_id())) {
        plan->set_verdict(event->action_plan_verified().verdict());
        *plan->mutable_verified_at() = event->occurred_at();
      }
      break;
    case v1::CaseEvent::kEnforcementActionTaken: {
      v1::EnforcementMark* mark = entry.add_enforcement();
      mark->set_case_id(case_id);
      mark->set_action_id(event->enforcement_action_taken().action_id());
      mark->set_kind(event->enforcement_action_taken().enforcement().kind());
      *mark->mutable_review_by() = event->enforcement_action_taken().enforcement().review_by();
      break;
    }
    case v1::CaseEvent::kEnforcementActionConcluded:
      if (auto* mark = FindMark(entry.mutable_enforcement(), [&](const v1::EnforcementMark& m) {
            return m.case_id() == case_id &&
                   m.action_id() == event->enforcement_action_concluded().action_id();
          })) {
        mark->set_concluded(true);
      }
      break;
    default:
      break;
  }
  return absl::OkStatus();
}

absl::Status ProgrammeProjection::ApplyWorkPlanEvent(const v1::EventRecord& record,
                                                     ViewBatch& view) {
  auto event = Parse<v1::WorkPlanEvent>(record);
  if (!event.ok()) return event.status();
  v1::WorkPlanAgreed agreed = event->work_plan_agreed();
  agreed.mutable_plan()->clear_objectives();
  agreed.mutable_plan()->clear_inspections();
  view.Put(programme_keys::WorkPlan(agreed.inspector_id(), agreed.period_id()),
           agreed.SerializeAsString());
  return absl::OkStatus();
}

namespace {

// The index keys a provider's facts are written under.
std::vector<std::string> FactKeys(const std::string& org_id, const ProgrammeFacts& facts,
                                  const std::string& provider_id) {
  std::vector<std::string> keys{programme_keys::OrgFacts(org_id, provider_id)};
  if (!facts.team_id.empty()) {
    keys.push_back(programme_keys::TeamFacts(org_id, facts.team_id, provider_id));
  }
  if (!facts.lead_inspector.empty()) {
    keys.push_back(programme_keys::InspectorFacts(org_id, facts.lead_inspector, provider_id));
  }
  return keys;
}

}  // namespace

// Writes the facts under the provider's organisation, team and lead inspector, moving them
// when those changed; nothing when nothing did.
void ProgrammeProjection::WriteFacts(const std::string& provider_id, Cached& cached,
                                     ViewBatch& view) {
  const std::string& org_id = cached.entry.provider().org_id();
  ProgrammeFacts facts = FactsOf(cached.entry);
  if (cached.written.has_value() && *cached.written == facts && cached.written_org == org_id) {
    return;
  }
  const std::vector<std::string> keys = FactKeys(org_id, facts, provider_id);
  if (cached.written.has_value()) {
    for (const std::string& key : FactKeys(cached.written_org, *cached.written, provider_id)) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) view.Delete(key);
    }
  }
  const std::string encoded = EncodeFacts(facts);
  for (const std::string& key : keys) view.Put(key, encoded);
  cached.written = std::move(facts);
  cached.written_org = org_id;
}

absl::Status ProgrammeProjection::Flush(ViewBatch& view) {
  for (const std::string& id : dirty_) {
    Cached& cached = providers_.at(id);
    cached.dirty = false;
    if (!cached.entry.has_provider()) continue;
    view.Put(programme_keys::Provider(id), cached.entry.SerializeAsString());
    WriteFacts(id, cached, view);
  }
  dirty_.clear();
  while (providers_.size() > capacity_) {
    providers_.erase(recent_.back());
    recent_.pop_back();
  }
  if (case_providers_.size() > capacity_) case_providers_.clear();
  return absl::OkStatus();
}

void ProgrammeProjection::Discard() {
  providers_.clear();
  recent_.clear();
  dirty_.clear();
  case_providers_.clear();
}

}  // namespace caseledger::projections
