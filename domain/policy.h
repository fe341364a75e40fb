#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "caseledger/v1/casework.pb.h"
#include "caseledger/v1/policy.pb.h"
#include "caseledger/v1/policy_commands.pb.h"

namespace caseledger::domain {

// The stream that holds an organisation's policy versions.
std::string PolicyStreamId(absl::string_view org_id);

// The policy every organisation has until it sets its own (version 0): four criteria
// scored 0-5, amber from 40 and red from 70, red cases contacted within 1 working day,
// a safe caseload of 40 weighted points, Monday to Friday in Europe/London.
const v1::Policy& DefaultPolicy();

// The default policy as the version in force for an organisation with no policy stream.
v1::PolicyVersion DefaultPolicyVersion(absl::string_view org_id);

// INVALID_ARGUMENT naming every field of `policy` (under "policy.") that is incomplete
// or inconsistent; OK otherwise.
absl::Status ValidatePolicy(const v1::Policy& policy);

struct PriorityScore {
  double score = 0;  // 0..100
  v1::Rag rag = v1::RAG_UNSPECIFIED;
};

// Scores a case against the policy's criteria. INVALID_ARGUMENT naming each score
// (under "scores") that names an unknown or repeated criterion or is out of scale,
// and each criterion left unscored.
absl::StatusOr<PriorityScore> ScorePriority(
    const v1::Policy& policy, const google::protobuf::RepeatedPtrField<v1::CriterionScore>& scores);

// What the policy demands of a RAG level; the default policy's entry when missing.
const v1::ResponseTime& ResponseTimeFor(const v1::Policy& policy, v1::Rag rag);

// The weighted points of a case of this kind and complexity (1 when the policy has none).
double CaseWeightFor(const v1::Policy& policy, v1::CaseKind kind, v1::Complexity complexity);

// Decides SetPolicy against the version in force: the event, or INVALID_ARGUMENT /
// ABORTED (expected_version mismatch).
absl::StatusOr<v1::PolicyEvent> DecideSetPolicy(const v1::PolicyVersion& current,
                                                const v1::SetPolicyRequest& request, absl::Time now,
                                                absl::string_view actor,
                                                absl::string_view actor_role);

// Folds one event of the policy stream.
void EvolvePolicy(v1::PolicyVersion& version, const v1::PolicyEvent& event);

}  // namespace caseledger::domain
