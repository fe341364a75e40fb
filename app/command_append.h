#pragma once

// The append a command makes: its events on one stream at the revision it decided on, each
// with the command's metadata.

#include <string>
#include <vector>

#include "app/actor.h"
#include "domain/case.h"
#include "domain/worker.h"
#include "eventstore/event_store.h"

namespace caseledger::app {

// `events` (case or worker events, already sealed) appended to `stream_id` only if it is
// still at `revision`, recorded under the header's command id, actor and correlation.
template <typename Event, typename Header>
eventstore::AppendRequest CommandAppend(const std::string& stream_id, uint64_t revision,
                                        const Header& header, const Actor& actor,
                                        const std::vector<Event>& events) {
  eventstore::AppendRequest append;
  append.stream_id = stream_id;
  append.expected_revision = eventstore::ExpectedRevision::Exact(revision);
  append.command_id = header.command_id();
  for (const Event& event : events) {
    eventstore::ProposedEvent proposed;
    proposed.type = domain::EventType(event);
    proposed.payload = event.SerializeAsString();
    proposed.metadata.set_actor(actor.id);
    proposed.metadata.set_actor_role(actor.role);
    proposed.metadata.set_correlation_id(header.correlation_id().empty() ? header.command_id()
                                                                         : header.correlation_id());
    proposed.metadata.set_causation_id(header.command_id());
    *proposed.metadata.mutable_occurred_at() = event.occurred_at();
    append.events.push_back(std::move(proposed));
  }
  return append;
}

}  // namespace caseledger::app
