#include "tools/cli_client.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"

namespace caseledger::cli {
namespace {

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    default:
      return "ERROR";
  }
}

}  // namespace

std::shared_ptr<grpc::ChannelCredentials> CredentialsFor(const Connection& connection) {
  if (connection.tls_ca.empty()) return grpc::InsecureChannelCredentials();
  auto read = [](const std::string& path, const char* flag) {
    std::ifstream in(path);
    if (!in) throw Failure{absl::StrCat(flag, ": cannot read ", path)};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = read(connection.tls_ca, "--tls-ca");
  if (!connection.tls_cert.empty())
    options.pem_cert_chain = read(connection.tls_cert, "--tls-cert");
  if (!connection.tls_key.empty()) options.pem_private_key = read(connection.tls_key, "--tls-key");
  return grpc::SslCredentials(options);
}

Client::Client(Connection connection) : connection_(std::move(connection)) {
  auto channel = grpc::CreateChannel(connection_.server, CredentialsFor(connection_));
  cases_ = v1::CaseCommands::NewStub(channel);
  policies_ = v1::PolicyCommands::NewStub(channel);
  caseload_ = v1::Caseload::NewStub(channel);
  audit_ = v1::Audit::NewStub(channel);
  subjects_ = v1::Subjects::NewStub(channel);
  providers_ = v1::Providers::NewStub(channel);
  inspections_ = v1::Inspections::NewStub(channel);
  work_plans_ = v1::WorkPlans::NewStub(channel);
  supervision_ = v1::Supervision::NewStub(channel);
  operations_ = v1::Operations::NewStub(channel);
  events_ = v1::Events::NewStub(channel);
  health_ = grpc::health::v1::Health::NewStub(channel);
}

std::unique_ptr<grpc::ClientContext> Client::Context() const {
  return ContextAs(connection_.actor, connection_.role);
}

std::unique_ptr<grpc::ClientContext> Client::ContextAs(const std::string& actor,
                                                       const std::string& role,
                                                       const std::string& team) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!connection_.token.empty()) {
    context->AddMetadata("authorization", "Bearer " + connection_.token);
  }
  if (!actor.empty()) context->AddMetadata("x-caseledger-actor", actor);
  if (!role.empty()) context->AddMetadata("x-caseledger-role", role);
  const std::string& their_team = team.empty() ? connection_.team : team;
  if (!their_team.empty()) context->AddMetadata("x-caseledger-team", their_team);
  if (!connection_.org.empty()) context->AddMetadata("x-caseledger-org", connection_.org);
  context->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(static_cast<int64_t>(connection_.timeout_seconds * 1000)));
  return context;
}

void Check(const grpc::Status& status) {
  if (status.ok()) return;
  std::string message = status.error_message();
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    message = absl::StrCat("cannot reach the server (", message,
                           "); is caseledgerd running? see --server");
  }
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    std::vector<std::string> fields;
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad_request;
      if (!any.UnpackTo(&bad_request)) continue;
      for (const auto& v : bad_request.field_violations()) {
        fields.push_back(absl::StrCat(v.field(), " ", v.description()));
      }
    }
    if (!fields.empty()) message = absl::StrCat("bad request: ", absl::StrJoin(fields, "; "));
  }
  throw Failure{absl::StrCat(CodeName(status.error_code()), ": ", message)};
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

}  // namespace caseledger::cli
