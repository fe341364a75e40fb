#pragma once

#include <cstdint>
#include <string>

#include "tools/cli_client.h"

namespace caseledger::cli {

// What the demo's inspection team is made of.
struct InspectionDemo {
  uint64_t seed = 1;
  int providers = 60;
};

// An inspection team made through the public API: providers with mixed ratings and
// intelligence, inspection cases at every stage of their report, action plans (one passed
// unverified, its follow-up scheduled) and enforcement, and two inspectors' work plans for the
// year. History is backdated from now. The same seed again changes nothing. Returns the work
// plans' period.
std::string RunInspectionDemo(Client& client, const InspectionDemo& demo);

}  // namespace caseledger::cli
