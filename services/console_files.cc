#include "services/console_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace caseledger::services {
namespace {

std::optional<std::string> ReadRegularFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string ContentTypeOf(absl::string_view name) {
  struct Type {
    const char* extension;
    const char* content_type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const Type& type : kTypes) {
    if (absl::EndsWith(name, type.extension)) return type.content_type;
  }
  return "application/octet-stream";
}

}  // namespace

std::optional<ConsoleFile> FindConsoleFile(const std::string& root, absl::string_view path) {
  if (root.empty() || !absl::StartsWith(path, "/") || absl::StrContains(path, '\\') ||
      absl::StrContains(path, '\0')) {
    return std::nullopt;
  }
  std::vector<absl::string_view> segments = absl::StrSplit(path.substr(1), '/', absl::SkipEmpty());
  for (absl::string_view segment : segments) {
    if (segment == ".." || segment == ".") return std::nullopt;
  }
  const std::string name = absl::StrJoin(segments, "/");
  if (!name.empty()) {
    if (std::optional<std::string> body = ReadRegularFile(absl::StrCat(root, "/", name))) {
      return ConsoleFile{ContentTypeOf(name), *std::move(body), absl::StartsWith(name, "assets/")};
    }
    if (absl::StartsWith(name, "assets/")) return std::nullopt;
  }
  // Any other path is one of the console's own pages: it routes in the browser.
  std::optional<std::string> index = ReadRegularFile(absl::StrCat(root, "/index.html"));
  if (!index.has_value()) return std::nullopt;
  return ConsoleFile{ContentTypeOf("index.html"), *std::move(index), false};
}

}  // namespace caseledger::services
