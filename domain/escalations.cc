#include "domain/escalations.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/evolve_support.h"

namespace caseledger::domain {
namespace {

// The roles whose holders act on cases, and so can take up an escalation.
bool IsActingRole(absl::string_view role) {
  return role == "caseworker" || role == "inspector" || role == "supervisor";
}

template <typename Addressees>
void AddRecipients(const Addressees& addressees, v1::Escalation& escalation) {
  for (const std::string& addressee : addressees) {
    std::optional<v1::EscalationRecipient> recipient = RecipientOf(addressee);
    if (recipient.has_value()) *escalation.add_recipients() = *std::move(recipient);
  }
}

}  // namespace

std::optional<v1::EscalationRecipient> RecipientOf(absl::string_view addressee) {
  v1::EscalationRecipient recipient;
  recipient.set_addressee(std::string(addressee));
  const size_t colon = addressee.find(':');
  if (colon == absl::string_view::npos) {
    if (addressee != "supervisor") return std::nullopt;
    recipient.set_role("supervisor");
    return recipient;
  }
  const absl::string_view role = addressee.substr(0, colon);
  const absl::string_view actor = addressee.substr(colon + 1);
  if (!IsActingRole(role)) return std::nullopt;
  FieldErrors id;
  id.Id("actor", actor, true);
  if (!id.ok()) return std::nullopt;
  recipient.set_role(std::string(role));
  recipient.set_actor(std::string(actor));
  return recipient;
}

void CheckAddressee(absl::string_view field, absl::string_view addressee, FieldErrors& errors) {
  const size_t colon = addressee.find(':');
  if (colon == absl::string_view::npos || !IsActingRole(addressee.substr(0, colon))) return;
  if (!RecipientOf(addressee).has_value()) {
    errors.Add(std::string(field),
               absl::StrCat("names role ", addressee.substr(0, colon),
                            " but no person after the colon (an id such as supervisor:jo)"));
  }
}

std::string IncidentEscalationId(absl::string_view incident_id) {
  return absl::StrCat("incident:", incident_id);
}

std::string PriorityEscalationId(uint64_t revision) { return absl::StrCat("priority:", revision); }

std::optional<v1::Escalation> EscalationOf(const v1::CaseEvent& event, uint64_t revision) {
  v1::Escalation escalation;
  if (event.has_untoward_incident_flagged()) {
    const v1::UntowardIncidentFlagged& flagged = event.untoward_incident_flagged();
    escalation.set_escalation_id(IncidentEscalationId(flagged.incident_id()));
    escalation.set_source(v1::INCIDENT_ESCALATED);
    escalation.set_incident_id(flagged.incident_id());
    escalation.set_about(absl::StrCat(v1::IncidentKind_Name(flagged.incident().kind()), " (",
                                      v1::Severity_Name(flagged.incident().severity()), ")"));
    const std::string& to = flagged.incident().escalated_to();
    if (!to.empty()) AddRecipients(std::vector<std::string>{to}, escalation);
  } else if (event.has_priority_assessed() || event.has_priority_overridden()) {
    const bool assessed = event.has_priority_assessed();
    escalation.set_escalation_id(PriorityEscalationId(revision));
    escalation.set_source(v1::PRIORITY_INFORMED);
    const v1::Rag rag =
        assessed ? event.priority_assessed().rag() : event.priority_overridden().rag();
    escalation.set_about(
        absl::StrCat("priority ", v1::Rag_Name(rag), assessed ? " assessed" : " overridden"));
    AddRecipients(
        assessed ? event.priority_assessed().informed() : event.priority_overridden().informed(),
        escalation);
  }
  if (escalation.recipients_size() == 0) return std::nullopt;
  *escalation.mutable_raised() = internal::StampOf(event);
  return escalation;
}

bool Addresses(const v1::EscalationRecipient& recipient, absl::string_view actor,
               absl::string_view role) {
  if (!recipient.actor().empty()) return recipient.actor() == actor;
  return recipient.role() == role;
}

}  // namespace caseledger::domain
