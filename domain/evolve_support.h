#pragma once

// What the parts of the case's fold share.

#include <string>

#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/case_state.pb.h"

namespace caseledger::domain::internal {

// Who did the event (of any stream), and when it happened.
template <typename Event>
v1::Stamp StampOf(const Event& event) {
  v1::Stamp stamp;
  stamp.set_actor(event.actor());
  *stamp.mutable_at() = event.occurred_at();
  return stamp;
}

// The record in `records` whose id (by `get`) is `id`, to change; nullptr when none.
template <typename Records, typename GetId>
auto* FindMutable(Records* records, GetId get, const std::string& id) {
  for (auto& record : *records) {
    if (get(record) == id) return &record;
  }
  return static_cast<decltype(&*records->begin())>(nullptr);
}

// The name of the fact an event of any stream holds in its oneof `event`
// ("NoteRecorded"): the log record's type.
inline std::string EventTypeOf(const google::protobuf::Message& event) {
  const auto* oneof = event.GetDescriptor()->FindOneofByName("event");
  const auto* field =
      oneof == nullptr ? nullptr : event.GetReflection()->GetOneofFieldDescriptor(event, oneof);
  return field == nullptr ? "Unknown" : field->message_type()->name();
}

// Before an event changes the case: what supervision follows of it (escalations raised, work
// awaiting review, the first response to an incident, when the worker took the case).
void TrackFollowUp(v1::CaseState& s, const v1::CaseEvent& e);

// The follow-through events: review actions done, escalations acknowledged, key people's
// details updated, consent withdrawn, involvement ended.
void ApplyFollowThrough(v1::CaseState& s, v1::CaseEvent& e);

}  // namespace caseledger::domain::internal
