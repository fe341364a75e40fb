#pragma once

// Counting time-ordered entries (view_keys::TimedFrom) by the counts per hour and per day kept
// beside them.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "projections/view.h"

namespace caseledger::projections {

// The start of a span that takes every earlier entry.
inline constexpr int64_t kEver = std::numeric_limits<int64_t>::min();

// The hour a time (in seconds since the epoch) falls in: seconds / 3600, rounded down.
int64_t HourOf(int64_t seconds);

// The key of the day's count that an hour's count (a view_keys::HourCount key) adds to; nullopt
// for any other key.
std::optional<std::string> DayCountOf(absl::string_view hour_count);

// How many of `prefix`'s entries fall in [from, until) (seconds; `from` may be kEver): whole
// days from their counts (in a view that keeps them), whole hours at either end from theirs,
// and the parts of an hour at either end entry by entry.
absl::StatusOr<uint64_t> CountBetween(const View& view, const std::string& prefix, int64_t from,
                                      int64_t until);

}  // namespace caseledger::projections
