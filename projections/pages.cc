#include "projections/pages.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/field_errors.h"

namespace caseledger::projections {

// Numbers in decimal, then texts in web-safe base64 (which has no ':'), joined by ':'.
std::string PageTokenOf(const PageKey& key) {
  std::vector<std::string> parts;
  for (int64_t n : key.numbers) parts.push_back(absl::StrCat(n));
  for (const std::string& t : key.texts) parts.push_back(absl::WebSafeBase64Escape(t));
  return absl::StrJoin(parts, ":");
}

absl::StatusOr<std::optional<PageKey>> ParsePageToken(const std::string& token, size_t numbers,
                                                      size_t texts) {
  if (token.empty()) return std::nullopt;
  const std::vector<absl::string_view> parts = absl::StrSplit(token, ':');
  PageKey key;
  bool ok = parts.size() == numbers + texts;
  for (size_t i = 0; ok && i < parts.size(); ++i) {
    if (i < numbers) {
      ok = absl::SimpleAtoi(parts[i], &key.numbers.emplace_back());
    } else {
      ok = absl::WebSafeBase64Unescape(parts[i], &key.texts.emplace_back());
    }
  }
  if (!ok) return domain::InvalidField("page_token", "is not a token this server gave");
  return key;
}

}  // namespace caseledger::projections
