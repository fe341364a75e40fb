#pragma once

// Finds the fields marked `(caseledger.v1.personal) = true` in any message, at any depth,
// by reflection, so sealing and erasure follow the schema's marks and nothing else.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace caseledger::domain {

// What a personal field reads once its data subject is erased.
inline constexpr char kErased[] = "[erased]";

struct PersonalValue {
  // Field numbers from the top message down: "13.2.3", or "13.2.4[1]" for an element of a
  // repeated field. Numbers, not names, so renaming a field keeps old paths valid.
  std::string path;
  std::string value;
};

// Takes every non-empty personal field out of `message` (leaving it empty) and returns
// them, in field-number order.
std::vector<PersonalValue> TakePersonal(google::protobuf::Message& message);

// Puts `values` back at their paths. DATA_LOSS when a path does not name a personal field
// of `message` as it stands.
absl::Status PutPersonal(google::protobuf::Message& message,
                         const std::vector<PersonalValue>& values);

// Sets every non-empty personal field of `message` to kErased.
void ErasePersonal(google::protobuf::Message& message);

}  // namespace caseledger::domain
