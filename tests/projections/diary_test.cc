// The diary of an organisation, a team or a worker, read a page at a time from the view's order
// and counts, gives page after page what the plain rule picks from the summaries and sorts:
// every open deadline in the window, every missed one before it when asked, and each passed
// action plan's follow-up.

#include "projections/diary.h"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/proto_time.h"
#include "domain/policy.h"
#include "eventstore/memory_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "projections/attention.h"
#include "projections/hour_counts.h"
#include "projections/view_keys.h"
#include "tests/projections/written_view.h"
#include "tests/support/status_matchers.h"

namespace caseledger::projections {
namespace {

using ::caseledger::testing::IsOk;

constexpr v1::DeadlineKind kKinds[] = {v1::FOLLOW_UP, v1::ACTION_PLAN_DUE, v1::STATUTORY,
                                       v1::ACTION_PLAN_DUE};

// Run on a view of version 8, which counts entries per hour, of version 9, which counts them
// per day too, and of version 10, which keeps each team's and worker's diary apart.
class DiaryTest : public ::testing::TestWithParam<uint32_t> {
 protected:
  void SetUp() override {
    // Due times spread over 80 days around now, many sharing a second (and an hour) with
    // another case's, at any nanosecond.
    std::mt19937_64 random(11);
    auto pick = [&](int n) { return static_cast<int>(random() % static_cast<uint64_t>(n)); };
    std::vector<int64_t> seconds;
    for (int i = 0; i < 120; ++i) {
      seconds.push_back(absl::ToUnixSeconds(now_) + (pick(80 * 24 * 3600) - 40 * 24 * 3600));
    }
    seconds.push_back(absl::ToUnixSeconds(now_));  // due in the very second of `now`
    for (int c = 0; c < 240; ++c) {
      v1::CaseSummary s;
      s.set_case_id(absl::StrCat("case-", c));
      s.set_org_id(c % 9 == 0 ? "other" : "org");
      s.set_status(c % 13 == 0 ? v1::CLOSED : (c % 5 == 0 ? v1::DORMANT : v1::LIVE));
      s.set_worker_id(absl::StrCat("w-", c % 7));
      s.set_team_id(absl::StrCat("t-", c % 3));
      for (int d = pick(5); d > 0; --d) {
        v1::OpenDeadline* deadline = s.add_open_deadlines();
        deadline->set_deadline_id(absl::StrCat("dl-", d));
        deadline->set_kind(kKinds[pick(4)]);
        deadline->set_what("Due");
        deadline->mutable_due_at()->set_seconds(seconds[pick(static_cast<int>(seconds.size()))]);
        deadline->mutable_due_at()->set_nanos(pick(3) * 300000000);
      }
      summaries_.push_back(s);
    }
    // The rows the caseload projection writes for these summaries.
    eventstore::TableChanges rows;
    std::map<std::string, uint64_t> counts;
    for (const v1::CaseSummary& s : summaries_) {
      for (const bool action_plans : {false, true}) {
        for (const auto& [key, entry] : DiaryOf(s, action_plans)) {
          rows.Put(key, entry.SerializeAsString());
          ++counts[DiaryHourCountOf(key, entry)];
        }
      }
    }
    if (GetParam() >= 9) {
      std::map<std::string, uint64_t> days;
      for (const auto& [key, count] : counts) days[*DayCountOf(key)] += count;
      counts.insert(days.begin(), days.end());
    }
    auto view = WrittenView(store_, GetParam(), std::move(rows), counts);
    ASSERT_THAT(view, IsOk());
    view_ = *std::move(view);
  }

  // The diary by its plain rule, straight from the summaries.
  std::vector<std::string> Want(const v1::ListDiaryRequest& request) const {
    const absl::Time now = absl::FromUnixSeconds(absl::ToUnixSeconds(now_));
    std::vector<v1::DiaryEntry> entries;
    for (const v1::CaseSummary& s : summaries_) {
      if (s.org_id() != "org" || s.status() == v1::CLOSED) continue;
      if (!request.worker_id().empty() && s.worker_id() != request.worker_id()) continue;
      if (!request.team_id().empty() && s.team_id() != request.team_id()) continue;
      for (const v1::OpenDeadline& d : s.open_deadlines()) {
        const int64_t due = d.due_at().seconds();
        const bool missed = FromProto(d.due_at()) < now;
        const bool in_window = due >= request.from().seconds() && due < request.to().seconds();
        const bool missed_before =
            request.include_missed() && due < request.from().seconds() && missed;
        if (!in_window && !missed_before) continue;
        v1::DiaryEntry entry;
        entry.set_case_id(s.case_id());
        entry.set_org_id(s.org_id());
        *entry.mutable_deadline() = d;
        entry.set_worker_id(s.worker_id());
        entry.set_team_id(s.team_id());
        entry.set_missed(missed);
        if (auto follow_up = FollowUpOf(d, domain::DefaultPolicy(), now)) {
          v1::DiaryEntry& next = entries.emplace_back(entry);
          *next.mutable_deadline() = *follow_up;
          next.set_missed(FromProto(follow_up->due_at()) < now);
        }
        entries.push_back(entry);
      }
    }
    auto order = [](const v1::DiaryEntry& e) {
      return std::make_tuple(e.deadline().due_at().seconds(), e.deadline().due_at().nanos(),
                             e.case_id(), e.deadline().deadline_id());
    };
    std::sort(entries.begin(), entries.end(),
              [&](const auto& a, const auto& b) { return order(a) < order(b); });
    std::vector<std::string> want;
    for (const v1::DiaryEntry& e : entries) want.push_back(e.SerializeAsString());
    return want;
  }

  // Every page of the diary, each page's total checked against the first's.
  std::vector<std::string> Pages(v1::ListDiaryRequest request, uint32_t page_size,
                                 uint32_t* total) const {
    std::vector<std::string> got;
    request.set_page_size(page_size);
    for (int i = 0; i < 1000; ++i) {
      auto page = ListDiary(*view_, "org", request, domain::DefaultPolicy(), now_);
      EXPECT_THAT(page, IsOk());
      if (!page.ok()) break;
      if (i == 0) *total = page->total();
      EXPECT_EQ(page->total(), *total) << "page " << i;
      for (const v1::DiaryEntry& e : page->entries()) got.push_back(e.SerializeAsString());
      if (page->next_page_token().empty()) break;
      EXPECT_EQ(page->entries_size(), static_cast<int>(page_size))
          << "a short page before the last";
      request.set_page_token(page->next_page_token());
    }
    return got;
  }

  v1::ListDiaryRequest Window(absl::Duration from, absl::Duration to, bool include_missed) const {
    v1::ListDiaryRequest request;
    *request.mutable_from() = ToProto(now_ + from);
    *request.mutable_to() = ToProto(now_ + to);
    request.set_include_missed(include_missed);
    return request;
  }

  const absl::Time now_ =
      absl::FromUnixMillis(absl::ToUnixMillis(absl::Now())) + absl::Nanoseconds(7);
  eventstore::MemoryStore store_;
  std::vector<v1::CaseSummary> summaries_;
  std::unique_ptr<View> view_;
};

TEST_P(DiaryTest, EveryPageOfTheOrganisationsDiaryEqualsThePlainRule) {
  const absl::Duration day = absl::Hours(24);
  const v1::ListDiaryRequest windows[] = {
      Window(-5 * day, 30 * day, true),   Window(-5 * day, 30 * day, false),
      Window(2 * day, 9 * day, true),     Window(-20 * day, -3 * day, true),
      Window(-20 * day, -3 * day, false), Window(absl::Minutes(-30), absl::Minutes(50), true),
      Window(-90 * day, 90 * day, false),
  };
  for (const v1::ListDiaryRequest& window : windows) {
    SCOPED_TRACE(window.ShortDebugString());
    const std::vector<std::string> want = Want(window);
    for (const uint32_t page_size : {7u, 1000u}) {
      uint32_t total = 0;
      EXPECT_EQ(Pages(window, page_size, &total), want) << "pages of " << page_size;
      EXPECT_EQ(total, want.size());
    }
  }
  // The windows hold follow-ups, missed entries and entries that share a second.
  const std::vector<std::string> wide = Want(Window(-90 * absl::Hours(24), 90 * day, false));
  EXPECT_GT(wide.size(), 300u);
  int follow_ups = 0;
  for (const std::string& bytes : wide) {
    v1::DiaryEntry entry;
    ASSERT_TRUE(entry.ParseFromString(bytes));
    follow_ups += entry.deadline().kind() == v1::FOLLOW_UP_INSPECTION;
  }
  EXPECT_GT(follow_ups, 20);
}

TEST_P(DiaryTest, AWorkersAndATeamsDiaryEqualThePlainRule) {
  for (const auto& [worker, team] : std::vector<std::pair<std::string, std::string>>{
           {"w-1", ""}, {"w-4", ""}, {"", "t-2"}, {"w-3", "t-0"}}) {
    v1::ListDiaryRequest window = Window(-5 * absl::Hours(24), 30 * absl::Hours(24), true);
    window.set_worker_id(worker);
    window.set_team_id(team);
    SCOPED_TRACE(window.ShortDebugString());
    const std::vector<std::string> want = Want(window);
    EXPECT_FALSE(want.empty());
    uint32_t total = 0;
    EXPECT_EQ(Pages(window, 5, &total), want);
    EXPECT_EQ(total, want.size());
  }
}

TEST_P(DiaryTest, ATimeNoTimestampCanHoldOrAWindowBackwardsIsRefusedNamingTheField) {
  v1::ListDiaryRequest request = Window(absl::ZeroDuration(), absl::Hours(24), true);
  request.mutable_from()->set_seconds(std::numeric_limits<int64_t>::min() + 1);
  auto refused = ListDiary(*view_, "org", request, domain::DefaultPolicy(), now_);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), ::testing::HasSubstr("from"));
  request = Window(absl::ZeroDuration(), absl::Hours(24), true);
  request.mutable_to()->set_nanos(-1);
  refused = ListDiary(*view_, "org", request, domain::DefaultPolicy(), now_);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), ::testing::HasSubstr("to"));
  request = Window(absl::Hours(24), absl::ZeroDuration(), true);
  refused = ListDiary(*view_, "org", request, domain::DefaultPolicy(), now_);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), ::testing::HasSubstr("must be after from"));
}

INSTANTIATE_TEST_SUITE_P(Versions, DiaryTest, ::testing::Values(8u, 9u, 10u),
                         [](const ::testing::TestParamInfo<uint32_t>& info) -> std::string {
                           if (info.param >= 10) return "TeamsAndWorkersApart";
                           return info.param >= 9 ? "HourAndDayCounts" : "HourCounts";
                         });

}  // namespace
}  // namespace caseledger::projections
