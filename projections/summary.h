#pragma once

#include <cstdint>

#include "caseledger/v1/case_state.pb.h"
#include "caseledger/v1/views.pb.h"

namespace caseledger::projections {

// What the caseload views keep of a case.
v1::CaseSummary Summarize(const v1::CaseState& state);

// Adds what supervision follows to a summary: open escalations, review actions, outcomes,
// obstacles, incidents awaiting a response, and when the file was last reviewed.
void SummarizeFollowUp(const v1::CaseState& state, v1::CaseSummary& summary);

// Live or dormant: on someone's caseload.
bool IsOpen(v1::CaseStatus status);

// A case's place in the caseload's order: its rank (0 red, 1 amber, 2 green, 3 unassessed),
// then its next deadline's seconds (INT64_MAX for none); ties go by case id.
struct CaseloadPlace {
  int rank = 3;
  int64_t deadline_seconds = 0;
};
CaseloadPlace PlaceOf(const v1::CaseSummary& summary);

}  // namespace caseledger::projections
