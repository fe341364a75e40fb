// The fold of a provider's events.

#include "base/proto_time.h"
#include "domain/provider.h"

namespace caseledger::domain {
namespace {

v1::Stamp StampOf(const v1::ProviderEvent& event) {
  v1::Stamp stamp;
  stamp.set_actor(event.actor());
  *stamp.mutable_at() = event.occurred_at();
  return stamp;
}

void ApplyRating(v1::ProviderState& s, const v1::ProviderRated& rated) {
  *s.mutable_rating() = rated.rating();
  *s.add_rating_history() = rated.rating();
  if (rated.rating().has_inspected_at() &&
      (!s.has_last_inspected_at() ||
       FromProto(rated.rating().inspected_at()) > FromProto(s.last_inspected_at()))) {
    *s.mutable_last_inspected_at() = rated.rating().inspected_at();
  }
}

v1::Intelligence* FindIntelligence(v1::ProviderState& s, const std::string& id) {
  for (v1::Intelligence& i : *s.mutable_intelligence()) {
    if (i.intelligence_id() == id) return &i;
  }
  return nullptr;
}

}  // namespace

void Evolve(v1::ProviderState& s, const v1::ProviderEvent& e) {
  s.set_revision(s.revision() + 1);
  switch (e.event_case()) {
    case v1::ProviderEvent::kProviderRegistered: {
      const v1::ProviderRegistered& r = e.provider_registered();
      s.set_provider_id(r.provider_id());
      s.set_org_id(r.org_id());
      *s.mutable_details() = r.details();
      s.set_team_id(r.team_id());
      s.set_lead_inspector(r.lead_inspector());
      *s.mutable_registered() = StampOf(e);
      break;
    }
    case v1::ProviderEvent::kProviderAssigned:
      s.set_lead_inspector(e.provider_assigned().lead_inspector());
      s.set_team_id(e.provider_assigned().team_id());
      break;
    case v1::ProviderEvent::kProviderRated:
      ApplyRating(s, e.provider_rated());
      break;
    case v1::ProviderEvent::kIntelligenceRecorded: {
      const v1::IntelligenceRecorded& r = e.intelligence_recorded();
      v1::Intelligence* i = s.add_intelligence();
      i->set_intelligence_id(r.intelligence_id());
      *i->mutable_details() = r.details();
      *i->mutable_recorded() = StampOf(e);
      i->set_brings_inspection_forward(r.brings_inspection_forward());
      if (r.has_inspect_by()) *i->mutable_inspect_by() = r.inspect_by();
      break;
    }
    case v1::ProviderEvent::kIntelligenceConsidered: {
      const v1::IntelligenceConsidered& c = e.intelligence_considered();
      if (v1::Intelligence* i = FindIntelligence(s, c.intelligence_id())) {
        *i->mutable_considered() = StampOf(e);
        i->set_consideration(c.consideration());
        i->set_how_considered(c.how());
      }
      break;
    }
    case v1::ProviderEvent::kInspectionCaseOpened:
      s.add_inspection_case_ids(e.inspection_case_opened().case_id());
      break;
    default:
      break;
  }
}

std::string EventType(const v1::ProviderEvent& event) {
  const auto* oneof = v1::ProviderEvent::descriptor()->FindOneofByName("event");
  const auto* field = event.GetReflection()->GetOneofFieldDescriptor(event, oneof);
  return field == nullptr ? "Unknown" : field->message_type()->name();
}

}  // namespace caseledger::domain
