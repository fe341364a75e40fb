#pragma once

// caseledgerd as a node of a deployment replicated through a NATS JetStream cluster, started
// as a child process on a loopback port of its own choosing, with the stubs a test calls it by.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "caseledger/v1/audit.grpc.pb.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "caseledger/v1/caseload.grpc.pb.h"
#include "caseledger/v1/events.grpc.pb.h"
#include "caseledger/v1/operations.grpc.pb.h"
#include "caseledger/v1/subjects.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "tests/support/child_process.h"

namespace caseledger::testing {

enum class Caller { kSupervisor, kAdministrator, kComplianceOfficer };

class Node {
 public:
  // caseledgerd on `data` with `flags` added to the test's own (loopback ports, OS
  // durability unless flags say otherwise). Throws std::runtime_error when it does not listen.
  Node(const std::string& data, std::vector<std::string> flags) {
    std::vector<std::string> args = {
        CASELEDGERD_PATH, "--data-dir",    data, "--listen",     "127.0.0.1:0", "--metrics-listen",
        "127.0.0.1:0",    "--http-listen", "",   "--log-format", "json"};
    args.insert(args.end(), flags.begin(), flags.end());
    process_ = std::make_unique<ChildProcess>(args);
    std::optional<std::string> address = WaitForListening(*process_, absl::Seconds(60));
    if (!address.has_value()) throw std::runtime_error(process_->Stderr());
    address_ = *address;
    auto channel = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
    cases_ = v1::CaseCommands::NewStub(channel);
    caseload_ = v1::Caseload::NewStub(channel);
    events_ = v1::Events::NewStub(channel);
    operations_ = v1::Operations::NewStub(channel);
    audit_ = v1::Audit::NewStub(channel);
    subjects_ = v1::Subjects::NewStub(channel);
  }

  const std::string& address() const { return address_; }
  ChildProcess& process() { return *process_; }

  static std::unique_ptr<grpc::ClientContext> Context(Caller who = Caller::kSupervisor,
                                                      absl::Duration timeout = absl::Seconds(60)) {
    auto context = std::make_unique<grpc::ClientContext>();
    switch (who) {
      case Caller::kSupervisor:
        context->AddMetadata("x-caseledger-actor", "sam");
        context->AddMetadata("x-caseledger-role", "supervisor");
        context->AddMetadata("x-caseledger-team", "north");
        break;
      case Caller::kAdministrator:
        context->AddMetadata("x-caseledger-actor", "adm");
        context->AddMetadata("x-caseledger-role", "administrator");
        break;
      case Caller::kComplianceOfficer:
        context->AddMetadata("x-caseledger-actor", "cora");
        context->AddMetadata("x-caseledger-role", "compliance_officer");
        break;
    }
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::milliseconds(absl::ToInt64Milliseconds(timeout)));
    return context;
  }

  // Opens an advice case whose client reference (a personal field) is "CREF-<case_id>", for
  // subject `subject_id` (empty: the case's own).
  grpc::Status OpenCase(const std::string& case_id, const std::string& command_id,
                        v1::CommandResult& result, const std::string& subject_id = "") {
    v1::OpenCaseRequest request;
    request.mutable_header()->set_command_id(command_id);
    request.mutable_header()->set_case_id(case_id);
    request.set_kind(v1::ADVICE);
    request.set_category("debt");
    request.set_client_ref("CREF-" + case_id);
    request.set_complexity(v1::LOW);
    request.set_team_id("north");
    request.set_subject_id(subject_id);
    return cases_->OpenCase(Context().get(), request, &result);
  }

  grpc::Status GetCase(const std::string& case_id, uint64_t min_position, v1::CaseView& view) {
    v1::GetCaseRequest request;
    request.set_case_id(case_id);
    request.set_min_position(min_position);
    return caseload_->GetCase(Context().get(), request, &view);
  }

  v1::RelayStatusResponse Replication() {
    v1::RelayStatusResponse response;
    events_->RelayStatus(Context(Caller::kAdministrator).get(), v1::RelayStatusRequest(),
                         &response);
    return response;
  }

  grpc::Status Promote(v1::PromoteResponse& response) {
    v1::PromoteRequest request;
    request.set_catch_up_seconds(30);
    return operations_->Promote(Context(Caller::kAdministrator, absl::Seconds(60)).get(), request,
                                &response);
  }

  v1::VerifyLogResponse Verify() {
    v1::VerifyLogResponse response;
    audit_->VerifyLog(Context(Caller::kComplianceOfficer).get(), v1::VerifyLogRequest(), &response);
    return response;
  }

  v1::CaseCommands::Stub& cases() { return *cases_; }
  v1::Audit::Stub& audit() { return *audit_; }
  v1::Subjects::Stub& subjects() { return *subjects_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string address_;
  std::unique_ptr<v1::CaseCommands::Stub> cases_;
  std::unique_ptr<v1::Caseload::Stub> caseload_;
  std::unique_ptr<v1::Events::Stub> events_;
  std::unique_ptr<v1::Operations::Stub> operations_;
  std::unique_ptr<v1::Audit::Stub> audit_;
  std::unique_ptr<v1::Subjects::Stub> subjects_;
};

}  // namespace caseledger::testing
