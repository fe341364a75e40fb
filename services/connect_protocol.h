#pragma once

// The Connect protocol's wire rules (https://connectrpc.com/docs/protocol), as pure functions:
// error codes and their HTTP statuses, the JSON error body, the envelopes of a stream, and
// what a request's headers say. No I/O; the HTTP server and the gateway use them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace caseledger::services::connect {

// How a message travels: Protobuf's binary encoding or its JSON mapping.
enum class Codec { kProto, kJson };

// The message codec of a unary call's Content-Type (application/proto, application/json with
// an optional charset) or of a streaming call's (application/connect+proto, +json).
// nullopt for any other type.
struct ContentType {
  Codec codec;
  bool streaming;
};
std::optional<ContentType> ParseContentType(absl::string_view header);
// The Content-Type that answers in `type`'s codec and kind.
std::string ContentTypeOf(ContentType type);

// "invalid_argument" for INVALID_ARGUMENT, and so on; "unknown" for a code outside gRPC's.
std::string CodeName(grpc::StatusCode code);
// The HTTP status a unary error with `code` is answered with.
int HttpStatusOf(grpc::StatusCode code);

// The JSON error body of `status`: {"code", "message", "details"}; each detail of a
// google.rpc.Status carried in the status's details becomes {"type", "value" (base64 without
// padding), "debug" (its JSON form)}.
std::string ErrorJson(const grpc::Status& status);

// A Connect-Timeout-Ms header: at most 10 digits, in milliseconds. INVALID_ARGUMENT otherwise.
absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view header);

// The frame of one message in a stream: a flags byte, the length (4 bytes, big-endian), the
// message.
inline constexpr uint8_t kEndOfStream = 0x02;
inline constexpr uint8_t kCompressed = 0x01;
std::string Envelope(uint8_t flags, absl::string_view message);
// The end of a stream: {"error": ErrorJson(status)} or {} for OK.
std::string EndOfStream(const grpc::Status& status);

struct Frame {
  uint8_t flags = 0;
  std::string message;
};
// The frames of a whole body. INVALID_ARGUMENT when it ends inside a frame or a frame is
// longer than `max_message_bytes`.
absl::StatusOr<std::vector<Frame>> ParseEnvelopes(absl::string_view body, size_t max_message_bytes);

}  // namespace caseledger::services::connect
