#include "tools/cli_parse.h"

#include "absl/strings/numbers.h"
#include "base/proto_time.h"

namespace caseledger::cli {

absl::Time ParseTime(const std::string& flag, const std::string& text, absl::Time now) {
  if (text == "now") return now;
  if ((text.front() == '-' || text.front() == '+') && text.back() == 'd') {
    int days = 0;
    if (absl::SimpleAtoi(text.substr(1, text.size() - 2), &days)) {
      return now + (text.front() == '-' ? -1 : 1) * absl::Hours(24) * days;
    }
  }
  absl::Time t;
  std::string error;
  if (absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &t, &error)) return t;
  if (absl::ParseTime(absl::RFC3339_full, text, &t, &error)) return t;
  throw Failure{absl::StrCat(
      flag, ": '", text, "' is not a time: use YYYY-MM-DD, an RFC 3339 time, now, -30d or +7d")};
}

std::string FormatTime(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M", FromProto(t), absl::UTCTimeZone());
}

}  // namespace caseledger::cli
