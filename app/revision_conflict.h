#pragma once

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace caseledger::app {

inline constexpr char kErrorInfoTypeUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";

// ABORTED: the case is at `actual_revision`, not the one the command expected. It carries
// ErrorInfo{reason "REVISION_CONFLICT", metadata "actual_revision"} (kErrorInfoTypeUrl), so a
// client can decide again without reading the case first.
absl::Status RevisionConflict(absl::string_view message, uint64_t actual_revision);

// The ErrorInfo a status carries, if any.
std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const absl::Status& status);

}  // namespace caseledger::app
