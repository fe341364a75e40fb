// Counting time-ordered entries from their counts per hour (and per day, from version 9) gives
// what counting them one by one gives, for any span: before 1970, on an hour's or a day's
// edge, shorter than an hour across midnight, and from the very beginning.

#include "projections/hour_counts.h"

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eventstore/memory_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "projections/view_keys.h"
#include "tests/projections/written_view.h"
#include "tests/support/status_matchers.h"

namespace caseledger::projections {
namespace {

using ::caseledger::testing::IsOk;

constexpr int64_t kDay = 86400;
const std::string kPrefix = view_keys::DiaryPrefix("org", "", "");

// The times the spans begin and end at, and the entries are placed at (some twice).
std::vector<int64_t> Edges() {
  const int64_t recent = 1700000000 - 1700000000 % kDay;  // a midnight
  std::vector<int64_t> edges = {-3 * kDay - 5, -kDay, -3601,    -3600, -1,      0, 1,
                                3599,          3600,  kDay - 1, kDay,  kDay + 1};
  for (const int64_t t : {recent - kDay, recent - 1, recent, recent + 1, recent + 1800,
                          recent + kDay - 1, recent + 40 * kDay + 7}) {
    edges.push_back(t);
  }
  return edges;
}

int64_t FloorOf(int64_t n, int64_t unit) { return n >= 0 ? n / unit : -((-n + unit - 1) / unit); }

class HourCountsTest : public ::testing::TestWithParam<uint32_t> {
 protected:
  void SetUp() override {
    // Entries at every edge and beside it, and at random times around both eras; and another
    // organisation's, which no count of this one's may take in.
    std::mt19937_64 random(5);
    for (const int64_t edge : Edges()) {
      for (const int64_t t : {edge - 1, edge, edge, edge + 1}) times_.push_back(t);
      for (int i = 0; i < 20; ++i) {
        times_.push_back(edge + static_cast<int64_t>(random() % (6 * kDay)) - 3 * kDay);
      }
    }
    eventstore::TableChanges rows;
    std::map<std::string, uint64_t> counts;
    for (size_t i = 0; i < times_.size(); ++i) {
      for (const std::string& prefix : {kPrefix, view_keys::DiaryPrefix("orh", "", "")}) {
        rows.Put(absl::StrCat(view_keys::TimedFrom(prefix, times_[i]), "case-", i), "");
        ++counts[view_keys::HourCount(prefix, FloorOf(times_[i], 3600))];
        if (GetParam() >= 9) ++counts[view_keys::DayCount(prefix, FloorOf(times_[i], kDay))];
      }
    }
    auto view = WrittenView(store_, GetParam(), std::move(rows), counts);
    ASSERT_THAT(view, IsOk());
    view_ = *std::move(view);
  }

  uint64_t Plainly(int64_t from, int64_t until) const {
    uint64_t n = 0;
    for (const int64_t t : times_) n += t >= from && t < until;
    return n;
  }

  eventstore::MemoryStore store_;
  std::vector<int64_t> times_;
  std::unique_ptr<View> view_;
};

TEST_P(HourCountsTest, EverySpanCountsAsTheEntriesOneByOne) {
  std::vector<int64_t> ends = Edges();
  for (const int64_t edge : Edges()) {
    ends.push_back(edge - 1);
    ends.push_back(edge + 1);
  }
  int spans = 0;
  for (const int64_t from : ends) {
    for (const int64_t until : ends) {
      if (from >= until) continue;
      ++spans;
      EXPECT_THAT(CountBetween(*view_, kPrefix, from, until), IsOk());
      EXPECT_EQ(CountBetween(*view_, kPrefix, from, until).value_or(0), Plainly(from, until))
          << "[" << from << ", " << until << ")";
    }
    EXPECT_EQ(CountBetween(*view_, kPrefix, kEver, from).value_or(0), Plainly(kEver, from))
        << "up to " << from;
  }
  EXPECT_GT(spans, 500);
  EXPECT_EQ(CountBetween(*view_, kPrefix, 5, 5).value_or(1), 0u) << "an empty span";
  EXPECT_EQ(CountBetween(*view_, kPrefix, 9, 5).value_or(1), 0u) << "a span backwards";
}

INSTANTIATE_TEST_SUITE_P(Versions, HourCountsTest, ::testing::Values(8u, 9u),
                         [](const ::testing::TestParamInfo<uint32_t>& info) -> std::string {
                           return info.param >= 9 ? "HourAndDayCounts" : "HourCounts";
                         });

}  // namespace
}  // namespace caseledger::projections
