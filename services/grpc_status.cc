#include "services/grpc_status.h"

#include <string>

#include "app/revision_conflict.h"
#include "domain/field_errors.h"
#include "google/rpc/status.pb.h"

namespace caseledger::services {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  google::rpc::Status details;
  if (std::optional<google::rpc::BadRequest> bad_request = domain::BadRequestOf(status)) {
    details.add_details()->PackFrom(*bad_request);
  }
  if (std::optional<google::rpc::ErrorInfo> info = app::ErrorInfoOf(status)) {
    details.add_details()->PackFrom(*info);
  }
  if (details.details().empty()) return grpc::Status(code, message);
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace caseledger::services
