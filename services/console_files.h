#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace caseledger::services {

// A file of the web console, ready to send.
struct ConsoleFile {
  std::string content_type;
  std::string body;
  // Vite names what it builds into assets/ by content: such a file never changes.
  bool immutable = false;
};

// The file at URL path `path` (already percent-decoded) under the folder `root`: the file
// itself, or root/index.html for any other path but assets/ (the console's own pages route in
// the browser). nullopt for a path that would leave `root` (a `..` segment, a backslash, a
// NUL), a missing asset, or a root without index.html.
std::optional<ConsoleFile> FindConsoleFile(const std::string& root, absl::string_view path);

}  // namespace caseledger::services
