#include "base/encoded_fields.h"

#include <utility>

#include "google/protobuf/unknown_field_set.h"

namespace caseledger {

void AddEncoded(google::protobuf::Message& message, int field_number, std::string encoded) {
  google::protobuf::UnknownFieldSet* fields =
      message.GetReflection()->MutableUnknownFields(&message);
  *fields->AddLengthDelimited(field_number) = std::move(encoded);
}

}  // namespace caseledger
