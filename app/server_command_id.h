#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace caseledger::app {

// The id of a command caseledger makes itself (erasing a subject, archiving by retention):
// "caseledger:<purpose>:" then the SHA-256 of `key` in hex. The same key always gives the
// same id, so a repeated attempt is a retry; the id fits the 128 bytes an id may have,
// however long the ids in the key.
std::string ServerCommandId(absl::string_view purpose, absl::string_view key);

// Whether `command_id` has the form only the server's own commands may use.
bool IsServerCommandId(absl::string_view command_id);

}  // namespace caseledger::app
