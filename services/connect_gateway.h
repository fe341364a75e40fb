#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace caseledger::services {

// A Connect call as it came over HTTP.
struct ConnectRequest {
  // The path: "/caseledger.v1.Caseload/GetCase".
  std::string procedure;
  std::string content_type;
  // Every header, names in lower case.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// What goes back: a status, a Content-Type and a body.
struct ConnectAnswer {
  int http_status = 200;
  std::string content_type;
  std::string body;
};

struct GatewayOptions {
  // The largest request message taken, as gRPC's default receive limit.
  size_t max_message_bytes = 4 << 20;
  // The deadline of a call that gives no Connect-Timeout-Ms, and the longest one may ask.
  absl::Duration default_deadline = absl::Seconds(60);
  absl::Duration max_deadline = absl::Minutes(10);
  // Messages of a stream decoded ahead of the HTTP client.
  size_t stream_buffer = 64;
};

class ConnectStream;

// Serves caseledger's gRPC services over the Connect protocol by calling them, message for
// message, on a channel to the same gRPC server (in process): so every call meets the same
// authenticator, role table, access recording, handlers and metrics as a gRPC call, and no rule
// exists twice. Forwards `authorization` and `x-caseledger-*` headers as metadata. Unary calls
// and server streams; JSON (proto3's mapping) or binary Protobuf. Thread-safe.
class ConnectGateway {
 public:
  ConnectGateway(std::shared_ptr<grpc::Channel> channel, GatewayOptions options);
  ~ConnectGateway();

  // True when `procedure` names a server-streaming method this gateway serves.
  bool IsStreaming(const std::string& procedure) const;

  // Calls a unary method and waits for its answer: the response message, or a Connect error.
  ConnectAnswer Unary(const ConnectRequest& request);

  // Starts a server stream. On a refusal before any message (an unknown procedure, a bad body
  // or header), nullptr with the error answer in `*refused`.
  std::unique_ptr<ConnectStream> OpenStream(const ConnectRequest& request, ConnectAnswer* refused);

 private:
  struct Call;
  std::shared_ptr<grpc::Channel> channel_;
  GatewayOptions options_;
};

// One server stream in flight. Destroying it cancels the call and waits for it to end.
class ConnectStream {
 public:
  virtual ~ConnectStream() = default;
  // The next frame to write (a message, or the end of the stream), waiting up to `wait`;
  // nullopt when none came in that time. After the end-of-stream frame, `finished()`.
  virtual std::optional<std::string> Next(absl::Duration wait) = 0;
  virtual bool finished() const = 0;
  // Ends the call early (the client went away, or the server stops). Thread-safe.
  virtual void Cancel() = 0;
};

}  // namespace caseledger::services
