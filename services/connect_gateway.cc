#include "services/connect_gateway.h"

#include <deque>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/client_callback.h"
#include "services/connect_protocol.h"

namespace caseledger::services {
namespace {

using google::protobuf::MethodDescriptor;

grpc::Status ToGrpc(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

ConnectAnswer ErrorAnswer(const grpc::Status& status, int http_status = 0) {
  return ConnectAnswer{http_status != 0 ? http_status : connect::HttpStatusOf(status.error_code()),
                       "application/json", connect::ErrorJson(status)};
}

// The method `procedure` ("/package.Service/Method") names among the services this server
// offers over Connect: caseledger's own and the health service.
const MethodDescriptor* FindMethod(absl::string_view procedure) {
  if (procedure.size() < 4 || procedure[0] != '/') return nullptr;
  const size_t slash = procedure.find('/', 1);
  if (slash == absl::string_view::npos) return nullptr;
  const std::string service(procedure.substr(1, slash - 1));
  if (!absl::StartsWith(service, "caseledger.v1.") && service != "grpc.health.v1.Health") {
    return nullptr;
  }
  const google::protobuf::ServiceDescriptor* found =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
  if (found == nullptr) return nullptr;
  const MethodDescriptor* method =
      found->FindMethodByName(std::string(procedure.substr(slash + 1)));
  if (method == nullptr || method->client_streaming()) return nullptr;
  return method;
}

std::unique_ptr<google::protobuf::Message> NewMessage(const google::protobuf::Descriptor* type) {
  return std::unique_ptr<google::protobuf::Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

// A request message in `codec` as the bytes gRPC carries, checked against its type.
absl::StatusOr<std::string> DecodeRequest(const MethodDescriptor& method, connect::Codec codec,
                                          const std::string& message) {
  std::unique_ptr<google::protobuf::Message> request = NewMessage(method.input_type());
  if (codec == connect::Codec::kProto) {
    if (!request->ParseFromString(message)) {
      return absl::InvalidArgumentError(
          absl::StrCat("the body is not a binary ", method.input_type()->full_name()));
    }
    return message;
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (auto parsed = google::protobuf::util::JsonStringToMessage(message, request.get(), options);
      !parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("the body is not a JSON ",
                                                   method.input_type()->full_name(), ": ",
                                                   parsed.message().as_string()));
  }
  return request->SerializeAsString();
}

// A response message from gRPC's bytes into `codec`.
absl::StatusOr<std::string> EncodeResponse(const MethodDescriptor& method, connect::Codec codec,
                                           const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return absl::InternalError("cannot read the answer");
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  if (codec == connect::Codec::kProto) return bytes;
  std::unique_ptr<google::protobuf::Message> response = NewMessage(method.output_type());
  std::string json;
  if (!response->ParseFromString(bytes) ||
      !google::protobuf::util::MessageToJsonString(*response, &json).ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print the answer as JSON ", method.output_type()->full_name()));
  }
  return json;
}

// Headers that carry who is calling: forwarded to the gRPC service as metadata.
bool IsForwarded(absl::string_view name) {
  return name == "authorization" || absl::StartsWith(name, "x-caseledger-");
}

bool IsPrintable(absl::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

}  // namespace

// A call checked and ready to start: its method, codec, request bytes and context.
struct ConnectGateway::Call {
  const MethodDescriptor* method = nullptr;
  connect::ContentType type;
  grpc::ByteBuffer request;
  std::unique_ptr<grpc::ClientContext> context = std::make_unique<grpc::ClientContext>();
  std::string path;

  // Checks `incoming` and prepares its call; the error answer when it is refused.
  static absl::StatusOr<Call> Prepare(const ConnectRequest& incoming, bool streaming,
                                      const GatewayOptions& options, ConnectAnswer* refused) {
    Call call;
    call.method = FindMethod(incoming.procedure);
    if (call.method == nullptr || call.method->server_streaming() != streaming) {
      *refused = ErrorAnswer(
          grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                       absl::StrCat("no unary or server-streaming procedure ",
                                    incoming.procedure.substr(0, 200), " is served here")),
          404);
      return absl::NotFoundError("no such procedure");
    }
    std::optional<connect::ContentType> type = connect::ParseContentType(incoming.content_type);
    if (!type.has_value() || type->streaming != streaming) {
      *refused = ErrorAnswer(
          grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                       absl::StrCat("Content-Type must be ",
                                    streaming ? "application/connect+json or +proto"
                                              : "application/json or application/proto",
                                    ", not '", incoming.content_type.substr(0, 100), "'")),
          415);
      return absl::InvalidArgumentError("content type");
    }
    call.type = *type;
    call.path = incoming.procedure;
    absl::Status checked = call.TakeHeaders(incoming, streaming, options);
    absl::StatusOr<std::string> message = checked.ok() ? call.Message(incoming, options) : checked;
    if (message.ok()) message = DecodeRequest(*call.method, call.type.codec, *message);
    if (!message.ok()) {
      // A stream answers 200 and says why it ended in its last frame.
      *refused = streaming ? ConnectAnswer{200, connect::ContentTypeOf(call.type),
                                           connect::EndOfStream(ToGrpc(message.status()))}
                           : ErrorAnswer(ToGrpc(message.status()));
      return message.status();
    }
    grpc::Slice slice(*message);
    call.request = grpc::ByteBuffer(&slice, 1);
    return call;
  }

 private:
  absl::Status TakeHeaders(const ConnectRequest& incoming, bool streaming,
                           const GatewayOptions& options) {
    std::optional<absl::Duration> timeout;
    for (const auto& [name, value] : incoming.headers) {
      if (name == "content-encoding" || name == "connect-content-encoding") {
        // The HTTP server has already decoded gzip and br bodies.
        if (value != "identity" && value != "gzip" && value != "br") {
          return absl::UnimplementedError(absl::StrCat(name, " ", value.substr(0, 40),
                                                       " is not supported: gzip, br or identity"));
        }
      } else if (name == "connect-timeout-ms") {
        absl::StatusOr<absl::Duration> parsed = connect::ParseTimeout(value);
        if (!parsed.ok()) return parsed.status();
        timeout = *parsed;
      } else if (IsForwarded(name)) {
        if (!IsPrintable(value)) {
          return absl::InvalidArgumentError(
              absl::StrCat("the header ", name, " holds a byte that is not printable ASCII"));
        }
        context->AddMetadata(name, value);
      }
    }
    if (timeout.has_value()) {
      context->set_deadline(
          absl::ToChronoTime(absl::Now() + std::min(*timeout, options.max_deadline)));
    } else if (!streaming) {
      context->set_deadline(absl::ToChronoTime(absl::Now() + options.default_deadline));
    }
    return absl::OkStatus();
  }

  // The request message: the body of a unary call, the one frame of a stream's.
  absl::StatusOr<std::string> Message(const ConnectRequest& incoming,
                                      const GatewayOptions& options) const {
    if (!type.streaming) {
      if (incoming.body.size() > options.max_message_bytes) {
        return absl::ResourceExhaustedError(absl::StrCat("the request of ", incoming.body.size(),
                                                         " bytes is over the limit of ",
                                                         options.max_message_bytes));
      }
      return incoming.body;
    }
    absl::StatusOr<std::vector<connect::Frame>> frames =
        connect::ParseEnvelopes(incoming.body, options.max_message_bytes);
    if (!frames.ok()) return frames.status();
    if (frames->size() != 1 || (*frames)[0].flags != 0) {
      return absl::InvalidArgumentError(
          "a server stream's request is one uncompressed message in one frame");
    }
    return std::move((*frames)[0].message);
  }
};

namespace {

// A server stream read ahead into frames, up to a bound, while the HTTP side writes them.
class StreamCall final : public ConnectStream,
                         public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  StreamCall(const MethodDescriptor& method, connect::Codec codec, size_t buffer)
      : method_(method), codec_(codec), buffer_(buffer) {}

  ~StreamCall() override {
    Cancel();
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&done_));
  }

  void Begin(std::shared_ptr<grpc::Channel> channel, std::unique_ptr<grpc::ClientContext> context,
             grpc::ByteBuffer request, const std::string& path) {
    context_ = std::move(context);
    request_ = std::move(request);
    grpc::GenericStub stub(std::move(channel));
    stub.PrepareBidiStreamingCall(context_.get(), path, grpc::StubOptions(), this);
    StartWriteLast(&request_, grpc::WriteOptions());
    reading_ = true;
    StartRead(&incoming_);
    StartCall();
  }

  std::optional<std::string> Next(absl::Duration wait) override {
    bool read_more = false;
    std::optional<std::string> frame;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]()
                       ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !frames_.empty() || done_; };
      mu_.AwaitWithTimeout(absl::Condition(&ready), wait);
      if (!frames_.empty()) {
        frame = std::move(frames_.front());
        frames_.pop_front();
        if (!reading_ && !read_ended_ && !done_) read_more = reading_ = true;
      } else if (done_ && !finished_) {
        finished_ = true;
        frame = connect::EndOfStream(ending_.ok() ? status_ : ending_);
      }
    }
    if (read_more) StartRead(&incoming_);
    return frame;
  }

  bool finished() const override {
    absl::MutexLock lock(&mu_);
    return finished_;
  }

  void Cancel() override {
    if (context_ != nullptr) context_->TryCancel();
  }

  void OnReadDone(bool ok) override {
    bool read_more = false;
    {
      absl::MutexLock lock(&mu_);
      if (!ok) {
        reading_ = false;
        read_ended_ = true;
        return;
      }
      absl::StatusOr<std::string> message = EncodeResponse(method_, codec_, incoming_);
      if (!message.ok()) {
        ending_ = ToGrpc(message.status());
        reading_ = false;
        read_ended_ = true;
      } else {
        frames_.push_back(connect::Envelope(0, *message));
        read_more = frames_.size() < buffer_;
        reading_ = read_more;
      }
    }
    if (read_more) {
      StartRead(&incoming_);
    } else if (!ending_.ok()) {
      Cancel();
    }
  }

  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
  }

 private:
  const MethodDescriptor& method_;
  const connect::Codec codec_;
  const size_t buffer_;
  std::unique_ptr<grpc::ClientContext> context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer incoming_;

  mutable absl::Mutex mu_;
  std::deque<std::string> frames_ ABSL_GUARDED_BY(mu_);
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  bool read_ended_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  // Set when an answer could not be encoded: the stream ends with it.
  grpc::Status ending_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

ConnectGateway::ConnectGateway(std::shared_ptr<grpc::Channel> channel, GatewayOptions options)
    : channel_(std::move(channel)), options_(options) {}

ConnectGateway::~ConnectGateway() = default;

bool ConnectGateway::IsStreaming(const std::string& procedure) const {
  const MethodDescriptor* method = FindMethod(procedure);
  return method != nullptr && method->server_streaming();
}

ConnectAnswer ConnectGateway::Unary(const ConnectRequest& request) {
  ConnectAnswer answer;
  absl::StatusOr<Call> call = Call::Prepare(request, /*streaming=*/false, options_, &answer);
  if (!call.ok()) return answer;
  grpc::GenericStub stub(channel_);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(call->context.get(), call->path, grpc::StubOptions(), &call->request, &response,
                 [&](grpc::Status finished) {
                   status = std::move(finished);
                   done.Notify();
                 });
  done.WaitForNotification();
  if (!status.ok()) return ErrorAnswer(status);
  absl::StatusOr<std::string> body = EncodeResponse(*call->method, call->type.codec, response);
  if (!body.ok()) return ErrorAnswer(ToGrpc(body.status()));
  return ConnectAnswer{200, connect::ContentTypeOf(call->type), *std::move(body)};
}

std::unique_ptr<ConnectStream> ConnectGateway::OpenStream(const ConnectRequest& request,
                                                          ConnectAnswer* refused) {
  absl::StatusOr<Call> call = Call::Prepare(request, /*streaming=*/true, options_, refused);
  if (!call.ok()) return nullptr;
  auto stream =
      std::make_unique<StreamCall>(*call->method, call->type.codec, options_.stream_buffer);
  stream->Begin(channel_, std::move(call->context), std::move(call->request), call->path);
  return stream;
}

}  // namespace caseledger::services
