#include "projections/hour_counts.h"

#include "eventstore/keys.h"
#include "projections/view_keys.h"

namespace caseledger::projections {
namespace {

constexpr int64_t kHour = 3600;

}  // namespace

int64_t HourOf(int64_t seconds) {
  return seconds >= 0 ? seconds / kHour : -((-seconds + kHour - 1) / kHour);
}

absl::StatusOr<uint64_t> CountBetween(const View& view, const std::string& prefix, int64_t from,
                                      int64_t until) {
  uint64_t count = 0;
  auto entries = [&](int64_t first, int64_t last) {
    if (first >= last) return absl::OkStatus();
    return view.Scan(view_keys::TimedFrom(prefix, first), view_keys::TimedFrom(prefix, last),
                     [&](absl::string_view, absl::string_view) {
                       ++count;
                       return true;
                     });
  };
  if (from >= until) return 0;
  const int64_t first_hour = from == kEver ? kEver : -HourOf(-from);
  const int64_t last_hour = HourOf(until);
  if (from != kEver && first_hour >= last_hour) {
    if (absl::Status s = entries(from, until); !s.ok()) return s;
    return count;
  }
  if (from != kEver) {
    if (absl::Status s = entries(from, first_hour * kHour); !s.ok()) return s;
  }
  absl::Status hours = view.Scan(first_hour == kEver ? view_keys::HourCounts(prefix)
                                                     : view_keys::HourCount(prefix, first_hour),
                                 view_keys::HourCount(prefix, last_hour),
                                 [&](absl::string_view, absl::string_view n) {
                                   count += eventstore::keys::DecodePosition(n);
                                   return true;
                                 });
  if (!hours.ok()) return hours;
  if (absl::Status s = entries(last_hour * kHour, until); !s.ok()) return s;
  return count;
}

}  // namespace caseledger::projections
