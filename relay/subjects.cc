#include "relay/subjects.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace caseledger::relay {
namespace {

bool KeptAsItIs(char c) { return absl::ascii_isalnum(c) || c == '-' || c == '_' || c == ':'; }

}  // namespace

std::string OrganisationToken(absl::string_view org_id) {
  if (org_id.empty()) return "%";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string token;
  token.reserve(org_id.size());
  for (char c : org_id) {
    if (KeptAsItIs(c)) {
      token.push_back(c);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    token.push_back('%');
    token.push_back(kHex[byte >> 4]);
    token.push_back(kHex[byte & 0xF]);
  }
  return token;
}

std::string EventSubject(absl::string_view prefix, absl::string_view org_id,
                         absl::string_view type) {
  return absl::StrCat(prefix, ".", OrganisationToken(org_id), ".events.", type);
}

std::string EveryOrganisationsSubjects(absl::string_view prefix) {
  return absl::StrCat(prefix, ".*.events.>");
}

std::string OrganisationSubjects(absl::string_view prefix, absl::string_view org_id) {
  return absl::StrCat(prefix, ".", OrganisationToken(org_id), ".events.>");
}

bool SubjectCovers(absl::string_view pattern, absl::string_view subject) {
  const std::vector<absl::string_view> p = absl::StrSplit(pattern, '.');
  const std::vector<absl::string_view> s = absl::StrSplit(subject, '.');
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == ">") return i < s.size();  // the rest, one token or more
    if (i == s.size() || s[i] == ">") return false;
    if (p[i] != "*" && p[i] != s[i]) return false;
  }
  return p.size() == s.size();
}

}  // namespace caseledger::relay
