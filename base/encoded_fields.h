#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace caseledger {

// Adds `encoded`, one message already serialized, to the repeated message field numbered
// `field_number` of `message`. Protobuf keeps it as a field it does not know and writes it
// out unchanged when `message` is serialized, so sending it costs a copy of its bytes rather
// than encoding it again; the receiver reads an ordinary element of the field. Add every
// element of the field this way or none (they are written after the known fields). Reading
// the field in this process does not show them: read `message`'s serialized bytes instead.
void AddEncoded(google::protobuf::Message& message, int field_number, std::string encoded);

// Whether `encoded` is a well-formed protobuf encoding: every field's tag, length and value
// within the bytes. Reads them through without building a message, so it costs far less than
// parsing; it does not check the fields against a message type.
bool WellFormed(absl::string_view encoded);

}  // namespace caseledger
