#include "projections/hour_counts.h"

#include "absl/strings/match.h"
#include "eventstore/keys.h"
#include "projections/view_keys.h"

namespace caseledger::projections {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;
// The first version of the caseload view that keeps a count per day beside those per hour.
constexpr uint32_t kDaysCountedSinceVersion = 9;

// n / unit rounded down, for any n (INT64_MIN too).
int64_t FloorDivide(int64_t n, int64_t unit) { return n >= 0 ? n / unit : (n + 1) / unit - 1; }

// The spans counts are kept for, finest first after the entries themselves (level 0).
struct Level {
  int64_t seconds;
  std::string (*count)(absl::string_view prefix, int64_t n);
  std::string (*first)(absl::string_view prefix);
};
constexpr Level kLevels[] = {
    {1, nullptr, nullptr},
    {kHour, view_keys::HourCount, view_keys::HourCounts},
    {kDay, view_keys::DayCount, view_keys::DayCounts},
};

// Adds to `count` the entries of `prefix` in [from, until): the whole spans of `level` from
// their counts, the parts at either end from the level below.
absl::Status Add(const View& view, const std::string& prefix, int level, int64_t from,
                 int64_t until, uint64_t& count) {
  if (from >= until) return absl::OkStatus();
  if (level == 0) {
    return view.Scan(view_keys::TimedFrom(prefix, from), view_keys::TimedFrom(prefix, until),
                     [&](absl::string_view, absl::string_view) {
                       ++count;
                       return true;
                     });
  }
  const Level& at = kLevels[level];
  const int64_t first = from == kEver ? kEver : -FloorDivide(-from, at.seconds);
  const int64_t last = FloorDivide(until, at.seconds);
  if (from != kEver && first >= last) return Add(view, prefix, level - 1, from, until, count);
  if (from != kEver) {
    if (absl::Status s = Add(view, prefix, level - 1, from, first * at.seconds, count); !s.ok()) {
      return s;
    }
  }
  absl::Status whole =
      view.Scan(first == kEver ? at.first(prefix) : at.count(prefix, first), at.count(prefix, last),
                [&](absl::string_view, absl::string_view n) {
                  count += eventstore::keys::DecodePosition(n);
                  return true;
                });
  if (!whole.ok()) return whole;
  return Add(view, prefix, level - 1, last * at.seconds, until, count);
}

}  // namespace

int64_t HourOf(int64_t seconds) { return FloorDivide(seconds, kHour); }

std::optional<std::string> DayCountOf(absl::string_view hour_count) {
  const std::string counts = view_keys::HourCounts("");
  if (!absl::StartsWith(hour_count, counts) ||
      hour_count.size() < counts.size() + view_keys::kTimedBytes) {
    return std::nullopt;
  }
  const size_t hour_at = hour_count.size() - view_keys::kTimedBytes;
  const int64_t hour = view_keys::TimedSeconds(hour_count.substr(hour_at));
  return view_keys::DayCount(hour_count.substr(counts.size(), hour_at - counts.size()),
                             FloorDivide(hour, kDay / kHour));
}

absl::StatusOr<uint64_t> CountBetween(const View& view, const std::string& prefix, int64_t from,
                                      int64_t until) {
  uint64_t count = 0;
  const int top = view.version() >= kDaysCountedSinceVersion ? 2 : 1;
  if (absl::Status s = Add(view, prefix, top, from, until, count); !s.ok()) return s;
  return count;
}

}  // namespace caseledger::projections
