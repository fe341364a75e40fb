#include "base/encoded_fields.h"

#include <utility>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/wire_format_lite.h"

namespace caseledger {

void AddEncoded(google::protobuf::Message& message, int field_number, std::string encoded) {
  google::protobuf::UnknownFieldSet* fields =
      message.GetReflection()->MutableUnknownFields(&message);
  *fields->AddLengthDelimited(field_number) = std::move(encoded);
}

bool WellFormed(absl::string_view encoded) {
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(encoded.data()),
                                               static_cast<int>(encoded.size()));
  // Also stops early at a zero tag or a group's end tag, which a whole message may not hold.
  return google::protobuf::internal::WireFormatLite::SkipMessage(&input) &&
         input.ConsumedEntireMessage();
}

}  // namespace caseledger
