#pragma once

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

}  // namespace caseledger::projections
