#include "projections/programme_queries.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/field_errors.h"
#include "domain/inspection_policy.h"
#include "projections/pages.h"
#include "projections/programme_keys.h"

namespace caseledger::projections {
namespace {

constexpr absl::Duration kDefaultWindow = absl::Hours(24 * 90);

absl::Time At(int64_t seconds) { return absl::FromUnixSeconds(seconds); }

std::string Date(absl::Time t) { return absl::FormatTime("%Y-%m-%d", t, absl::UTCTimeZone()); }

v1::ProgrammeReason Reason(v1::ProgrammeReasonKind kind, absl::Time due, std::string detail) {
  v1::ProgrammeReason reason;
  reason.set_kind(kind);
  *reason.mutable_due_at() = ToProto(due);
  reason.set_detail(std::move(detail));
  return reason;
}

// When the policy's interval makes a provider due: for its judgement from its last inspection
// (or rating), or, when its judgement is not on the scale, for a first inspection from its
// registration.
absl::Time IntervalDue(const ProgrammeFacts& f, const v1::Policy& policy,
                       const v1::JudgementLevel* level) {
  if (level == nullptr) {
    return domain::AddMonths(At(f.registered_at),
                             static_cast<int>(domain::FirstInspectionMonths(policy)));
  }
  const int64_t from = f.last_inspected_at.value_or(f.rated_at.value_or(f.registered_at));
  return domain::AddMonths(At(from), static_cast<int>(level->inspection_interval_months()));
}

// When a follow-up of an action plan is due, once the plan's date has passed unverified.
std::optional<absl::Time> FollowUpDue(const ProgrammeFacts& f, const v1::Policy& policy,
                                      absl::Time now) {
  if (!f.follow_up_from.has_value() || At(*f.follow_up_from) >= now) return std::nullopt;
  return At(*f.follow_up_from) + absl::Hours(24) * domain::FollowUpInspectionDays(policy);
}

// The earliest of the dates PlaceOf gives its reasons, without their words: what a list over
// thousands of providers needs of each before it builds the items of one page.
absl::Time DueOf(const ProgrammeFacts& f, const v1::Policy& policy, absl::Time now) {
  absl::Time due = IntervalDue(f, policy, domain::FindJudgement(policy, f.judgement));
  if (f.intelligence_by.has_value()) due = std::min(due, At(*f.intelligence_by));
  if (std::optional<absl::Time> follow_up = FollowUpDue(f, policy, now)) {
    due = std::min(due, *follow_up);
  }
  return due;
}

// The reason the policy's interval gives.
v1::ProgrammeReason IntervalReason(const ProgrammeFacts& f, const v1::Policy& policy) {
  const v1::JudgementLevel* level = domain::FindJudgement(policy, f.judgement);
  const absl::Time due = IntervalDue(f, policy, level);
  if (level == nullptr) {
    const uint32_t months = domain::FirstInspectionMonths(policy);
    return Reason(
        v1::FIRST_INSPECTION, due,
        f.judgement.empty()
            ? absl::StrCat("not yet rated: first inspected within ", months,
                           " months of its registration on ", Date(At(f.registered_at)))
            : absl::StrCat("judged ", f.judgement, ", which the policy's scale no longer has: ",
                           "inspected within ", months, " months of its registration"));
  }
  const int64_t from = f.last_inspected_at.value_or(f.rated_at.value_or(f.registered_at));
  return Reason(
      v1::JUDGEMENT_INTERVAL, due,
      absl::StrCat("judged ", f.judgement, ": inspected every ",
                   level->inspection_interval_months(), " months; ",
                   f.last_inspected_at.has_value() ? "last inspected " : "rated ", Date(At(from))));
}

// The order by risk as a comparable key: worst judgement, most unconsidered intelligence,
// longest since the last inspection (never inspected: longest of all), most open
// enforcement, then provider id. A RiskKey keeps its provider id; a RiskOrder only looks at
// one, to compare thousands of providers without copying their ids.
using RiskKey = std::tuple<int, int64_t, int64_t, int64_t, std::string>;
using RiskOrder = std::tuple<int, int64_t, int64_t, int64_t, absl::string_view>;

RiskOrder OrderOf(const ProgrammeFacts& f, const v1::Policy& policy,
                  absl::string_view provider_id) {
  return {-domain::JudgementRisk(policy, f.judgement), -int64_t{f.unconsidered_intelligence},
          f.last_inspected_at.value_or(std::numeric_limits<int64_t>::min()),
          -int64_t{f.open_enforcement}, provider_id};
}

RiskOrder OrderOf(const RiskKey& key) {
  return {std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), std::get<4>(key)};
}

RiskKey KeyOf(const RiskOrder& order) {
  return {std::get<0>(order), std::get<1>(order), std::get<2>(order), std::get<3>(order),
          std::string(std::get<4>(order))};
}

std::string TokenOf(const RiskKey& key) {
  return absl::StrCat(std::get<0>(key), ":", std::get<1>(key), ":", std::get<2>(key), ":",
                      std::get<3>(key), ":", std::get<4>(key));
}

absl::StatusOr<std::optional<RiskKey>> ParseToken(const std::string& token) {
  if (token.empty()) return std::nullopt;
  std::vector<std::string> parts = absl::StrSplit(token, absl::MaxSplits(':', 4));
  RiskKey key;
  if (parts.size() != 5 || !absl::SimpleAtoi(parts[0], &std::get<0>(key)) ||
      !absl::SimpleAtoi(parts[1], &std::get<1>(key)) ||
      !absl::SimpleAtoi(parts[2], &std::get<2>(key)) ||
      !absl::SimpleAtoi(parts[3], &std::get<3>(key))) {
    return domain::InvalidField("page_token", "is not a token this server gave");
  }
  std::get<4>(key) = parts[4];
  return key;
}

// Visits the facts of the providers of `inspector_id`, else of `team_id`, else of the
// organisation; each with its provider id and its facts as encoded, both valid only during
// the call.
using FactsVisitor =
    std::function<void(absl::string_view provider_id, absl::string_view encoded, ProgrammeFacts&)>;
absl::Status ScanFacts(const View& view, absl::string_view org_id, const std::string& inspector_id,
                       const std::string& team_id, const FactsVisitor& visit) {
  const std::string prefix = !inspector_id.empty()
                                 ? programme_keys::InspectorFactsPrefix(org_id, inspector_id)
                             : !team_id.empty() ? programme_keys::TeamFactsPrefix(org_id, team_id)
                                                : programme_keys::OrgFactsPrefix(org_id);
  absl::Status corrupt;
  ProgrammeFacts facts;
  absl::Status scanned =
      view.ScanPrefix(prefix, [&](absl::string_view key, absl::string_view value) {
        if (!DecodeFacts(value, facts)) {
          corrupt = absl::DataLossError("a provider's facts in the programme view are corrupt");
          return false;
        }
        if (!team_id.empty() && facts.team_id != team_id) return true;
        visit(key.substr(prefix.size()), value, facts);
        return true;
      });
  if (!scanned.ok()) return scanned;
  return corrupt;
}

absl::StatusOr<std::vector<std::optional<v1::ProgrammeEntry>>> Entries(
    const View& view, const std::vector<std::string>& provider_ids) {
  std::vector<std::string> keys;
  keys.reserve(provider_ids.size());
  for (const std::string& id : provider_ids) keys.push_back(programme_keys::Provider(id));
  auto values = view.MultiGet(keys);
  if (!values.ok()) return values.status();
  std::vector<std::optional<v1::ProgrammeEntry>> entries;
  for (const std::optional<std::string>& value : *values) {
    auto& entry = entries.emplace_back();
    if (!value.has_value()) continue;
    entry.emplace();
    if (!entry->ParseFromString(*value)) {
      return absl::DataLossError("a provider's entry in the programme view is corrupt");
    }
  }
  return entries;
}

// Completes an item with what its provider's entry says: the summary and the next visit.
void Complete(v1::ProgrammeItem& item, const v1::ProgrammeEntry& entry) {
  *item.mutable_provider() = entry.provider();
  for (const v1::VisitMark& visit : entry.visits()) {
    if (visit.done()) continue;
    if (!item.has_next_visit() || FromProto(visit.at()) < FromProto(item.next_visit().at())) {
      *item.mutable_next_visit() = visit;
    }
  }
}

}  // namespace

v1::ProgrammeItem PlaceOf(const ProgrammeFacts& f, const v1::Policy& policy, absl::Time now) {
  std::vector<v1::ProgrammeReason> reasons{IntervalReason(f, policy)};
  if (f.intelligence_by.has_value()) {
    reasons.push_back(
        Reason(v1::SERIOUS_INTELLIGENCE, At(*f.intelligence_by),
               absl::StrCat("intelligence ", f.intelligence_id,
                            " brings the inspection forward under the policy's rules")));
  }
  if (std::optional<absl::Time> follow_up = FollowUpDue(f, policy, now)) {
    const uint32_t days = domain::FollowUpInspectionDays(policy);
    reasons.push_back(Reason(
        v1::ACTION_PLAN_FOLLOW_UP, *follow_up,
        f.follow_up_not_met
            ? absl::StrCat("action plan ", f.follow_up_plan_id, " of case ", f.follow_up_case_id,
                           " was found not met on ", Date(At(*f.follow_up_from)),
                           ": a follow-up inspection within ", days, " days")
            : absl::StrCat("action plan ", f.follow_up_plan_id, " of case ", f.follow_up_case_id,
                           " was due ", Date(At(*f.follow_up_from)),
                           " and is not verified: a follow-up inspection within ", days, " days")));
  }
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const v1::ProgrammeReason& a, const v1::ProgrammeReason& b) {
                     return a.due_at().seconds() < b.due_at().seconds();
                   });
  v1::ProgrammeItem item;
  *item.mutable_due_at() = reasons.front().due_at();
  item.set_overdue(FromProto(item.due_at()) < now);
  for (auto& reason : reasons) *item.add_reasons() = std::move(reason);
  item.set_unconsidered_intelligence(f.unconsidered_intelligence);
  item.set_open_enforcement(f.open_enforcement);
  const int days_since = f.last_inspected_at.has_value()
                             ? static_cast<int>((now - At(*f.last_inspected_at)) / absl::Hours(24))
                             : -1;
  item.set_days_since_last_inspection(days_since);
  item.set_risk(absl::StrCat(f.judgement.empty() ? "not yet rated" : f.judgement, "; ",
                             f.unconsidered_intelligence, " unconsidered intelligence; ",
                             days_since < 0
                                 ? std::string("never inspected")
                                 : absl::StrCat(days_since, " days since its last inspection"),
                             "; ", f.open_enforcement, " open enforcement"));
  return item;
}

absl::StatusOr<v1::ListInspectionProgrammeResponse> ListInspectionProgramme(
    const View& view, absl::string_view org_id, const v1::ListInspectionProgrammeRequest& request,
    const v1::PolicyVersion& policy, absl::Time now) {
  domain::FieldErrors errors;
  errors.Time("from", request.from(), false, request.has_from());
  errors.Time("to", request.to(), false, request.has_to());
  RETURN_IF_ERROR(errors.ToStatus());
  const absl::Time from = request.has_from() ? FromProto(request.from()) : now;
  const absl::Time to = request.has_to() ? FromProto(request.to()) : from + kDefaultWindow;
  if (to <= from) return domain::InvalidField("to", "must be after from");
  absl::StatusOr<std::optional<RiskKey>> after = ParseToken(request.page_token());
  if (!after.ok()) return after.status();

  const v1::Policy& rules = policy.policy();
  const uint32_t page_size = PageSize(request.page_size());
  // The page's providers, highest risk first once sorted: while scanning, a heap whose front
  // is the lowest risk kept, so only a provider that displaces it is copied. The items, with
  // their reasons in words, are made for the page only.
  struct Placed {
    RiskKey key;
    std::string facts;  // encoded
  };
  const auto by_key = [](const Placed& a, const Placed& b) { return a.key < b.key; };
  std::vector<Placed> page;
  page.reserve(page_size);
  const std::optional<RiskOrder> after_order =
      after->has_value() ? std::optional<RiskOrder>(OrderOf(**after)) : std::nullopt;
  uint32_t total = 0, beyond_token = 0;
  absl::Status scanned = ScanFacts(
      view, org_id, request.inspector_id(), request.team_id(),
      [&](absl::string_view provider_id, absl::string_view encoded, ProgrammeFacts& facts) {
        const absl::Time due = DueOf(facts, rules, now);
        if (due >= to || (due < from && due >= now)) return;
        ++total;
        const RiskOrder order = OrderOf(facts, rules, provider_id);
        if (after_order.has_value() && order <= *after_order) return;
        ++beyond_token;
        if (page.size() == page_size) {
          if (order >= OrderOf(page.front().key)) return;
          std::pop_heap(page.begin(), page.end(), by_key);
          page.pop_back();
        }
        page.push_back(Placed{KeyOf(order), std::string(encoded)});
        std::push_heap(page.begin(), page.end(), by_key);
      });
  if (!scanned.ok()) return scanned;
  std::sort_heap(page.begin(), page.end(), by_key);

  v1::ListInspectionProgrammeResponse response;
  response.set_total(total);
  response.set_policy_version(policy.version());
  std::vector<std::string> page_ids;
  ProgrammeFacts facts;
  for (const Placed& placed : page) {
    if (!DecodeFacts(placed.facts, facts)) {
      return absl::DataLossError("a provider's facts in the programme view are corrupt");
    }
    page_ids.push_back(std::get<4>(placed.key));
    *response.add_items() = PlaceOf(facts, rules, now);
  }
  if (beyond_token > page.size()) response.set_next_page_token(TokenOf(page.back().key));
  auto entries = Entries(view, page_ids);
  if (!entries.ok()) return entries.status();
  for (size_t i = 0; i < entries->size(); ++i) {
    if ((*entries)[i].has_value()) Complete(*response.mutable_items(i), *(*entries)[i]);
  }
  return response;
}

absl::StatusOr<std::optional<v1::ProgrammeItem>> ProgrammeItemOf(const View& view,
                                                                 absl::string_view org_id,
                                                                 const std::string& provider_id,
                                                                 const v1::Policy& policy,
                                                                 absl::Time now) {
  auto entries = Entries(view, {provider_id});
  if (!entries.ok()) return entries.status();
  const std::optional<v1::ProgrammeEntry>& entry = entries->front();
  if (!entry.has_value() || entry->provider().org_id() != org_id) return std::nullopt;
  v1::ProgrammeItem item = PlaceOf(FactsOf(*entry), policy, now);
  Complete(item, *entry);
  return item;
}

absl::StatusOr<v1::ListProvidersResponse> ListProviders(const View& view, absl::string_view org_id,
                                                        const v1::ListProvidersRequest& request) {
  domain::FieldErrors errors;
  for (int i = 0; i < request.compliance_size(); ++i) {
    errors.Enum(absl::StrCat("compliance[", i, "]"), request.compliance(i));
  }
  RETURN_IF_ERROR(errors.ToStatus());
  const absl::flat_hash_set<int> compliance(request.compliance().begin(),
                                            request.compliance().end());
  const absl::flat_hash_set<std::string> judgements(request.judgements().begin(),
                                                    request.judgements().end());
  std::vector<std::string> ids;
  absl::Status scanned =
      ScanFacts(view, org_id, request.inspector_id(), request.team_id(),
                [&](absl::string_view provider_id, absl::string_view, ProgrammeFacts& facts) {
                  if (!judgements.empty() && !judgements.contains(facts.judgement)) return;
                  ids.emplace_back(provider_id);
                });
  if (!scanned.ok()) return scanned;
  auto entries = Entries(view, ids);
  if (!entries.ok()) return entries.status();
  v1::ListProvidersResponse response;
  std::map<std::string, v1::InspectorProviders> by_inspector;
  const uint32_t page_size = PageSize(request.page_size());
  auto count = [](auto& counts, v1::Compliance c) {
    if (c == v1::COMPLIANT) counts.set_compliant(counts.compliant() + 1);
    if (c == v1::NON_COMPLIANT) counts.set_non_compliant(counts.non_compliant() + 1);
    if (c == v1::COMPLIANCE_UNSPECIFIED) counts.set_unrated(counts.unrated() + 1);
  };
  for (const std::optional<v1::ProgrammeEntry>& entry : *entries) {
    if (!entry.has_value()) continue;
    const v1::ProviderSummary& p = entry->provider();
    if (!compliance.empty() && !compliance.contains(p.compliance())) continue;
    response.set_total(response.total() + 1);
    count(response, p.compliance());
    v1::InspectorProviders& inspector = by_inspector[p.lead_inspector()];
    inspector.set_inspector_id(p.lead_inspector());
    inspector.set_providers(inspector.providers() + 1);
    count(inspector, p.compliance());
    if (p.provider_id() <= request.page_token()) continue;
    if (static_cast<uint32_t>(response.providers_size()) == page_size) {
      if (response.next_page_token().empty()) {
        response.set_next_page_token(
            response.providers(response.providers_size() - 1).provider_id());
      }
      continue;
    }
    *response.add_providers() = p;
  }
  for (auto& [id, inspector] : by_inspector) *response.add_by_inspector() = std::move(inspector);
  return response;
}

absl::StatusOr<std::vector<v1::VisitMark>> VisitsBy(const View& view, absl::string_view org_id,
                                                    const std::string& inspector_id,
                                                    absl::Time from, absl::Time to) {
  std::vector<v1::VisitMark> visits;
  absl::Status corrupt;
  absl::Status scanned = view.Scan(
      programme_keys::InspectorVisitsFrom(org_id, inspector_id, ToProto(from)),
      programme_keys::InspectorVisitsFrom(org_id, inspector_id, ToProto(to)),
      [&](absl::string_view, absl::string_view value) {
        if (!visits.emplace_back().ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          corrupt = absl::DataLossError("a visit in the programme view is corrupt");
          return false;
        }
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!corrupt.ok()) return corrupt;
  return visits;
}

absl::StatusOr<std::optional<v1::WorkPlanAgreed>> WorkPlanAt(const View& view,
                                                             const std::string& inspector_id,
                                                             absl::string_view org_id,
                                                             absl::Time now) {
  std::optional<v1::WorkPlanAgreed> found;
  absl::Status corrupt;
  absl::Status scanned = view.ScanPrefix(
      programme_keys::WorkPlanPrefix(inspector_id),
      [&](absl::string_view, absl::string_view value) {
        v1::WorkPlanAgreed plan;
        if (!plan.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          corrupt = absl::DataLossError("a work plan in the programme view is corrupt");
          return false;
        }
        if (plan.org_id() == org_id && FromProto(plan.plan().period_start()) <= now &&
            now < FromProto(plan.plan().period_end())) {
          found = std::move(plan);
          return false;
        }
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!corrupt.ok()) return corrupt;
  return found;
}

}  // namespace caseledger::projections
