#include "tests/crash/client.h"

#include <chrono>

#include "grpcpp/create_channel.h"

namespace caseledger::crash {
namespace {

enum class As { kSupervisor, kAdministrator, kComplianceOfficer };

std::unique_ptr<grpc::ClientContext> Context(As who) {
  auto context = std::make_unique<grpc::ClientContext>();
  switch (who) {
    case As::kSupervisor:
      context->AddMetadata("x-caseledger-actor", "sam");
      context->AddMetadata("x-caseledger-role", "supervisor");
      context->AddMetadata("x-caseledger-team", "north");
      break;
    case As::kAdministrator:
      context->AddMetadata("x-caseledger-actor", "adm");
      context->AddMetadata("x-caseledger-role", "administrator");
      break;
    case As::kComplianceOfficer:
      context->AddMetadata("x-caseledger-actor", "cora");
      context->AddMetadata("x-caseledger-role", "compliance_officer");
      break;
  }
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

// Whether `status` leaves it open whether the command was applied: the server went away, or
// never answered in time.
bool Unanswered(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
      return true;
    default:
      return false;
  }
}

void Answered(const grpc::Status& status, SentCommand& command) {
  command.code = status.error_code();
  command.message = status.error_message();
  if (status.ok()) {
    command.outcome = Outcome::kAcknowledged;
  } else {
    command.outcome = Unanswered(status) ? Outcome::kUnanswered : Outcome::kRefused;
  }
}

template <typename Request>
Request Parsed(const SentCommand& command) {
  Request request;
  request.ParseFromString(command.request);
  return request;
}

void Take(const v1::CommandResult& result, SentCommand& command) {
  command.position = result.position();
  command.revision = result.revision();
  command.duplicate = result.duplicate();
}

}  // namespace

Client::Client(const std::string& address) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  cases_ = v1::CaseCommands::NewStub(channel);
  policies_ = v1::PolicyCommands::NewStub(channel);
  subjects_ = v1::Subjects::NewStub(channel);
  caseload_ = v1::Caseload::NewStub(channel);
  audit_ = v1::Audit::NewStub(channel);
  events_ = v1::Events::NewStub(channel);
}

void Client::Send(SentCommand& command) {
  command.position = command.revision = 0;
  command.duplicate = false;
  if (command.method == "OpenCase" || command.method == "RecordNote") {
    v1::CommandResult result;
    grpc::Status status = command.method == "OpenCase"
                              ? cases_->OpenCase(Context(As::kSupervisor).get(),
                                                 Parsed<v1::OpenCaseRequest>(command), &result)
                              : cases_->RecordNote(Context(As::kSupervisor).get(),
                                                   Parsed<v1::RecordNoteRequest>(command), &result);
    Answered(status, command);
    if (status.ok()) Take(result, command);
  } else if (command.method == "SetPolicy") {
    v1::SetPolicyResponse response;
    grpc::Status status = policies_->SetPolicy(Context(As::kAdministrator).get(),
                                               Parsed<v1::SetPolicyRequest>(command), &response);
    Answered(status, command);
    command.position = response.position();
    command.revision = response.version();
    command.duplicate = response.duplicate();
  } else if (command.method == "EraseSubject") {
    v1::EraseSubjectResponse response;
    grpc::Status status = subjects_->EraseSubject(
        Context(As::kAdministrator).get(), Parsed<v1::EraseSubjectRequest>(command), &response);
    Answered(status, command);
  } else {
    command.outcome = Outcome::kRefused;
    command.code = grpc::StatusCode::UNIMPLEMENTED;
    command.message = "the crash loop does not send " + command.method;
  }
}

grpc::Status Client::GetCase(const std::string& case_id, v1::CaseView& view) {
  v1::GetCaseRequest request;
  request.set_case_id(case_id);
  return caseload_->GetCase(Context(As::kSupervisor).get(), request, &view);
}

grpc::Status Client::VerifyLog(v1::VerifyLogResponse& response) {
  return audit_->VerifyLog(Context(As::kComplianceOfficer).get(), v1::VerifyLogRequest(),
                           &response);
}

grpc::Status Client::GetCaseHistory(const std::string& case_id, uint64_t from_revision,
                                    v1::GetCaseHistoryResponse& page) {
  v1::GetCaseHistoryRequest request;
  request.set_case_id(case_id);
  request.set_from_revision(from_revision);
  request.set_page_size(1000);
  return audit_->GetCaseHistory(Context(As::kComplianceOfficer).get(), request, &page);
}

grpc::Status Client::ReplayCase(const v1::ReplayCaseRequest& request,
                                v1::ReplayCaseResponse& replayed) {
  return audit_->ReplayCase(Context(As::kComplianceOfficer).get(), request, &replayed);
}

grpc::Status Client::RelayStatus(v1::RelayStatusResponse& response) {
  return events_->RelayStatus(Context(As::kAdministrator).get(), v1::RelayStatusRequest(),
                              &response);
}

grpc::Status Client::GetPolicy(v1::PolicyVersion& policy) {
  return policies_->GetPolicy(Context(As::kAdministrator).get(), v1::GetPolicyRequest(), &policy);
}

}  // namespace caseledger::crash
