#include "tools/cli_case_command.h"

#include <iostream>

#include "base/ids.h"
#include "base/proto_time.h"
#include "tools/cli_parse.h"

namespace caseledger::cli {

void CaseCommandFlags::Add(CLI::App* command, bool case_required) {
  auto* id = command->add_option("case", case_id, "The case id");
  if (case_required) id->required();
  command->add_option("--command-id", command_id,
                      "Idempotency key; the same one again changes nothing (default: a new one)");
  command->add_option("--expected-revision", expected_revision,
                      "Apply only if the case is at this revision");
  command->add_option("--occurred-at", occurred_at,
                      "When it happened, if earlier: YYYY-MM-DD, RFC 3339, -2d");
}

v1::CommandHeader CaseCommandFlags::Header() const {
  v1::CommandHeader header;
  header.set_command_id(command_id.empty() ? NewUuid() : command_id);
  header.set_case_id(case_id);
  if (expected_revision >= 0) header.set_expected_revision(expected_revision);
  if (!occurred_at.empty()) {
    *header.mutable_occurred_at() = ToProto(ParseTime("--occurred-at", occurred_at, absl::Now()));
  }
  return header;
}

void ReportCaseResult(Client& client, const std::string& what, const v1::CommandResult& result) {
  if (client.connection().json) {
    std::cout << ToJson(result) << "\n";
    return;
  }
  std::cout << what << " case " << result.case_id() << ": revision " << result.revision()
            << ", position " << result.position();
  if (!result.assigned_id().empty()) std::cout << ", id " << result.assigned_id();
  if (result.duplicate()) std::cout << " (already done: first result)";
  std::cout << "\n";
}

}  // namespace caseledger::cli
