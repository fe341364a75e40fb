#include "projections/actor_event.h"

#include "absl/strings/str_cat.h"
#include "caseledger/v1/access.pb.h"
#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/policy.pb.h"

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
  } else {
    v1::CaseEvent event;
    if (event.ParseFromString(record.payload())) out.set_why(WhyOfCaseEvent(event));
  }
  return out;
}

}  // namespace caseledger::projections
