#pragma once

// What the policy asks of supervision: response times for incidents, how soon escalations
// are acknowledged and review actions done, when an obstacle needs attention, and the
// monitoring level of workers whose supervisor set none. A policy set before these existed
// (or leaving one unset) gets the built-in default's.

#include <optional>

#include "absl/time/time.h"
#include "caseledger/v1/policy.pb.h"
#include "domain/field_errors.h"

namespace caseledger::domain {

// Adds the supervision defaults to a policy (the built-in default's): a safeguarding concern,
// a catastrophic incident or aggressive behaviour decided within 1 working day, a reported
// risk, incorrect advice or a confidentiality query within 2, a complaint within 10;
// escalations acknowledged within 1 working day; review actions due in 10; obstacles looked
// at after 10; unreviewed work under every-file monitoring within 2; two files a month.
void AddSupervisionDefaults(v1::Policy& policy);

// Checks the supervision fields of `policy`, naming each bad one under "policy.".
void ValidateSupervisionPolicy(const v1::Policy& policy, FieldErrors& errors);

// Working days within which an incident of `kind` needs a decision; nullopt for a kind with
// no response time.
std::optional<uint32_t> IncidentResponseDays(const v1::Policy& policy, v1::IncidentKind kind);
uint32_t EscalationAcknowledgementDays(const v1::Policy& policy);
uint32_t ReviewActionDays(const v1::Policy& policy);
uint32_t ObstacleReviewDays(const v1::Policy& policy);
uint32_t FileReviewDays(const v1::Policy& policy);
const v1::MonitoringLevel& DefaultMonitoringLevel(const v1::Policy& policy);

// The end of the `days`-th working day after `from` in the policy's calendar.
absl::Time WorkingDaysAfter(const v1::Policy& policy, absl::Time from, uint32_t days);

}  // namespace caseledger::domain
