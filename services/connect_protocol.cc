#include "services/connect_protocol.h"

#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"

namespace caseledger::services::connect {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr absl::string_view kTypeUrlPrefix = "type.googleapis.com/";

// The JSON form of a packed detail, when its type is one this program knows.
std::optional<Struct> DebugFormOf(const google::protobuf::Any& detail) {
  const absl::string_view type_name = absl::StripPrefix(detail.type_url(), kTypeUrlPrefix);
  const google::protobuf::Descriptor* type =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          std::string(type_name));
  if (type == nullptr) return std::nullopt;
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  std::unique_ptr<google::protobuf::Message> message(prototype->New());
  std::string json;
  Struct debug;
  if (!message->ParseFromString(detail.value()) ||
      !google::protobuf::util::MessageToJsonString(*message, &json).ok() ||
      !google::protobuf::util::JsonStringToMessage(json, &debug).ok()) {
    return std::nullopt;
  }
  return debug;
}

Struct ErrorStruct(const grpc::Status& status) {
  Struct error;
  auto& fields = *error.mutable_fields();
  fields["code"].set_string_value(CodeName(status.error_code()));
  if (!status.error_message().empty()) {
    fields["message"].set_string_value(status.error_message());
  }
  google::rpc::Status carried;
  if (status.error_details().empty() || !carried.ParseFromString(status.error_details())) {
    return error;
  }
  auto& details = *fields["details"].mutable_list_value();
  for (const google::protobuf::Any& detail : carried.details()) {
    auto& entry = *details.add_values()->mutable_struct_value()->mutable_fields();
    entry["type"].set_string_value(
        std::string(absl::StripPrefix(detail.type_url(), kTypeUrlPrefix)));
    std::string value = absl::Base64Escape(detail.value());
    while (!value.empty() && value.back() == '=') value.pop_back();
    entry["value"].set_string_value(value);
    if (std::optional<Struct> debug = DebugFormOf(detail)) {
      *entry["debug"].mutable_struct_value() = *std::move(debug);
    }
  }
  return error;
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  // A Struct always prints.
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  return json;
}

}  // namespace

std::optional<ContentType> ParseContentType(absl::string_view header) {
  absl::string_view type = absl::StripAsciiWhitespace(header.substr(0, header.find(';')));
  if (absl::EqualsIgnoreCase(type, "application/proto")) return ContentType{Codec::kProto, false};
  if (absl::EqualsIgnoreCase(type, "application/json")) return ContentType{Codec::kJson, false};
  if (absl::EqualsIgnoreCase(type, "application/connect+proto")) {
    return ContentType{Codec::kProto, true};
  }
  if (absl::EqualsIgnoreCase(type, "application/connect+json")) {
    return ContentType{Codec::kJson, true};
  }
  return std::nullopt;
}

std::string ContentTypeOf(ContentType type) {
  const char* codec = type.codec == Codec::kJson ? "json" : "proto";
  return absl::StrCat("application/", type.streaming ? "connect+" : "", codec);
}

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "ok";
    case grpc::StatusCode::CANCELLED:
      return "canceled";
    case grpc::StatusCode::UNKNOWN:
      return "unknown";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "invalid_argument";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "deadline_exceeded";
    case grpc::StatusCode::NOT_FOUND:
      return "not_found";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "already_exists";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "permission_denied";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "resource_exhausted";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "failed_precondition";
    case grpc::StatusCode::ABORTED:
      return "aborted";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "out_of_range";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "unimplemented";
    case grpc::StatusCode::INTERNAL:
      return "internal";
    case grpc::StatusCode::UNAVAILABLE:
      return "unavailable";
    case grpc::StatusCode::DATA_LOSS:
      return "data_loss";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "unauthenticated";
    default:
      return "unknown";
  }
}

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    default:
      return 500;
  }
}

std::string ErrorJson(const grpc::Status& status) { return ToJson(ErrorStruct(status)); }

absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view header) {
  int64_t milliseconds = 0;
  if (header.empty() || header.size() > 10 ||
      !std::all_of(header.begin(), header.end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(header, &milliseconds)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Connect-Timeout-Ms must be a whole number of milliseconds of at most 10 digits, not '",
        absl::CHexEscape(header.substr(0, 32)), "'"));
  }
  return absl::Milliseconds(milliseconds);
}

std::string Envelope(uint8_t flags, absl::string_view message) {
  std::string frame;
  frame.reserve(5 + message.size());
  frame.push_back(static_cast<char>(flags));
  const uint32_t size = static_cast<uint32_t>(message.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    frame.push_back(static_cast<char>((size >> shift) & 0xff));
  }
  frame.append(message.data(), message.size());
  return frame;
}

std::string EndOfStream(const grpc::Status& status) {
  Struct end;
  if (!status.ok()) {
    *(*end.mutable_fields())["error"].mutable_struct_value() = ErrorStruct(status);
  }
  return Envelope(kEndOfStream, ToJson(end));
}

absl::StatusOr<std::vector<Frame>> ParseEnvelopes(absl::string_view body,
                                                  size_t max_message_bytes) {
  std::vector<Frame> frames;
  while (!body.empty()) {
    if (body.size() < 5) {
      return absl::InvalidArgumentError("the body ends inside a frame's 5-byte prefix");
    }
    size_t size = 0;
    for (int i = 1; i <= 4; ++i) size = (size << 8) | static_cast<uint8_t>(body[i]);
    if (size > max_message_bytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("a frame of ", size, " bytes is over the limit of ", max_message_bytes));
    }
    if (body.size() - 5 < size) {
      return absl::InvalidArgumentError(
          absl::StrCat("a frame says ", size, " bytes but the body holds ", body.size() - 5));
    }
    frames.push_back(Frame{static_cast<uint8_t>(body[0]), std::string(body.substr(5, size))});
    body.remove_prefix(5 + size);
  }
  return frames;
}

}  // namespace caseledger::services::connect
