#include "tools/cli_parse.h"

#include "absl/strings/numbers.h"
#include "base/proto_time.h"

namespace caseledger::cli {

absl::Time ParseTime(const std::string& flag, const std::string& text, absl::Time now) {
  // What a Protobuf Timestamp can hold: 0001-01-01 to 9999-12-31, UTC.
  static const absl::Time kFirst = absl::FromUnixSeconds(-62135596800);
  static const absl::Time kLast = absl::FromUnixSeconds(253402300799);
  absl::Time t;
  std::string error;
  if (text == "now") {
    t = now;
  } else if (text.size() >= 2 && (text.front() == '-' || text.front() == '+') &&
             text.back() == 'd') {
    int days = 0;
    if (!absl::SimpleAtoi(text.substr(1, text.size() - 2), &days) || days < 0 || days > 36525) {
      throw Failure{absl::StrCat(flag, ": '", text,
                                 "' is not a number of days from now, up to a hundred years")};
    }
    t = now + (text.front() == '-' ? -1 : 1) * absl::Hours(24) * days;
  } else if (!absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &t, &error) &&
             !absl::ParseTime(absl::RFC3339_full, text, &t, &error)) {
    throw Failure{absl::StrCat(
        flag, ": '", text, "' is not a time: use YYYY-MM-DD, an RFC 3339 time, now, -30d or +7d")};
  }
  if (t < kFirst || t > kLast) {
    throw Failure{absl::StrCat(flag, ": '", text, "' is outside the years 0001 to 9999")};
  }
  return t;
}

std::string FormatTime(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M", FromProto(t), absl::UTCTimeZone());
}

}  // namespace caseledger::cli
