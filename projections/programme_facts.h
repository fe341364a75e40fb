#pragma once

// What places a provider in the inspection programme, drawn from its ProgrammeEntry and
// kept encoded in the programme view's indexes, so a query over thousands of providers reads
// a few dozen bytes of each rather than its whole entry. Everything here is as recorded;
// what the policy and the day make of it is decided when asked (programme_queries.h).

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "caseledger/v1/programme.pb.h"

namespace caseledger::projections {

struct ProgrammeFacts {
  std::string team_id;
  std::string lead_inspector;
  // Empty until the provider is first rated.
  std::string judgement;
  // Seconds since the epoch.
  int64_t registered_at = 0;
  std::optional<int64_t> rated_at;
  std::optional<int64_t> last_inspected_at;
  // The earliest date intelligence received since the last inspection brings the inspection
  // forward to, unless it was considered to need no further action; and which it is.
  std::optional<int64_t> intelligence_by;
  std::string intelligence_id;
  // The earliest date from which a follow-up inspection is due: an action plan's date with
  // the plan not verified, or the day it was found not met, with no visit since; and which.
  std::optional<int64_t> follow_up_from;
  std::string follow_up_case_id;
  std::string follow_up_plan_id;
  bool follow_up_not_met = false;
  uint32_t unconsidered_intelligence = 0;
  uint32_t open_enforcement = 0;

  bool operator==(const ProgrammeFacts& other) const;
};

// The facts of a provider's entry.
ProgrammeFacts FactsOf(const v1::ProgrammeEntry& entry);

std::string EncodeFacts(const ProgrammeFacts& facts);
// False when `encoded` is not what EncodeFacts makes.
bool DecodeFacts(absl::string_view encoded, ProgrammeFacts& facts);

}  // namespace caseledger::projections
