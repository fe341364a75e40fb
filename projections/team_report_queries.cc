#include "projections/team_report_queries.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "base/proto_time.h"
#include "caseledger/v1/report_views.pb.h"
#include "domain/field_errors.h"
#include "domain/policy.h"
#include "domain/supervision_policy.h"
#include "projections/team_report_keys.h"

namespace caseledger::projections {
namespace {

constexpr int kMaxMonths = 36;
constexpr int64_t kSecondsPerDay = 24 * 60 * 60;

using KindAndComplexity = std::pair<int, int>;

// What one worker did for the team in one month: the seconds they held its open cases of
// each kind and complexity, and the files they recorded work on.
struct WorkerMonth {
  std::map<KindAndComplexity, int64_t> held;
  int64_t noted = 0;
};

struct Month {
  std::string name;
  int64_t start = 0, end = 0;  // Unix seconds
  v1::MonthReport report;
  std::map<std::string, std::pair<uint32_t, uint32_t>> categories;  // opened, closed
  std::map<KindAndComplexity, uint32_t> incidents, grades;
  std::map<int, uint32_t> incident_breaches;
  std::map<std::string, WorkerMonth> workers;
};

uint32_t CeilDiv(int64_t a, int64_t b) {
  return b <= 0 ? 0 : static_cast<uint32_t>((a + b - 1) / b);
}

Month* MonthAt(std::vector<Month>& months, int64_t seconds) {
  for (Month& m : months) {
    if (seconds >= m.start && seconds < m.end) return &m;
  }
  return nullptr;
}

int Number(const std::vector<absl::string_view>& parts, size_t i) {
  int n = 0;
  return i < parts.size() && absl::SimpleAtoi(parts[i], &n) ? n : 0;
}

// Adds one count of the view (`metric` as report_keys writes it) to its month.
void AddCount(Month& m, absl::string_view metric, int64_t value) {
  const size_t first = metric.find('\0');
  const absl::string_view name = metric.substr(0, first);
  const absl::string_view rest =
      first == absl::string_view::npos ? absl::string_view() : metric.substr(first + 1);
  const std::vector<absl::string_view> parts = absl::StrSplit(rest, '\0');
  const auto count = static_cast<uint32_t>(value);
  v1::MonthReport& r = m.report;
  if (name == report_keys::kOpened) {
    m.categories[std::string(rest)].first += count;
  } else if (name == report_keys::kClosed) {
    m.categories[std::string(rest)].second += count;
  } else if (name == report_keys::kIncident) {
    m.incidents[{Number(parts, 0), Number(parts, 1)}] += count;
  } else if (name == report_keys::kAchieved) {
    r.set_outcomes_achieved(r.outcomes_achieved() + count);
  } else if (name == report_keys::kNotAchieved) {
    r.set_outcomes_not_achieved(r.outcomes_not_achieved() + count);
  } else if (name == report_keys::kReviews) {
    r.set_reviews_done(r.reviews_done() + count);
  } else if (name == report_keys::kGrade) {
    m.grades[{Number(parts, 0), Number(parts, 1)}] += count;
  } else if (name == report_keys::kContactBreach) {
    r.set_contact_breaches(r.contact_breaches() + count);
  } else if (name == report_keys::kIncidentBreach) {
    m.incident_breaches[Number(parts, 0)] += count;
  } else if (name == report_keys::kHeld && !parts.empty()) {
    m.workers[std::string(parts[0])].held[{Number(parts, 1), Number(parts, 2)}] += value;
  } else if (name == report_keys::kNoted && !parts.empty()) {
    m.workers[std::string(parts[0])].noted += value;
  }
}

// Adds one count of the view to its month, judged at `now`: the response times running out in
// the month count as breached once the whole month is past (the running month's are read from
// their index instead).
void AddCountAt(Month& m, absl::string_view metric, int64_t value, int64_t now) {
  const size_t first = metric.find('\0');
  if (metric.substr(0, first) != report_keys::kDue) return AddCount(m, metric, value);
  if (m.end <= now) AddCount(m, metric.substr(first + 1), value);
}

// Visits the entries under `prefix` (keyed by a report_keys::Time, then anything) whose time is
// in [from, until), in time order.
absl::Status ScanByTime(const View& view, const std::string& prefix, int64_t from, int64_t until,
                        absl::FunctionRef<void(int64_t time, absl::string_view value)> visit) {
  if (from >= until) return absl::OkStatus();
  bool corrupt = false;
  absl::Status scanned =
      view.Scan(prefix + report_keys::Time(from), prefix + report_keys::Time(until),
                [&](absl::string_view key, absl::string_view value) {
                  int64_t time = 0;
                  if (!report_keys::ParseTime(key.substr(prefix.size(), 16), &time)) {
                    corrupt = true;
                    return false;
                  }
                  visit(time, value);
                  return true;
                });
  if (!scanned.ok()) return scanned;
  if (corrupt) return absl::DataLossError("a team report entry by time is corrupt");
  return absl::OkStatus();
}

// The seconds up to `now` that the team's workers held the cases they still hold, read from
// their holdings by the month they began: in each month m, to = min(now, m.end), a case held
// since before m counts to - m.start, one held since within m counts to - held_since, and one
// held since after `now` nothing.
absl::Status AddHoldings(const View& view, absl::string_view org_id, absl::string_view team_id,
                         std::vector<Month>& months, int64_t now) {
  using Holder = std::pair<std::string, KindAndComplexity>;
  struct Holdings {
    int64_t count = 0, sum = 0;
  };
  // Those begun before the month at hand, and those begun in each month of the period.
  std::map<Holder, int64_t> earlier;
  std::vector<std::map<Holder, Holdings>> begun(months.size());
  const std::string prefix = report_keys::HoldingsPrefix(org_id, team_id);
  bool corrupt = false;
  absl::Status scanned =
      view.Scan(prefix, absl::StrCat(prefix, months.back().name, "\1"),
                [&](absl::string_view key, absl::string_view value) {
                  const std::vector<absl::string_view> parts =
                      absl::StrSplit(key.substr(prefix.size()), '\0');
                  Holdings h;
                  if (parts.size() != 4 || !report_keys::ParseHoldings(value, &h.count, &h.sum)) {
                    corrupt = true;
                    return false;
                  }
                  Holder holder{std::string(parts[1]), {Number(parts, 2), Number(parts, 3)}};
                  if (parts[0] < months.front().name) {
                    earlier[holder] += h.count;
                    return true;
                  }
                  for (size_t i = 0; i < months.size(); ++i) {
                    if (months[i].name != parts[0]) continue;
                    Holdings& in_month = begun[i][holder];
                    in_month.count += h.count;
                    in_month.sum += h.sum;
                  }
                  return true;
                });
  if (!scanned.ok()) return scanned;
  if (corrupt) return absl::DataLossError("a team's holdings in the team report are corrupt");
  for (size_t i = 0; i < months.size(); ++i) {
    Month& m = months[i];
    const int64_t to = std::min(now, m.end);
    if (to > m.start) {
      for (const auto& [holder, count] : earlier) {
        m.workers[holder.first].held[holder.second] += count * (to - m.start);
      }
      // Exact but for the cases held since after `now`, taken back below.
      for (const auto& [holder, h] : begun[i]) {
        m.workers[holder.first].held[holder.second] += h.count * to - h.sum;
      }
    }
    for (const auto& [holder, h] : begun[i]) earlier[holder] += h.count;
  }
  Month* running = MonthAt(months, now);
  if (running == nullptr) return absl::OkStatus();
  // In the month running at `now`, the cases held since after it: each counted now - held_since
  // above, where it must count nothing.
  const std::string held = report_keys::HeldSincePrefix(org_id, team_id);
  return ScanByTime(view, held, now + 1, running->end,
                    [&](int64_t held_since, absl::string_view metric) {
                      AddCount(*running, metric, held_since - now);
                    });
}

// The level in force for the worker at `at`: the last set before it, else the default.
v1::MonitoringLevel LevelAt(const v1::LevelHistory& history, int64_t at, const v1::Policy& policy) {
  const v1::MonitoringLevel* level = &domain::DefaultMonitoringLevel(policy);
  for (const v1::LevelSince& l : history.levels()) {
    if (l.since() >= at) break;
    level = &l.level();
  }
  return *level;
}

uint32_t ReviewsDue(const v1::MonitoringLevel& level, const WorkerMonth& w, int64_t held,
                    int64_t elapsed) {
  switch (level.kind()) {
    case v1::EVERY_FILE_BEFORE_ADVICE:
      return static_cast<uint32_t>(w.noted);
    case v1::SAMPLE_PERCENT:
      return CeilDiv(int64_t{level.percent()} * held, 100 * elapsed);
    case v1::SAMPLE_FILES_PER_MONTH:
      return std::min(level.files_per_month(), CeilDiv(held, elapsed));
    case v1::PERIODIC:
      return CeilDiv(held, int64_t{level.period_days()} * kSecondsPerDay);
    default:
      return 0;
  }
}

void FillLists(Month& m) {
  v1::MonthReport& r = m.report;
  std::vector<v1::CategoryCount> categories;
  for (const auto& [category, counts] : m.categories) {
    v1::CategoryCount& c = categories.emplace_back();
    c.set_category(category);
    c.set_opened(counts.first);
    c.set_closed(counts.second);
    r.set_opened(r.opened() + counts.first);
    r.set_closed(r.closed() + counts.second);
  }
  std::stable_sort(categories.begin(), categories.end(),
                   [](const v1::CategoryCount& a, const v1::CategoryCount& b) {
                     return a.opened() + a.closed() > b.opened() + b.closed();
                   });
  for (v1::CategoryCount& c : categories) *r.add_categories() = std::move(c);
  for (const auto& [key, count] : m.incidents) {
    v1::IncidentCount* c = r.add_incidents();
    c->set_kind(static_cast<v1::IncidentKind>(key.first));
    c->set_severity(static_cast<v1::Severity>(key.second));
    c->set_count(count);
    r.set_incidents_total(r.incidents_total() + count);
  }
  for (const auto& [key, count] : m.grades) {
    v1::GradeCount* g = r.add_grades();
    g->set_criterion(static_cast<v1::ReviewCriterion>(key.first));
    g->set_grade(static_cast<v1::ReviewGrade>(key.second));
    g->set_count(count);
  }
  uint32_t incident_breaches = 0;
  for (const auto& [kind, count] : m.incident_breaches) {
    v1::IncidentBreachCount* b = r.add_incident_breaches();
    b->set_kind(static_cast<v1::IncidentKind>(kind));
    b->set_count(count);
    incident_breaches += count;
  }
  r.set_response_breaches(r.contact_breaches() + incident_breaches);
}

}  // namespace

absl::StatusOr<v1::TeamReport> GetTeamReport(const View& view, absl::string_view org_id,
                                             const v1::GetTeamReportRequest& request,
                                             const v1::PolicyVersion& policy, absl::Time as_of) {
  domain::FieldErrors errors;
  errors.Id("team_id", request.team_id(), true);
  absl::CivilMonth from, to;
  const bool from_ok =
      request.from_month().size() == 7 && absl::ParseCivilTime(request.from_month(), &from);
  const bool to_ok =
      request.to_month().size() == 7 && absl::ParseCivilTime(request.to_month(), &to);
  if (!from_ok) errors.Add("from_month", "must be a month YYYY-MM");
  if (!to_ok) errors.Add("to_month", "must be a month YYYY-MM");
  if (from_ok && to_ok && to < from) errors.Add("to_month", "must not be before from_month");
  if (from_ok && to_ok && to - from >= kMaxMonths) {
    errors.Add("to_month",
               absl::StrCat("must be at most ", kMaxMonths, " months after from_month"));
  }
  if (absl::Status s = errors.ToStatus(); !s.ok()) return s;

  const int64_t now = absl::ToUnixSeconds(as_of);
  std::vector<Month> months;
  for (absl::CivilMonth m = from; m <= to; ++m) {
    Month& month = months.emplace_back();
    month.name = absl::FormatCivilTime(m).substr(0, 7);
    month.start = absl::ToUnixSeconds(absl::FromCivil(m, absl::UTCTimeZone()));
    month.end = absl::ToUnixSeconds(absl::FromCivil(m + 1, absl::UTCTimeZone()));
    month.report.set_month(month.name);
  }
  const std::string counts = report_keys::CountPrefix(org_id, request.team_id());
  absl::Status scanned =
      view.Scan(counts + months.front().name, absl::StrCat(counts, months.back().name, "\1"),
                [&](absl::string_view key, absl::string_view value) {
                  const absl::string_view rest = key.substr(counts.size());
                  int64_t n = 0;
                  if (rest.size() < 8 || !absl::SimpleAtoi(value, &n)) return true;
                  for (Month& m : months) {
                    if (rest.substr(0, 7) == m.name) AddCountAt(m, rest.substr(8), n, now);
                  }
                  return true;
                });
  if (!scanned.ok()) return scanned;
  scanned = AddHoldings(view, org_id, request.team_id(), months, now);
  if (!scanned.ok()) return scanned;
  // The response times that ran out in the month running at `now`, before it.
  if (Month* running = MonthAt(months, now)) {
    scanned =
        ScanByTime(view, report_keys::DuePrefix(org_id, request.team_id()), running->start, now,
                   [&](int64_t, absl::string_view breach) { AddCount(*running, breach, 1); });
    if (!scanned.ok()) return scanned;
  }

  const v1::Policy& rules = policy.policy();
  const double safe = rules.safe_caseload_points();
  v1::TeamReport report;
  report.set_team_id(request.team_id());
  report.set_policy_version(policy.version());
  *report.mutable_as_of() = ToProto(as_of);
  std::map<std::string, v1::LevelHistory> histories;
  // Over the whole period: each worker's point-seconds, and the seconds reported.
  std::map<std::string, double> period_points;
  int64_t period_elapsed = 0;
  Month total;
  for (Month& m : months) {
    const int64_t elapsed = std::max<int64_t>(0, std::min(m.end, now) - m.start);
    period_elapsed += elapsed;
    double points_sum = 0;
    uint32_t workers = 0, over = 0, due = 0;
    for (const auto& [worker, w] : m.workers) {
      int64_t held = 0;
      double points = 0;
      for (const auto& [kc, seconds] : w.held) {
        held += seconds;
        points += seconds * domain::CaseWeightFor(rules, static_cast<v1::CaseKind>(kc.first),
                                                  static_cast<v1::Complexity>(kc.second));
      }
      if (held == 0 && w.noted == 0) continue;
      ++workers;
      period_points[worker] += points;
      auto history = histories.find(worker);
      if (history == histories.end()) {
        v1::LevelHistory levels;
        auto stored = view.Get(report_keys::Levels(org_id, worker));
        if (!stored.ok()) return stored.status();
        if (stored->has_value() && !levels.ParseFromString(**stored)) {
          return absl::DataLossError("a worker's monitoring levels are corrupt");
        }
        history = histories.emplace(worker, std::move(levels)).first;
      }
      const v1::MonitoringLevel level =
          LevelAt(history->second, std::min(m.end, std::max(now, m.start + 1)), rules);
      due += ReviewsDue(level, w, held, elapsed);
      const double average = elapsed > 0 ? points / elapsed : 0;
      points_sum += average;
      if (average > safe) ++over;
    }
    m.report.set_workers(workers);
    m.report.set_average_points(workers > 0 ? points_sum / workers : 0);
    m.report.set_safe_points(safe);
    m.report.set_workers_over_safe(over);
    m.report.set_reviews_due(due);
    FillLists(m);
    // The period's total adds up every count.
    for (const auto& [category, counts] : m.categories) {
      total.categories[category].first += counts.first;
      total.categories[category].second += counts.second;
    }
    for (const auto& [key, count] : m.incidents) total.incidents[key] += count;
    for (const auto& [key, count] : m.grades) total.grades[key] += count;
    for (const auto& [kind, count] : m.incident_breaches) total.incident_breaches[kind] += count;
    v1::MonthReport& t = total.report;
    t.set_outcomes_achieved(t.outcomes_achieved() + m.report.outcomes_achieved());
    t.set_outcomes_not_achieved(t.outcomes_not_achieved() + m.report.outcomes_not_achieved());
    t.set_reviews_done(t.reviews_done() + m.report.reviews_done());
    t.set_reviews_due(t.reviews_due() + m.report.reviews_due());
    t.set_contact_breaches(t.contact_breaches() + m.report.contact_breaches());
    *report.add_months() = m.report;
  }
  FillLists(total);
  uint32_t over = 0;
  double points_sum = 0;
  for (const auto& [worker, points] : period_points) {
    const double average = period_elapsed > 0 ? points / period_elapsed : 0;
    points_sum += average;
    if (average > safe) ++over;
  }
  v1::MonthReport& t = total.report;
  t.set_workers(static_cast<uint32_t>(period_points.size()));
  t.set_average_points(period_points.empty() ? 0 : points_sum / period_points.size());
  t.set_safe_points(safe);
  t.set_workers_over_safe(over);
  *report.mutable_total() = std::move(t);
  return report;
}

}  // namespace caseledger::projections
