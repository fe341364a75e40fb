#pragma once

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace caseledger {

google::protobuf::Timestamp ToProto(absl::Time t);
absl::Time FromProto(const google::protobuf::Timestamp& t);

}  // namespace caseledger
