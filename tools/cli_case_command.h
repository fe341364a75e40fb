#pragma once

// What the CLI's commands share: the options every command has (whose record, the
// idempotency key, the expected revision, when it happened), and sending one and reporting
// its result.

#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "base/ids.h"
#include "base/proto_time.h"
#include "caseledger/v1/case_commands.pb.h"
#include "caseledger/v1/supervision.pb.h"
#include "tools/cli_client.h"
#include "tools/cli_parse.h"

namespace caseledger::cli {

inline void SetSubject(v1::CommandHeader& header, const std::string& id) { header.set_case_id(id); }
inline void SetSubject(v1::WorkerCommandHeader& header, const std::string& id) {
  header.set_worker_id(id);
}
inline std::string Subject(const v1::CommandResult& result) { return "case " + result.case_id(); }
inline std::string Subject(const v1::WorkerCommandResult& result) {
  return "the record of " + result.worker_id();
}

// Options every command has, on a case (v1::CommandHeader) or a worker's record
// (v1::WorkerCommandHeader).
template <typename HeaderType>
struct CommonOptions {
  std::string subject;
  std::string command_id;
  int64_t expected_revision = -1;
  std::string occurred_at;

  void Add(CLI::App* command, const char* name = "case", const char* description = "The case id",
           bool required = true) {
    auto* id = command->add_option(name, subject, description);
    if (required) id->required();
    command->add_option("--command-id", command_id,
                        "Idempotency key; the same one again changes nothing (default: a new one)");
    command->add_option("--expected-revision", expected_revision,
                        "Apply only if the record is at this revision");
    command->add_option("--occurred-at", occurred_at,
                        "When it happened, if earlier: YYYY-MM-DD, RFC 3339, -2d");
  }

  HeaderType Header() const {
    HeaderType header;
    header.set_command_id(command_id.empty() ? NewUuid() : command_id);
    SetSubject(header, subject);
    if (expected_revision >= 0) header.set_expected_revision(expected_revision);
    if (!occurred_at.empty()) {
      *header.mutable_occurred_at() = ToProto(ParseTime("--occurred-at", occurred_at, absl::Now()));
    }
    return header;
  }
};

using Common = CommonOptions<v1::CommandHeader>;
using CaseCommandFlags = Common;
using WorkerCommon = CommonOptions<v1::WorkerCommandHeader>;

template <typename Result>
void Report(Client& client, const std::string& what, const Result& result) {
  if (client.connection().json) {
    std::cout << ToJson(result) << "\n";
    return;
  }
  std::cout << what << " " << Subject(result) << ": revision " << result.revision() << ", position "
            << result.position();
  if (!result.assigned_id().empty()) std::cout << ", id " << result.assigned_id();
  if (result.duplicate()) std::cout << " (already done: first result)";
  std::cout << "\n";
}

// Sends a case command `request` with `call` (a CaseCommands stub method) and reports it.
template <typename Request, typename Call>
void Send(Client& client, const Request& request, Call call, const std::string& what) {
  v1::CommandResult result;
  Check((client.cases().*call)(client.Context().get(), request, &result));
  Report(client, what, result);
}

// Sends a command on a case with `call`, a method of `stub` (CaseCommands, or another service
// whose commands act on cases), and reports it.
template <typename Stub, typename Request, typename Call>
void SendCaseCommand(Client& client, Stub& stub, const Request& request, Call call,
                     const std::string& what) {
  v1::CommandResult result;
  Check((stub.*call)(client.Context().get(), request, &result));
  Report(client, what, result);
}

// Sends a command on a worker's record with `call` (a Supervision stub method).
template <typename Request, typename Call>
void SendToRecord(Client& client, const Request& request, Call call, const std::string& what) {
  v1::WorkerCommandResult result;
  Check((client.supervision().*call)(client.Context().get(), request, &result));
  Report(client, what, result);
}

}  // namespace caseledger::cli
