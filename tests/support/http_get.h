#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace caseledger::testing {

// The body of http://`host_port``path_and_query`, fetched with a plain HTTP/1.0 GET over
// loopback. UNAVAILABLE when nothing answers; FAILED_PRECONDITION for a status other than 200.
absl::StatusOr<std::string> HttpGet(const std::string& host_port,
                                    const std::string& path_and_query,
                                    absl::Duration timeout = absl::Seconds(10));

}  // namespace caseledger::testing
