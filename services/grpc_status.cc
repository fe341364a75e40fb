#include "services/grpc_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "domain/field_errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace caseledger::services {

namespace {

constexpr char kErrorInfoTypeUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";

}  // namespace

absl::Status RevisionConflict(absl::string_view message, uint64_t actual_revision) {
  google::rpc::ErrorInfo info;
  info.set_reason("REVISION_CONFLICT");
  info.set_domain("caseledger");
  (*info.mutable_metadata())["actual_revision"] = absl::StrCat(actual_revision);
  absl::Status status = absl::AbortedError(message);
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  google::rpc::Status details;
  if (std::optional<google::rpc::BadRequest> bad_request = domain::BadRequestOf(status)) {
    details.add_details()->PackFrom(*bad_request);
  }
  if (absl::optional<absl::Cord> payload = status.GetPayload(kErrorInfoTypeUrl)) {
    google::rpc::ErrorInfo info;
    if (info.ParseFromString(std::string(*payload))) details.add_details()->PackFrom(info);
  }
  if (details.details().empty()) return grpc::Status(code, message);
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace caseledger::services
