#include "fuzz/message_filler.h"

#include <cstdint>
#include <limits>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "google/protobuf/timestamp.pb.h"

namespace caseledger::fuzz {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMaxDepth = 4;
constexpr size_t kMaxRepeated = 3;

std::string AString(FuzzInput& input, const FillChoices& choices) {
  switch (input.Below(8)) {
    case 0:
    case 1:
    case 2:
      return choices.words.empty() ? "" : choices.words[input.Below(choices.words.size())];
    case 3: {
      // Just under, at and over the limits on ids, short texts and texts.
      static constexpr size_t kSizes[] = {0, 1, 127, 128, 129, 1024, 1025, 32768, 32769};
      return std::string(kSizes[input.Below(std::size(kSizes))], 'a');
    }
    case 4: {
      static const char* const kOdd[] = {" ",
                                         "\t\n",
                                         "a\x01"
                                         "b",
                                         "c1\x7f",
                                         "..",
                                         "-",
                                         ":",
                                         "n\xc3\xa9",
                                         "caseledger:x"};
      return kOdd[input.Below(std::size(kOdd))];
    }
    default:
      return input.Bytes(24);
  }
}

int64_t AnInteger(FuzzInput& input, int64_t low, int64_t high) {
  switch (input.Below(6)) {
    case 0:
      return 0;
    case 1:
      return 1;
    case 2:
      return low;
    case 3:
      return high;
    case 4:
      return static_cast<int64_t>(input.Below(40)) - 5;
    default: {
      const uint64_t span = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
      const uint64_t drawn = input.U64();
      return static_cast<int64_t>(static_cast<uint64_t>(low) +
                                  (span == UINT64_MAX ? drawn : drawn % (span + 1)));
    }
  }
}

double ADouble(FuzzInput& input) {
  static constexpr double kEdges[] = {0,
                                      1,
                                      -1,
                                      0.5,
                                      3,
                                      7,
                                      100,
                                      1e300,
                                      -0.0,
                                      std::numeric_limits<double>::infinity(),
                                      std::numeric_limits<double>::quiet_NaN()};
  return kEdges[input.Below(std::size(kEdges))];
}

void FillTime(FuzzInput& input, const FillChoices& choices, google::protobuf::Timestamp& time) {
  if (input.Below(8) == 0) {
    // Out of a Timestamp's range or not a time at all.
    static constexpr int64_t kSeconds[] = {-62135596801, 253402300800, INT64_MAX, INT64_MIN};
    time.set_seconds(kSeconds[input.Below(std::size(kSeconds))]);
    time.set_nanos(input.Bool() ? -1 : 1000000000);
    return;
  }
  const int64_t days = static_cast<int64_t>(input.Below(801)) - 400;
  const int64_t seconds =
      absl::ToUnixSeconds(choices.now) + days * 86400 + static_cast<int64_t>(input.Below(86400));
  time.set_seconds(seconds);
  time.set_nanos(0);
}

void Fill(FuzzInput& input, const FillChoices& choices, Message& message, int depth);

// One value of `field` (its repeated form adds one).
void FillField(FuzzInput& input, const FillChoices& choices, Message& message,
               const FieldDescriptor& field, int depth) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = AString(input, choices);
      repeated ? r.AddString(&message, &field, std::move(value))
               : r.SetString(&message, &field, std::move(value));
      return;
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      const auto v = static_cast<int32_t>(AnInteger(input, INT32_MIN, INT32_MAX));
      repeated ? r.AddInt32(&message, &field, v) : r.SetInt32(&message, &field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      const int64_t v = AnInteger(input, INT64_MIN, INT64_MAX);
      repeated ? r.AddInt64(&message, &field, v) : r.SetInt64(&message, &field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      const auto v = static_cast<uint32_t>(AnInteger(input, 0, UINT32_MAX));
      repeated ? r.AddUInt32(&message, &field, v) : r.SetUInt32(&message, &field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      const auto v = static_cast<uint64_t>(AnInteger(input, INT64_MIN, INT64_MAX));
      repeated ? r.AddUInt64(&message, &field, v) : r.SetUInt64(&message, &field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      const double v = ADouble(input);
      repeated ? r.AddDouble(&message, &field, v) : r.SetDouble(&message, &field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      const auto v = static_cast<float>(ADouble(input));
      repeated ? r.AddFloat(&message, &field, v) : r.SetFloat(&message, &field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const bool v = input.Bool();
      repeated ? r.AddBool(&message, &field, v) : r.SetBool(&message, &field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumDescriptor& type = *field.enum_type();
      // Mostly a declared value; now and then a number the enum does not have.
      const int v = input.Below(8) == 0
                        ? static_cast<int>(input.Below(200)) + type.value_count()
                        : type.value(static_cast<int>(input.Below(type.value_count())))->number();
      repeated ? r.AddEnumValue(&message, &field, v) : r.SetEnumValue(&message, &field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* inner =
          repeated ? r.AddMessage(&message, &field) : r.MutableMessage(&message, &field);
      if (auto* time = dynamic_cast<google::protobuf::Timestamp*>(inner)) {
        FillTime(input, choices, *time);
      } else if (depth < kMaxDepth) {
        Fill(input, choices, *inner, depth + 1);
      }
      return;
    }
  }
}

void Fill(FuzzInput& input, const FillChoices& choices, Message& message, int depth) {
  const google::protobuf::Descriptor& type = *message.GetDescriptor();
  for (int i = 0; i < type.field_count() && !input.empty(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (field.is_map()) continue;
    if (field.is_repeated()) {
      const size_t count = input.Below(kMaxRepeated + 1);
      for (size_t n = 0; n < count; ++n) FillField(input, choices, message, field, depth);
    } else if (input.Bool()) {
      FillField(input, choices, message, field, depth);
    }
  }
}

}  // namespace

void FillMessage(FuzzInput& input, const FillChoices& choices, Message& message) {
  Fill(input, choices, message, 0);
}

}  // namespace caseledger::fuzz
