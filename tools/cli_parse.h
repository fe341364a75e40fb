#pragma once

// Turning what a person types into API values; a bad value throws Failure naming the flag.

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/timestamp.pb.h"
#include "tools/cli_failure.h"

namespace caseledger::cli {

// "face-to-face" -> FACE_TO_FACE, for any caseledger enum; the choices when unknown.
template <typename E>
E ParseEnum(const std::string& flag, const std::string& text) {
  const google::protobuf::EnumDescriptor* descriptor = google::protobuf::GetEnumDescriptor<E>();
  const std::string name =
      absl::AsciiStrToUpper(absl::StrReplaceAll(text, {{"-", "_"}, {" ", "_"}}));
  const google::protobuf::EnumValueDescriptor* value = descriptor->FindValueByName(name);
  if (value != nullptr && value->number() != 0) return static_cast<E>(value->number());
  std::vector<std::string> choices;
  for (int i = 1; i < descriptor->value_count(); ++i) {
    choices.push_back(
        absl::AsciiStrToLower(absl::StrReplaceAll(descriptor->value(i)->name(), {{"_", "-"}})));
  }
  throw Failure{absl::StrCat(flag, ": '", text, "' is not one of ", absl::StrJoin(choices, ", "))};
}

// The lower-case, dashed name of an enum value: FACE_TO_FACE -> face-to-face.
template <typename E>
std::string EnumLabel(E value) {
  const auto* v = google::protobuf::GetEnumDescriptor<E>()->FindValueByNumber(value);
  if (v == nullptr || v->number() == 0) return "-";
  return absl::AsciiStrToLower(absl::StrReplaceAll(v->name(), {{"_", "-"}}));
}

// YYYY-MM-DD (midnight UTC), an RFC 3339 time, "now", or "now" less or plus days: "-30d", "+7d".
absl::Time ParseTime(const std::string& flag, const std::string& text, absl::Time now);

// "2026-03-02 09:00" in UTC; "-" for an unset time.
std::string FormatTime(const google::protobuf::Timestamp& t);

}  // namespace caseledger::cli
