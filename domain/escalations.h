#pragma once

// Escalations: the people a case asks to act (an incident's escalated_to) or tells of a
// decision (those informed of a priority). Of what those fields say, caseledger reaches
// "<role>:<actor>" (a person, in role caseworker, inspector or supervisor) and "supervisor"
// (the supervisors of the case's team); anything else (the client, the police, a manager
// outside caseledger) is kept as written and reaches no inbox.

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/case_state.pb.h"
#include "domain/field_errors.h"

namespace caseledger::domain {

// The recipient `addressee` names, or nullopt for one caseledger cannot reach.
std::optional<v1::EscalationRecipient> RecipientOf(absl::string_view addressee);

// Refuses an addressee that names a role caseledger knows but no valid person after the
// colon ("supervisor:" or "supervisor:Jo Smith").
void CheckAddressee(absl::string_view field, absl::string_view addressee, FieldErrors& errors);

std::string IncidentEscalationId(absl::string_view incident_id);
std::string PriorityEscalationId(uint64_t revision);

// The escalation `event` raises on a case now at `revision` (the event's), with each
// recipient caseledger can reach; nullopt when it raises none.
std::optional<v1::Escalation> EscalationOf(const v1::CaseEvent& event, uint64_t revision);

// Whether `recipient` is addressed to `actor` in `role`: by name, or by role.
bool Addresses(const v1::EscalationRecipient& recipient, absl::string_view actor,
               absl::string_view role);

}  // namespace caseledger::domain
