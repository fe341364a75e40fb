#pragma once

#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/event_record.pb.h"
#include "caseledger/v1/views.pb.h"

namespace caseledger::projections {

// The audit-trail entry of a record: who, when, what, and why (the rationale, reason or
// outcome the event carries, if any). `case_event` is the record's payload already
// decoded, or nullptr when the record is not a case event.
v1::ActorEvent ToActorEvent(const v1::EventRecord& record, const v1::CaseEvent* case_event);

}  // namespace caseledger::projections
