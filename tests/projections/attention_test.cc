// The attention list of a whole organisation, read a page at a time from the caseload view's
// order, gives at any time, and after a change of policy, what the plain rule picks from the
// summaries and sorts; and a case's standing agrees with its reasons at every time.

#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "domain/policy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "projections/attention.h"
#include "projections/attention_index.h"
#include "projections/caseload_projection.h"
#include "projections/caseload_queries.h"
#include "projections/summary.h"
#include "projections/view_keys.h"
#include "tests/projections/generated_log.h"
#include "tests/support/status_matchers.h"

namespace caseledger::projections {
namespace {

using ::caseledger::testing::IsOk;

constexpr char kOrg[] = "default";

// The default policy with every contact interval and escalation's time shortened.
v1::Policy ShorterPolicy() {
  v1::Policy policy = domain::DefaultPolicy();
  for (v1::ResponseTime& response : *policy.mutable_response_times()) {
    response.set_contact_interval_working_days(response.contact_interval_working_days() / 3 + 1);
    response.set_first_contact_working_days(0);
  }
  policy.set_escalation_acknowledgement_working_days(0);
  return policy;
}

class AttentionTest : public GeneratedLogTest {
 protected:
  void SetUp() override {
    GeneratedLogTest::SetUp();
    StartEngine(std::make_unique<CaseloadProjection>(*store_, /*capacity=*/64));
    Generate(4000, 150);
    ASSERT_TRUE(CaughtUp(CaseloadProjection::kName));
  }

  std::shared_ptr<const View> Serving() { return engine_->Serving(CaseloadProjection::kName); }

  std::vector<v1::CaseSummary> Summaries() {
    std::vector<v1::CaseSummary> summaries;
    EXPECT_THAT(Serving()->ScanPrefix(std::string(view_keys::kCasePrefix),
                                      [&](absl::string_view, absl::string_view value) {
                                        v1::CaseSummary& s = summaries.emplace_back();
                                        EXPECT_TRUE(s.ParseFromArray(
                                            value.data(), static_cast<int>(value.size())));
                                        return true;
                                      }),
                IsOk());
    return summaries;
  }

  // The list by its plain rule: every open case of the organisation with a reason at `now`
  // (to the second), by rank, the second of its standing, then case id.
  std::vector<std::string> Want(const v1::Policy& policy, absl::Time now) {
    now = absl::FromUnixSeconds(absl::ToUnixSeconds(now));
    std::vector<std::tuple<int, int64_t, std::string, std::string>> sorted;
    for (const v1::CaseSummary& s : Summaries()) {
      if (s.org_id() != kOrg || !IsOpen(s.status())) continue;
      v1::AttentionItem item;
      *item.mutable_summary() = s;
      for (auto& reason : AttentionReasons(s, policy, now)) *item.add_reasons() = reason;
      if (item.reasons().empty()) continue;
      sorted.emplace_back(PlaceOf(s).rank, absl::ToUnixSeconds(StandingOf(s, policy)->since),
                          s.case_id(), item.SerializeAsString());
    }
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::string> want;
    for (auto& entry : sorted) want.push_back(std::get<3>(entry));
    return want;
  }

  // Every page of the organisation's list, each page's total checked against the first's.
  std::vector<std::string> Pages(const v1::Policy& policy, absl::Time now, uint32_t page_size,
                                 uint32_t* total) {
    std::shared_ptr<const View> view = Serving();
    v1::ListAttentionRequest request;
    request.set_page_size(page_size);
    std::vector<std::string> got;
    for (int i = 0; i < 1000; ++i) {
      auto page = ListAttention(*view, kOrg, request, policy, now);
      EXPECT_THAT(page, IsOk());
      if (!page.ok()) break;
      if (i == 0) *total = page->total();
      EXPECT_EQ(page->total(), *total) << "page " << i;
      for (const v1::AttentionItem& item : page->items()) got.push_back(item.SerializeAsString());
      if (page->next_page_token().empty()) break;
      EXPECT_EQ(page->items_size(), static_cast<int>(page_size)) << "a short page before the last";
      request.set_page_token(page->next_page_token());
    }
    return got;
  }

  // Whether the view's order answers the list judged by `policy`, rather than a whole read.
  bool AnsweredInOrder(const v1::Policy& policy) {
    auto page = ListAttentionInOrder(*Serving(), kOrg, std::nullopt, 100, policy, absl::Now());
    EXPECT_THAT(page, IsOk());
    return page.ok() && page->has_value();
  }

  // Pages of 7 and of 1,000 at each of `times` equal the plain rule.
  void ExpectPagesEqualThePlainRule(const v1::Policy& policy,
                                    const std::vector<absl::Time>& times) {
    for (const absl::Time now : times) {
      SCOPED_TRACE(absl::FormatTime(now));
      const std::vector<std::string> want = Want(policy, now);
      for (const uint32_t page_size : {7u, 1000u}) {
        uint32_t total = 0;
        EXPECT_EQ(Pages(policy, now, page_size, &total), want) << "pages of " << page_size;
        EXPECT_EQ(total, want.size());
      }
    }
  }

  void SetPolicy(const v1::Policy& policy) {
    v1::PolicyEvent event;
    *event.mutable_occurred_at() = ToProto(absl::Now());
    event.set_actor("admin");
    *event.mutable_policy_set()->mutable_policy() = policy;
    event.mutable_policy_set()->set_version(2);
    eventstore::AppendRequest request;
    request.stream_id = domain::PolicyStreamId(kOrg);
    eventstore::ProposedEvent& proposed = request.events.emplace_back();
    proposed.type = "PolicySet";
    proposed.payload = event.SerializeAsString();
    proposed.metadata.set_actor("admin");
    *proposed.metadata.mutable_occurred_at() = event.occurred_at();
    ASSERT_THAT(store_->Append(std::move(request)), IsOk());
  }

  const absl::Duration day_ = absl::Hours(24);
};

TEST_F(AttentionTest, ACasesStandingAgreesWithItsReasonsAtEveryTime) {
  const absl::Time now = absl::Now();
  int always = 0, timed = 0, came_to_need = 0, past_due_actions = 0;
  for (const v1::Policy& policy : {domain::DefaultPolicy(), ShorterPolicy()}) {
    for (const v1::CaseSummary& s : Summaries()) {
      const std::optional<AttentionStanding> standing = StandingOf(s, policy);
      if (standing.has_value()) ++(standing->always ? always : timed);
      bool needed = false;
      // From the case's last event on: no reason began before its event.
      for (absl::Time at = FromProto(s.last_activity_at()); at < now + 60 * day_;
           at += absl::Hours(7)) {
        const std::vector<v1::AttentionReason> reasons = AttentionReasons(s, policy, at);
        const bool needs = standing.has_value() && standing->NeedsAttentionAt(at);
        ASSERT_EQ(!reasons.empty(), needs) << s.ShortDebugString() << " at " << at;
        if (needs && !needed && !standing->always) ++came_to_need;
        needed = needs;
        if (reasons.empty()) continue;
        absl::Time earliest = absl::InfiniteFuture();
        bool past_due_action = false;
        for (const v1::AttentionReason& r : reasons) {
          earliest = std::min(earliest, FromProto(r.since()));
          past_due_action = past_due_action || r.kind() == v1::REVIEW_ACTION_OVERDUE;
        }
        past_due_actions += past_due_action;
        // An open review action counts from when it was set, also once it is past due.
        if (past_due_action) {
          EXPECT_LE(standing->since, earliest) << s.ShortDebugString();
        } else {
          EXPECT_EQ(standing->since, earliest) << s.ShortDebugString() << " at " << at;
        }
      }
    }
  }
  // The history holds cases of both kinds, and some that came to need attention in time.
  EXPECT_GT(always, 10);
  EXPECT_GT(timed, 10);
  EXPECT_GT(came_to_need, 10);
  EXPECT_GT(past_due_actions, 0);
}

TEST_F(AttentionTest, EveryPageOfTheOrganisationsListEqualsThePlainRuleAtAnyTime) {
  const absl::Time now = absl::Now();
  ExpectPagesEqualThePlainRule(domain::DefaultPolicy(), {now - 60 * day_, now - 2 * day_, now,
                                                         now + 9 * day_, now + 45 * day_});
  EXPECT_TRUE(AnsweredInOrder(domain::DefaultPolicy()));
  EXPECT_GT(Want(domain::DefaultPolicy(), now).size(), 20u);
  // A view of a version from before the order, serving while the new one builds, is read whole.
  auto table = store_->storage().views.OpenView(
      absl::StrCat(CaseloadProjection::kName, "/v", CaseloadProjection::kVersion));
  ASSERT_THAT(table, IsOk());
  const View older(*table, /*version 7, before the order=*/7);
  auto page = ListAttentionInOrder(older, kOrg, std::nullopt, 100, domain::DefaultPolicy(), now);
  ASSERT_THAT(page, IsOk());
  EXPECT_FALSE(page->has_value());
  EXPECT_LT(Want(domain::DefaultPolicy(), now - 60 * day_).size(),
            Want(domain::DefaultPolicy(), now + 45 * day_).size());
}

TEST_F(AttentionTest, APolicyChangeJudgesTheWholeOrderAgain) {
  const absl::Time now = absl::Now();
  const v1::Policy shorter = ShorterPolicy();
  ASSERT_NE(Want(shorter, now), Want(domain::DefaultPolicy(), now)) << "a change that matters";
  EXPECT_FALSE(AnsweredInOrder(shorter)) << "before the view has seen it";
  // The policy changes between commands, so some batches hold both.
  Generate(150, 150);
  SetPolicy(shorter);
  Generate(300, 150);
  ASSERT_TRUE(CaughtUp(CaseloadProjection::kName));
  EXPECT_TRUE(AnsweredInOrder(shorter));
  EXPECT_FALSE(AnsweredInOrder(domain::DefaultPolicy()));
  ExpectPagesEqualThePlainRule(shorter, {now - 2 * day_, now, now + 9 * day_});
  // Asked with a policy the view has not judged by, the list is read whole, and is still right.
  ExpectPagesEqualThePlainRule(domain::DefaultPolicy(), {now});
}

}  // namespace
}  // namespace caseledger::projections
