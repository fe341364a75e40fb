#pragma once

// What every command on a case shares, whichever service it goes to: its options, its
// header, and how its result is shown.

#include <string>

#include "CLI/CLI.hpp"
#include "tools/cli_client.h"

namespace caseledger::cli {

// Options every case command has.
struct CaseCommandFlags {
  std::string case_id;
  std::string command_id;
  int64_t expected_revision = -1;
  std::string occurred_at;

  void Add(CLI::App* command, bool case_required = true);
  v1::CommandHeader Header() const;
};

// Prints what the command did to the case (or its JSON).
void ReportCaseResult(Client& client, const std::string& what, const v1::CommandResult& result);

// Sends `request` with `call` (a method of `stub`) and reports the result.
template <typename Stub, typename Request, typename Call>
void SendCaseCommand(Client& client, Stub& stub, const Request& request, Call call,
                     const std::string& what) {
  v1::CommandResult result;
  Check((stub.*call)(client.Context().get(), request, &result));
  ReportCaseResult(client, what, result);
}

}  // namespace caseledger::cli
