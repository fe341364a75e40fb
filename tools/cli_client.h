#pragma once

// What every caseledger CLI command shares: the connection, the caller, the output mode.

#include <memory>
#include <string>

#include "caseledger/v1/audit.grpc.pb.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "caseledger/v1/caseload.grpc.pb.h"
#include "caseledger/v1/events.grpc.pb.h"
#include "caseledger/v1/inspection_commands.grpc.pb.h"
#include "caseledger/v1/operations.grpc.pb.h"
#include "caseledger/v1/policy_commands.grpc.pb.h"
#include "caseledger/v1/providers.grpc.pb.h"
#include "caseledger/v1/subjects.grpc.pb.h"
#include "caseledger/v1/supervision.grpc.pb.h"
#include "caseledger/v1/workplans.grpc.pb.h"
#include "google/protobuf/message.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/security/credentials.h"
#include "tools/cli_failure.h"

namespace caseledger::cli {

struct Connection {
  std::string server = "127.0.0.1:7700";
  std::string actor;
  std::string role;
  std::string team;
  std::string org;
  // A signed bearer token (for a server with --auth jwt): sent instead of the x-caseledger
  // identity metadata.
  std::string token;
  bool json = false;
  double timeout_seconds = 30;
  // TLS: the CA to trust, and (for mutual TLS) this client's certificate and key. PEM files.
  std::string tls_ca, tls_cert, tls_key;
};

// The channel credentials `connection` asks for: TLS when it names a CA, else plaintext.
// Throws Failure for a file that can't be read.
std::shared_ptr<grpc::ChannelCredentials> CredentialsFor(const Connection& connection);

// Stubs of every service on one channel to `connection.server`.
class Client {
 public:
  explicit Client(Connection connection);

  // A context carrying the caller's identity and a deadline.
  std::unique_ptr<grpc::ClientContext> Context() const;
  // The same, for another caller (the demo acts as many people); `team` empty: the
  // connection's.
  std::unique_ptr<grpc::ClientContext> ContextAs(const std::string& actor, const std::string& role,
                                                 const std::string& team = "") const;
  const Connection& connection() const { return connection_; }

  v1::CaseCommands::Stub& cases() { return *cases_; }
  v1::PolicyCommands::Stub& policies() { return *policies_; }
  v1::Caseload::Stub& caseload() { return *caseload_; }
  v1::Audit::Stub& audit() { return *audit_; }
  v1::Subjects::Stub& subjects() { return *subjects_; }
  v1::Providers::Stub& providers() { return *providers_; }
  v1::Inspections::Stub& inspections() { return *inspections_; }
  v1::WorkPlans::Stub& work_plans() { return *work_plans_; }
  v1::Supervision::Stub& supervision() { return *supervision_; }
  v1::Operations::Stub& operations() { return *operations_; }
  v1::Events::Stub& events() { return *events_; }
  grpc::health::v1::Health::Stub& health() { return *health_; }

 private:
  Connection connection_;
  std::unique_ptr<v1::CaseCommands::Stub> cases_;
  std::unique_ptr<v1::PolicyCommands::Stub> policies_;
  std::unique_ptr<v1::Caseload::Stub> caseload_;
  std::unique_ptr<v1::Audit::Stub> audit_;
  std::unique_ptr<v1::Subjects::Stub> subjects_;
  std::unique_ptr<v1::Providers::Stub> providers_;
  std::unique_ptr<v1::Inspections::Stub> inspections_;
  std::unique_ptr<v1::WorkPlans::Stub> work_plans_;
  std::unique_ptr<v1::Supervision::Stub> supervision_;
  std::unique_ptr<v1::Operations::Stub> operations_;
  std::unique_ptr<v1::Events::Stub> events_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

// Throws Failure("<CODE>: <message>") for a failed call; the message names bad fields.
void Check(const grpc::Status& status);

// The message in Protobuf's JSON mapping, on one line per message.
std::string ToJson(const google::protobuf::Message& message);

}  // namespace caseledger::cli
