#pragma once

// Levels of monitoring a supervisor sets for a caseworker (casework supervision 8.1).

#include <string>

#include "absl/strings/string_view.h"
#include "caseledger/v1/casework.pb.h"
#include "domain/field_errors.h"

namespace caseledger::domain {

// Checks a level: its kind, and the one number its kind needs (percent 1..100, files per
// month 1..1000, period 1..366 days), the others left 0. Bad fields are named under `field`.
void CheckMonitoringLevel(absl::string_view field, const v1::MonitoringLevel& level, bool required,
                          FieldErrors& errors);

// "every file before advice", "10% of files a month", "2 files a month", "every 90 days".
std::string DescribeMonitoringLevel(const v1::MonitoringLevel& level);

}  // namespace caseledger::domain
