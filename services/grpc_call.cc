#include "services/grpc_call.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace caseledger::services {

std::optional<std::string> GrpcHeaders::Find(absl::string_view name) const {
  const auto& metadata = context_.client_metadata();
  auto it = metadata.find(grpc::string_ref(name.data(), name.size()));
  if (it == metadata.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

absl::Time WaitDeadline(const grpc::CallbackServerContext& context, absl::Duration limit) {
  const absl::Time client = absl::FromChrono(context.deadline());
  return std::min(client, absl::Now() + limit);
}

}  // namespace caseledger::services
