#include "app/revision_conflict.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace caseledger::app {

absl::Status RevisionConflict(absl::string_view message, uint64_t actual_revision) {
  google::rpc::ErrorInfo info;
  info.set_reason("REVISION_CONFLICT");
  info.set_domain("caseledger");
  (*info.mutable_metadata())["actual_revision"] = absl::StrCat(actual_revision);
  absl::Status status = absl::AbortedError(message);
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kErrorInfoTypeUrl);
  if (!payload.has_value()) return std::nullopt;
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) return std::nullopt;
  return info;
}

}  // namespace caseledger::app
