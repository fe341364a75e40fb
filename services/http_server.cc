#include "services/http_server.h"

#include <httplib.h>

#include <algorithm>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "services/connect_protocol.h"
#include "services/console_files.h"

namespace caseledger::services {
namespace {

// The console's pages load only what this server sends, run no inline script or style, and are
// shown in no frame; nothing is sniffed, nothing leaks in a Referer.
httplib::Headers SecurityHeaders(bool tls) {
  httplib::Headers headers = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; "
       "base-uri 'none'; form-action 'self'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
  };
  if (tls) headers.emplace("Strict-Transport-Security", "max-age=31536000");
  return headers;
}

// What a browser may send across origins, when an origin is allowed at all.
constexpr char kAllowedHeaders[] =
    "Content-Type, Connect-Protocol-Version, Connect-Timeout-Ms, Authorization, "
    "X-Caseledger-Actor, X-Caseledger-Role, X-Caseledger-Team, X-Caseledger-Org, X-User-Agent";

// The Connect error of an answer httplib made itself (a body too large, a bad request line).
grpc::StatusCode CodeOfHttpStatus(int status) {
  switch (status) {
    case 400:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case 401:
      return grpc::StatusCode::UNAUTHENTICATED;
    case 403:
      return grpc::StatusCode::PERMISSION_DENIED;
    case 404:
      return grpc::StatusCode::NOT_FOUND;
    case 413:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case 405:
    case 415:
    case 501:
      return grpc::StatusCode::UNIMPLEMENTED;
    default:
      return grpc::StatusCode::UNKNOWN;
  }
}

ConnectRequest RequestOf(const httplib::Request& http) {
  ConnectRequest request;
  request.procedure = http.path;
  request.content_type = http.get_header_value("Content-Type");
  for (const auto& [name, value] : http.headers) {
    request.headers.emplace_back(absl::AsciiStrToLower(name), value);
  }
  request.body = http.body;
  return request;
}

}  // namespace

HttpServer::HttpServer(const HttpOptions& options, ConnectGateway& gateway, bool tls)
    : options_(options), gateway_(gateway) {
  if (tls) {
    const TransportOptions& t = options.transport;
    http_ = std::make_unique<httplib::SSLServer>(
        t.tls_cert_file.c_str(), t.tls_key_file.c_str(),
        t.tls_client_ca_file.empty() ? nullptr : t.tls_client_ca_file.c_str());
  } else {
    http_ = std::make_unique<httplib::Server>();
  }
  http_->set_default_headers(SecurityHeaders(tls));
}

HttpServer::~HttpServer() { Stop(); }

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpOptions& options,
                                                              ConnectGateway& gateway) {
  const size_t colon = options.listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(options.listen.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("the HTTP address must be host:port, not '", options.listen, "'"));
  }
  const std::string host = options.listen.substr(0, colon);
  absl::StatusOr<bool> tls = UsesTls(host, options.transport);
  if (!tls.ok()) return tls.status();
  for (const std::string* file : {&options.transport.tls_cert_file, &options.transport.tls_key_file,
                                  &options.transport.tls_client_ca_file}) {
    if (!file->empty() && !std::filesystem::is_regular_file(*file)) {
      return absl::NotFoundError(absl::StrCat("cannot read ", *file));
    }
  }
  if (!options.console_dir.empty() &&
      !std::filesystem::is_regular_file(options.console_dir + "/index.html")) {
    return absl::NotFoundError(absl::StrCat("--console-dir ", options.console_dir,
                                            " holds no index.html: build the console first"));
  }
  auto server = std::unique_ptr<HttpServer>(new HttpServer(options, gateway, *tls));
  if (!server->http_->is_valid()) {
    return absl::InvalidArgumentError("the TLS certificate, key or client CA cannot be used");
  }
  server->Route();
  // httplib takes a bare IPv6 address.
  const std::string bind_host(absl::StripSuffix(absl::StripPrefix(host, "["), "]"));
  if (port == 0) {
    port = server->http_->bind_to_any_port(bind_host);
  } else if (!server->http_->bind_to_port(bind_host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen,
                                               " for HTTP: the address is in use or not local"));
  }
  server->port_ = port;
  server->serving_ = std::thread([http = server->http_.get()] { http->listen_after_bind(); });
  // httplib's stop() ends only a server already running: one stopped before its thread began
  // would then serve for ever. The port is bound, so this is a matter of the thread starting.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!server->http_->is_running()) {
    if (absl::Now() > deadline) {
      server->Stop();
      return absl::UnavailableError(
          absl::StrCat("the HTTP server on ", options.listen, " did not start serving"));
    }
    absl::SleepFor(absl::Milliseconds(1));
  }
  return server;
}

void HttpServer::Route() {
  const int threads = std::max(options_.threads, 2);
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // The largest message and its stream frame; the gateway names the limit when it is passed.
  http_->set_payload_max_length(GatewayOptions().max_message_bytes + 5);
  // A console re-reads its lists every few seconds: it keeps its connections.
  http_->set_keep_alive_max_count(1000);
  http_->set_keep_alive_timeout(10);
  http_->set_read_timeout(30, 0);
  http_->set_write_timeout(30, 0);

  http_->Options(".*", [this](const httplib::Request& request, httplib::Response& response) {
    const std::string origin = request.get_header_value("Origin");
    const auto& allowed = options_.allowed_origins;
    if (origin.empty() || std::find(allowed.begin(), allowed.end(), origin) == allowed.end()) {
      response.status = 403;
      return;
    }
    response.status = 204;
    response.set_header("Access-Control-Allow-Origin", origin);
    response.set_header("Access-Control-Allow-Methods", "POST");
    response.set_header("Access-Control-Allow-Headers", kAllowedHeaders);
    response.set_header("Access-Control-Max-Age", "7200");
    response.set_header("Vary", "Origin");
  });

  http_->Post(".*", [this](const httplib::Request& request, httplib::Response& response) {
    const std::string origin = request.get_header_value("Origin");
    const auto& allowed = options_.allowed_origins;
    if (!origin.empty() && std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) {
      response.set_header("Access-Control-Allow-Origin", origin);
      response.set_header("Vary", "Origin");
    }
    response.set_header("Cache-Control", "no-store");
    ConnectRequest call = RequestOf(request);
    if (!gateway_.IsStreaming(call.procedure)) {
      ConnectAnswer answer = gateway_.Unary(call);
      response.status = answer.http_status;
      response.set_content(answer.body, answer.content_type);
      return;
    }
    ConnectAnswer refused;
    std::shared_ptr<ConnectStream> stream = gateway_.OpenStream(call, &refused);
    if (stream == nullptr) {
      response.status = refused.http_status;
      response.set_content(refused.body, refused.content_type);
      return;
    }
    const std::string content_type = connect::ContentTypeOf(
        connect::ParseContentType(call.content_type).value_or(connect::ContentType{}));
    response.status = 200;
    if (!Admit(stream.get())) {
      response.set_content(connect::EndOfStream(grpc::Status(
                               grpc::StatusCode::RESOURCE_EXHAUSTED,
                               absl::StrCat("this server serves at most ", options_.max_streams,
                                            " streams over HTTP at once: try again later"))),
                           content_type);
      return;
    }
    response.set_chunked_content_provider(
        content_type,
        [stream](size_t, httplib::DataSink& sink) {
          std::optional<std::string> frame = stream->Next(absl::Seconds(1));
          if (!frame.has_value()) return sink.is_writable();
          if (!sink.write(frame->data(), frame->size())) return false;
          if (stream->finished()) sink.done();
          return true;
        },
        [this, stream](bool) {
          stream->Cancel();
          Release(stream.get());
        });
  });

  http_->Get(".*", [this](const httplib::Request& request, httplib::Response& response) {
    if (connect::FindProcedure(request.path) != nullptr) {
      response.status = 405;
      response.set_header("Allow", "POST");
      response.set_content(connect::ErrorJson(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                                           "Connect calls are POSTed here")),
                           "application/json");
      return;
    }
    std::optional<ConsoleFile> file = FindConsoleFile(options_.console_dir, request.path);
    if (!file.has_value()) {
      response.status = 404;
      response.set_content("not found\n", "text/plain; charset=utf-8");
      return;
    }
    response.set_header("Cache-Control",
                        file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.set_content(std::move(file->body), file->content_type);
  });

  http_->set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    const grpc::StatusCode code = CodeOfHttpStatus(response.status);
    const std::string message = response.status == 413
                                    ? absl::StrCat("the request is over the limit of ",
                                                   GatewayOptions().max_message_bytes, " bytes")
                                    : absl::StrCat("HTTP ", response.status);
    response.set_content(connect::ErrorJson(grpc::Status(code, message)), "application/json");
  });
}

bool HttpServer::Admit(ConnectStream* stream) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || streams_.size() >= static_cast<size_t>(options_.max_streams)) return false;
  streams_.insert(stream);
  return true;
}

void HttpServer::Release(ConnectStream* stream) {
  absl::MutexLock lock(&mu_);
  streams_.erase(stream);
}

void HttpServer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
    for (ConnectStream* stream : streams_) stream->Cancel();
  }
  http_->stop();
  if (serving_.joinable()) serving_.join();
}

}  // namespace caseledger::services
