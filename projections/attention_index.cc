#include "projections/attention_index.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "domain/policy.h"
#include "eventstore/keys.h"
#include "google/protobuf/util/message_differencer.h"
#include "projections/attention.h"
#include "projections/hour_counts.h"
#include "projections/summary.h"
#include "projections/view_keys.h"

namespace caseledger::projections {
namespace {

constexpr int kRanks = 4;
// The first version of the caseload view that keeps the order. An older one serves while the
// newer one is built, and is read whole.
constexpr uint32_t kKeptSinceVersion = 8;

// An entry read from the order: its rank, and its key past the rank's prefix (the standing's
// second, then the case id), which sorts as the list does within a rank.
struct Placed {
  int rank;
  std::string rest;
};

// Whether the view's order was judged by `policy`: an organisation with no policy set has the
// built-in default, as the view does.
absl::StatusOr<bool> JudgedBy(const View& view, absl::string_view org_id,
                              const v1::Policy& policy) {
  auto stored = view.Get(view_keys::AttentionPolicy(org_id));
  if (!stored.ok()) return stored.status();
  v1::PolicyVersion version;
  if (stored->has_value()) {
    if (!version.ParseFromString(**stored)) {
      return absl::DataLossError("the attention list's policy in the caseload view is corrupt");
    }
  } else {
    version = domain::DefaultPolicyVersion(org_id);
  }
  return google::protobuf::util::MessageDifferencer::Equals(version.policy(), policy);
}

// Up to `limit` entries of `prefix` in [from, until), past `skip` (a whole key, or empty).
absl::Status ReadPlaced(const View& view, int rank, const std::string& prefix,
                        const std::string& from, const std::string& until, const std::string& skip,
                        size_t limit, std::vector<Placed>& out) {
  size_t taken = 0;
  if (from >= until || limit == 0) return absl::OkStatus();
  return view.Scan(from, until, [&](absl::string_view key, absl::string_view) {
    if (key == skip) return true;
    out.push_back({rank, std::string(key.substr(prefix.size()))});
    return ++taken < limit;
  });
}

}  // namespace

std::map<std::string, std::string> AttentionEntriesOf(const v1::CaseSummary& s,
                                                      const v1::Policy& policy) {
  std::map<std::string, std::string> entries;
  const std::optional<AttentionStanding> standing = StandingOf(s, policy);
  if (!standing.has_value()) return entries;
  const int64_t since = absl::ToUnixSeconds(standing->since);
  const std::string prefix =
      view_keys::AttentionPrefix(s.org_id(), !standing->always, PlaceOf(s).rank);
  entries.emplace(view_keys::AttentionEntry(prefix, since, s.case_id()),
                  standing->always ? view_keys::CaseloadCount(prefix)
                                   : view_keys::HourCount(prefix, HourOf(since)));
  return entries;
}

absl::StatusOr<std::optional<v1::ListAttentionResponse>> ListAttentionInOrder(
    const View& view, absl::string_view org_id, const std::optional<PageKey>& after,
    uint32_t page_size, const v1::Policy& policy, absl::Time now) {
  if (view.version() < kKeptSinceVersion) return std::nullopt;
  absl::StatusOr<bool> judged = JudgedBy(view, org_id, policy);
  if (!judged.ok()) return judged.status();
  if (!*judged) return std::nullopt;
  const int64_t now_seconds = absl::ToUnixSeconds(now);
  now = absl::FromUnixSeconds(now_seconds);

  // Rank by rank, enough of each part to fill the page and tell whether another follows.
  std::vector<Placed> placed;
  const size_t wanted = page_size + 1;
  const int first_rank = after.has_value() ? static_cast<int>(after->numbers[0]) : 0;
  for (int rank = std::max(first_rank, 0); rank < kRanks && placed.size() < wanted; ++rank) {
    const size_t before = placed.size();
    for (const bool timed : {false, true}) {
      const std::string prefix = view_keys::AttentionPrefix(org_id, timed, rank);
      std::string from = prefix, skip;
      if (after.has_value() && rank == first_rank) {
        from = skip = view_keys::AttentionEntry(prefix, after->numbers[1], after->texts[0]);
      }
      const std::string until = timed ? view_keys::TimedFrom(prefix, now_seconds)
                                      : view_keys::AttentionPrefix(org_id, timed, rank + 1);
      if (absl::Status s =
              ReadPlaced(view, rank, prefix, from, until, skip, wanted - before, placed);
          !s.ok()) {
        return s;
      }
    }
    std::sort(placed.begin() + static_cast<std::ptrdiff_t>(before), placed.end(),
              [](const Placed& a, const Placed& b) { return a.rest < b.rest; });
  }
  const bool more = placed.size() > page_size;
  placed.resize(std::min<size_t>(placed.size(), page_size));

  std::vector<std::string> keys;
  keys.reserve(placed.size());
  for (const Placed& p : placed)
    keys.push_back(view_keys::Case(p.rest.substr(view_keys::kTimedBytes)));
  auto summaries = view.MultiGet(keys);
  if (!summaries.ok()) return summaries.status();
  v1::ListAttentionResponse response;
  for (const std::optional<std::string>& value : *summaries) {
    if (!value.has_value()) {
      return absl::DataLossError("the attention list names a case the caseload view lacks");
    }
    v1::AttentionItem item;
    if (!item.mutable_summary()->ParseFromString(*value)) {
      return absl::DataLossError("a case summary in the caseload view is corrupt");
    }
    for (v1::AttentionReason& reason : AttentionReasons(item.summary(), policy, now)) {
      *item.add_reasons() = std::move(reason);
    }
    *response.add_items() = std::move(item);
  }
  if (more) {
    const Placed& last = placed.back();
    response.set_next_page_token(PageTokenOf(
        {{last.rank, view_keys::TimedSeconds(last.rest.substr(0, view_keys::kTimedBytes))},
         {last.rest.substr(view_keys::kTimedBytes)}}));
  }

  uint64_t total = 0;
  for (int rank = 0; rank < kRanks; ++rank) {
    auto always =
        view.Get(view_keys::CaseloadCount(view_keys::AttentionPrefix(org_id, false, rank)));
    if (!always.ok()) return always.status();
    if (always->has_value()) total += eventstore::keys::DecodePosition(**always);
    absl::StatusOr<uint64_t> timed =
        CountBetween(view, view_keys::AttentionPrefix(org_id, true, rank), kEver, now_seconds);
    if (!timed.ok()) return timed.status();
    total += *timed;
  }
  response.set_total(static_cast<uint32_t>(total));
  return response;
}

}  // namespace caseledger::projections
