#include "projections/actor_event.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "caseledger/v1/access.pb.h"
#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/policy.pb.h"
#include "caseledger/v1/provider.pb.h"
#include "caseledger/v1/workplan.pb.h"

namespace caseledger::projections {
namespace {

std::string WhyOfCaseEvent(const v1::CaseEvent& e) {
  switch (e.event_case()) {
    case v1::CaseEvent::kSubjectErased:
      return e.subject_erased().reason();
    case v1::CaseEvent::kPriorityAssessed:
      return e.priority_assessed().rationale();
    case v1::CaseEvent::kPriorityOverridden:
      return e.priority_overridden().rationale();
    case v1::CaseEvent::kCaseAssigned:
      return e.case_assigned().reason();
    case v1::CaseEvent::kStatusChanged:
      return e.status_changed().outcome().empty() ? e.status_changed().reason()
                                                  : e.status_changed().outcome();
    case v1::CaseEvent::kNoteCorrected:
      return e.note_corrected().reason();
    case v1::CaseEvent::kIncidentResolved:
      return e.incident_resolved().resolution();
    case v1::CaseEvent::kDeadlineActionRecorded:
      return e.deadline_action_recorded().risk();
    case v1::CaseEvent::kFileReviewRecorded:
      return e.file_review_recorded().review().findings();
    case v1::CaseEvent::kDocumentPublished:
      return e.document_published().rationale();
    case v1::CaseEvent::kActionPlanVerified:
      return e.action_plan_verified().how();
    case v1::CaseEvent::kEnforcementActionTaken:
      return e.enforcement_action_taken().enforcement().legal_basis();
    case v1::CaseEvent::kEnforcementActionConcluded:
      return e.enforcement_action_concluded().outcome();
    default:
      return "";
  }
}

std::string WhyOfProviderEvent(const v1::ProviderEvent& e) {
  switch (e.event_case()) {
    case v1::ProviderEvent::kProviderRated:
      return e.provider_rated().rating().rationale();
    case v1::ProviderEvent::kProviderAssigned:
      return e.provider_assigned().reason();
    case v1::ProviderEvent::kIntelligenceConsidered:
      return e.intelligence_considered().how();
    default:
      return "";
  }
}

std::string WhyOfWorkPlanEvent(const v1::WorkPlanEvent& e) {
  switch (e.event_case()) {
    case v1::WorkPlanEvent::kWorkPlanAgreed:
      return e.work_plan_agreed().rationale();
    case v1::WorkPlanEvent::kWorkPlanReviewed:
      return e.work_plan_reviewed().findings();
    default:
      return "";
  }
}

}  // namespace

v1::ActorEvent ToActorEvent(const v1::EventRecord& record) {
  v1::ActorEvent out;
  out.set_position(record.position());
  out.set_stream_id(record.stream_id());
  out.set_stream_revision(record.stream_revision());
  out.set_type(record.type());
  out.set_actor(record.metadata().actor());
  out.set_actor_role(record.metadata().actor_role());
  *out.mutable_occurred_at() = record.metadata().occurred_at();
  *out.mutable_recorded_at() = record.metadata().recorded_at();
  if (record.type() == "AccessRecorded") {
    v1::AccessRecorded access;
    if (access.ParseFromString(record.payload())) {
      out.set_why(access.granted() ? access.method()
                                   : absl::StrCat(access.method(), " refused: ", access.reason()));
    }
  } else if (record.type() == "PolicySet") {
    v1::PolicyEvent event;
    if (event.ParseFromString(record.payload())) out.set_why(event.policy_set().rationale());
  } else if (absl::StartsWith(record.stream_id(), "provider-")) {
    v1::ProviderEvent event;
    if (event.ParseFromString(record.payload())) out.set_why(WhyOfProviderEvent(event));
  } else if (absl::StartsWith(record.stream_id(), "workplan-")) {
    v1::WorkPlanEvent event;
    if (event.ParseFromString(record.payload())) out.set_why(WhyOfWorkPlanEvent(event));
  } else if (absl::StartsWith(record.stream_id(), "case-")) {
    v1::CaseEvent event;
    if (event.ParseFromString(record.payload())) out.set_why(WhyOfCaseEvent(event));
  }
  return out;
}

}  // namespace caseledger::projections
