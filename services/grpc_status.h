#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace caseledger::services {

// absl::Status -> grpc::Status with the same code and message. A google.rpc.BadRequest
// attached by the domain, or a google.rpc.ErrorInfo attached by app::RevisionConflict,
// travels as the standard google.rpc.Status details.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace caseledger::services
