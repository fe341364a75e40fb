#pragma once

#include "caseledger/v1/event_record.pb.h"
#include "caseledger/v1/views.pb.h"

namespace caseledger::projections {

// The audit-trail entry of a record: who, when, what, and why (the rationale, reason or
// outcome the event carries, if any).
v1::ActorEvent ToActorEvent(const v1::EventRecord& record);

}  // namespace caseledger::projections
