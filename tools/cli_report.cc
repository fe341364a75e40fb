// caseledger report: a team's casework month by month, as a table and a small chart.

#include <algorithm>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tools/cli_app.h"
#include "tools/cli_parse.h"
#include "tools/table.h"

namespace caseledger::cli {
namespace {

struct ReportFlags {
  std::string team, from, to;
  bool chart = true;
};

std::string Month(absl::CivilMonth month) { return absl::FormatCivilTime(month).substr(0, 7); }

// A bar of `value` out of `max`, `width` characters at most.
std::string Bar(double value, double max, int width, const char* block) {
  const int n = max > 0 ? static_cast<int>(value / max * width + 0.5) : 0;
  std::string bar;
  for (int i = 0; i < std::min(n, width); ++i) bar += block;
  return bar;
}

void PrintTable(const v1::TeamReport& report) {
  Table table({"MONTH", "OPENED", "CLOSED", "INCIDENTS", "ACHIEVED", "NOT", "REVIEWS", "DUE",
               "BREACHES", "WORKERS", "AVG LOAD", "SAFE", "OVER"});
  auto row = [&](const v1::MonthReport& m, const std::string& name) {
    table.Add({name, absl::StrCat(m.opened()), absl::StrCat(m.closed()),
               absl::StrCat(m.incidents_total()), absl::StrCat(m.outcomes_achieved()),
               absl::StrCat(m.outcomes_not_achieved()), absl::StrCat(m.reviews_done()),
               absl::StrCat(m.reviews_due()), absl::StrCat(m.response_breaches()),
               absl::StrCat(m.workers()), absl::StrFormat("%.1f", m.average_points()),
               absl::StrFormat("%.0f", m.safe_points()), absl::StrCat(m.workers_over_safe())});
  };
  for (const auto& m : report.months()) row(m, m.month());
  row(report.total(), "(total)");
  table.Print(std::cout);
  const v1::MonthReport& total = report.total();
  if (total.categories_size() > 0) {
    std::cout << "\nby category (opened/closed):";
    for (int i = 0; i < total.categories_size() && i < 8; ++i) {
      const auto& c = total.categories(i);
      std::cout << (i == 0 ? " " : ", ") << c.category() << " " << c.opened() << "/" << c.closed();
    }
    std::cout << "\n";
  }
  if (total.incidents_total() > 0) {
    std::cout << "incidents:";
    for (const auto& i : total.incidents()) {
      std::cout << " " << EnumLabel(i.kind()) << "/" << EnumLabel(i.severity()) << " " << i.count()
                << ";";
    }
    std::cout << "\n";
  }
  if (total.grades_size() > 0) {
    std::cout << "review grades:";
    for (const auto& g : total.grades()) {
      std::cout << " " << EnumLabel(g.criterion()) << "=" << EnumLabel(g.grade()) << " "
                << g.count() << ";";
    }
    std::cout << "\n";
  }
  std::cout << "response breaches: " << total.contact_breaches() << " contact";
  for (const auto& b : total.incident_breaches()) {
    std::cout << ", " << b.count() << " " << EnumLabel(b.kind());
  }
  std::cout << "\n";
}

void PrintChart(const v1::TeamReport& report) {
  double most = 1;
  for (const auto& m : report.months()) {
    most =
        std::max<double>({most, static_cast<double>(m.opened()), static_cast<double>(m.closed())});
  }
  std::cout << "\ncases opened (#) and closed (=), and average load against the safe level\n";
  for (const auto& m : report.months()) {
    std::cout << m.month() << "  " << absl::StrFormat("%-20s", Bar(m.opened(), most, 20, "#"))
              << absl::StrFormat(" %3d  ", m.opened())
              << absl::StrFormat("%-20s", Bar(m.closed(), most, 20, "="))
              << absl::StrFormat(" %3d  ", m.closed());
    const double safe = m.safe_points() > 0 ? m.safe_points() : 1;
    const std::string load = Bar(std::min(m.average_points(), safe * 1.5), safe * 1.5, 15, "|");
    std::cout << "load " << absl::StrFormat("%-15s", load)
              << (m.average_points() > safe ? " OVER" : "") << "\n";
  }
}

}  // namespace

void AddReport(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ReportFlags>();
  CLI::App* c = app.add_subcommand(
      "report", "A team's casework by month: cases, incidents, outcomes, reviews, load");
  c->add_option("--team", f->team, "The team (default: yours)");
  c->add_option("--from", f->from, "First month, YYYY-MM (default: eleven months ago)");
  c->add_option("--to", f->to, "Last month, YYYY-MM (default: this month)");
  c->add_flag("!--no-chart", f->chart, "Leave out the chart");
  commands.On<ReportFlags>(c, f, [](Client& client, const ReportFlags& f) {
    const absl::CivilMonth now = absl::ToCivilMonth(absl::Now(), absl::UTCTimeZone());
    v1::GetTeamReportRequest r;
    r.set_team_id(f.team.empty() ? client.connection().team : f.team);
    r.set_from_month(f.from.empty() ? Month(now - 11) : f.from);
    r.set_to_month(f.to.empty() ? Month(now) : f.to);
    v1::TeamReport report;
    Check(client.supervision().GetTeamReport(client.Context().get(), r, &report));
    if (client.connection().json) {
      std::cout << ToJson(report) << "\n";
      return;
    }
    std::cout << "team " << report.team_id() << ", " << r.from_month() << " to " << r.to_month()
              << " (policy version " << report.policy_version() << ")\n";
    PrintTable(report);
    if (f.chart) PrintChart(report);
  });
}

}  // namespace caseledger::cli
