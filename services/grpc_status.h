#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace caseledger::services {

// absl::Status -> grpc::Status with the same code and message. A google.rpc.BadRequest
// attached by the domain, or a google.rpc.ErrorInfo attached by RevisionConflict, travels as
// the standard google.rpc.Status details.
grpc::Status ToGrpcStatus(const absl::Status& status);

// ABORTED: the case is at `actual_revision`, not the one the command expected. The details
// carry ErrorInfo{reason "REVISION_CONFLICT", metadata "actual_revision"}, so a client can
// decide again without reading the case first.
absl::Status RevisionConflict(absl::string_view message, uint64_t actual_revision);

}  // namespace caseledger::services
