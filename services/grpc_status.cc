#include "services/grpc_status.h"

#include <string>

#include "domain/field_errors.h"
#include "google/rpc/status.pb.h"

namespace caseledger::services {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  std::optional<google::rpc::BadRequest> bad_request = domain::BadRequestOf(status);
  if (!bad_request.has_value()) return grpc::Status(code, message);
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  details.add_details()->PackFrom(*bad_request);
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace caseledger::services
