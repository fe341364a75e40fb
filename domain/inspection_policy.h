#pragma once

// The policy's rules for regulating care providers: the judgement scale and how often each
// judgement is inspected, intelligence that brings an inspection forward, the enforcement
// powers, and the time frames of an inspection's documents. Where an organisation's policy
// leaves a rule unset, the built-in default's applies.

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "caseledger/v1/inspection.pb.h"
#include "caseledger/v1/policy.pb.h"
#include "domain/field_errors.h"

namespace caseledger::domain {

// Adds the default's inspection rules to `policy`: the scale outstanding (30 months), good
// (24), requires_improvement (12), inadequate (6); first inspection within 12 months;
// serious or critical intelligence inspected within 30 days, safeguarding concerns and
// whistleblowing of moderate severity within 60; warning notice, requirement notice,
// conditions, suspension and cancellation; documents drafted within 15 working days of the
// visit, sent within 5, commented on within 10, published within 5; a follow-up inspection
// within 28 days of an action plan's date passing unverified.
void AddDefaultInspectionRules(v1::Policy& policy);

// Names every inspection rule of `policy` (under "policy.") that is inconsistent.
void ValidateInspectionRules(const v1::Policy& policy, FieldErrors& errors);

const google::protobuf::RepeatedPtrField<v1::JudgementLevel>& JudgementScale(
    const v1::Policy& policy);
// The level of the scale named `judgement`; nullptr when the scale has none.
const v1::JudgementLevel* FindJudgement(const v1::Policy& policy, absl::string_view judgement);
// How high the judgement's risk is: 1 for the scale's best, up to its size for the worst; 0
// for no judgement (a provider not yet rated) or one the scale no longer has.
int JudgementRisk(const v1::Policy& policy, absl::string_view judgement);
// Checks `judgement` names a level of the scale; `required` when it must be given.
void CheckJudgement(const v1::Policy& policy, absl::string_view field, absl::string_view judgement,
                    bool required, FieldErrors& errors);

uint32_t FirstInspectionMonths(const v1::Policy& policy);
uint32_t FollowUpInspectionDays(const v1::Policy& policy);
const v1::DocumentTimeFrames& DocumentTimeFramesOf(const v1::Policy& policy);
// Whether the policy lists `kind` among its enforcement powers.
bool IsEnforcementPower(const v1::Policy& policy, absl::string_view kind);

// When the policy's intelligence rules say intelligence of these details must be inspected
// by (the earliest rule that applies); nullopt when none applies.
std::optional<absl::Time> InspectBy(const v1::Policy& policy,
                                    const v1::IntelligenceDetails& details);

// `t` moved by whole calendar months (negative: back), at the same time of day, in UTC.
absl::Time AddMonths(absl::Time t, int months);

}  // namespace caseledger::domain
