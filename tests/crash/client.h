#pragma once

// A client of one caseledgerd for the crash loop: sends a recorded command (again, with the
// same id, after a restart) and reads what the checks need.

#include <memory>
#include <string>

#include "caseledger/v1/audit.grpc.pb.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "caseledger/v1/caseload.grpc.pb.h"
#include "caseledger/v1/events.grpc.pb.h"
#include "caseledger/v1/policy_commands.grpc.pb.h"
#include "caseledger/v1/subjects.grpc.pb.h"
#include "tests/crash/ledger.h"

namespace caseledger::crash {

// Who sends what: a supervisor of team north sends the case commands, an administrator the
// policies and erasures, a compliance officer the audit reads.
class Client {
 public:
  explicit Client(const std::string& address);

  // Sends `command`'s request and fills in its outcome and answer.
  void Send(SentCommand& command);

  grpc::Status GetCase(const std::string& case_id, v1::CaseView& view);
  grpc::Status VerifyLog(v1::VerifyLogResponse& response);
  // A page of the case's history from `from_revision`, as a compliance officer reads it.
  grpc::Status GetCaseHistory(const std::string& case_id, uint64_t from_revision,
                              v1::GetCaseHistoryResponse& page);
  grpc::Status ReplayCase(const v1::ReplayCaseRequest& request, v1::ReplayCaseResponse& replayed);
  grpc::Status RelayStatus(v1::RelayStatusResponse& response);
  grpc::Status GetPolicy(v1::PolicyVersion& policy);

 private:
  std::unique_ptr<v1::CaseCommands::Stub> cases_;
  std::unique_ptr<v1::PolicyCommands::Stub> policies_;
  std::unique_ptr<v1::Subjects::Stub> subjects_;
  std::unique_ptr<v1::Caseload::Stub> caseload_;
  std::unique_ptr<v1::Audit::Stub> audit_;
  std::unique_ptr<v1::Events::Stub> events_;
};

}  // namespace caseledger::crash
