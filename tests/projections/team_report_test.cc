// The team report read from its projection equals a brute-force count over the same log: a
// generated year of casework (100,000 events), with workers' monitoring levels set and the
// policy changed part way, and a few cases written by hand, for several periods and every team,
// judged after the last event and part way through a month.

#include <map>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "base/proto_time.h"
#include "domain/case.h"
#include "domain/policy.h"
#include "domain/supervision_policy.h"
#include "domain/worker.h"
#include "eventstore/memory_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "projections/attention.h"
#include "projections/projection_engine.h"
#include "projections/summary.h"
#include "projections/team_report_projection.h"
#include "projections/team_report_queries.h"
#include "tests/support/status_matchers.h"
#include "tools/history_generator.h"

namespace caseledger::projections {
namespace {

using ::caseledger::testing::IsOk;

constexpr int64_t kDay = 24 * 60 * 60;

std::string MonthOf(int64_t seconds) {
  return absl::FormatTime("%Y-%m", absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
}

int64_t MonthStart(const std::string& month) {
  absl::CivilMonth m;
  absl::ParseCivilTime(month, &m);
  return absl::ToUnixSeconds(absl::FromCivil(m, absl::UTCTimeZone()));
}

int64_t MonthEnd(const std::string& month) {
  absl::CivilMonth m;
  absl::ParseCivilTime(month, &m);
  return absl::ToUnixSeconds(absl::FromCivil(m + 1, absl::UTCTimeZone()));
}

// What the report must say of one team's month, counted from the log event by event.
struct Counted {
  std::map<std::string, std::pair<uint32_t, uint32_t>> categories;
  std::map<std::pair<int, int>, uint32_t> incidents, grades;
  std::map<int, uint32_t> incident_breaches;
  uint32_t achieved = 0, not_achieved = 0, reviews = 0, contact_breaches = 0;
  // Per worker: seconds held by (kind, complexity), and the files they recorded work on.
  std::map<std::string, std::map<std::pair<int, int>, int64_t>> held;
  std::map<std::string, std::set<std::string>> noted;
};

// Each case as the brute force follows it: its fold, the time its events count at, and the
// response times it is waiting on.
struct FollowedCase {
  v1::CaseState state;
  int64_t clock = 0;
  int64_t contact_due = 0;
  bool counted = false;
  std::map<std::string, std::pair<int, int64_t>> incidents;  // id -> (kind, due)
};

class TeamReportTest : public ::testing::Test {
 protected:
  static absl::Time Start() {
    return absl::FromCivil(absl::CivilSecond(2025, 1, 6, 8, 0, 0), absl::UTCTimeZone());
  }

  void SetUp() override {
    tools::HistoryOptions options;
    options.seed = 11;
    options.cases = 6000;
    options.workers = 40;
    options.teams = 2;
    options.start = Start();
    options.step = absl::Minutes(5);  // 100,000 commands: a little under a year
    tools::HistoryGenerator generator(options);
    int levels = 0;
    for (int i = 0; i < 100000; ++i) {
      const tools::GeneratedCommand command = generator.Next();
      AppendCase(tools::HeaderOf(command.request).case_id(), generator.last_events(),
                 command.actor);
      // Monitoring levels for some workers, changed through the year, and a stricter policy
      // from the middle of it.
      if (i % 9000 == 4500) SetLevel(levels++, FromProto(generator.last_events()[0].occurred_at()));
      if (i == 50000) SetPolicy(FromProto(generator.last_events()[0].occurred_at()));
    }
    last_event_ = FromProto(generator.last_events()[0].occurred_at());
    AppendHandWrittenCases();
    ASSERT_GE(store_.Head().position, 100000u);
    // Small batches, so that much of what a case holds open is moved from one batch's state
    // to the next.
    EngineOptions engine_options;
    engine_options.batch_events = 300;
    engine_options.catch_up_batch_events = 300;
    engine_ = std::make_unique<ProjectionEngine>(store_, store_.storage().views,
                                                 store_.storage().checkpoints, engine_options);
    ASSERT_THAT(engine_->Add(std::make_unique<TeamReportProjection>()), IsOk());
    ASSERT_TRUE(engine_->WaitForPosition(TeamReportProjection::kName, store_.Head().position,
                                         absl::Now() + absl::Seconds(120)));
  }

  template <typename Event>
  void Append(const std::string& stream, const Event& event, const std::string& actor,
              const std::string& type) {
    eventstore::AppendRequest request;
    request.stream_id = stream;
    eventstore::ProposedEvent proposed;
    proposed.type = type;
    proposed.payload = event.SerializeAsString();
    proposed.metadata.set_actor(actor);
    *proposed.metadata.mutable_occurred_at() = event.occurred_at();
    request.events.push_back(std::move(proposed));
    ASSERT_THAT(store_.Append(std::move(request)), IsOk());
  }

  void AppendCase(const std::string& case_id, const std::vector<v1::CaseEvent>& events,
                  const std::string& actor) {
    for (const v1::CaseEvent& event : events) {
      Append(domain::CaseStreamId(case_id), event, actor, domain::EventType(event));
    }
  }

  static absl::Time At(int month, int day, int hour) {
    return absl::FromCivil(absl::CivilSecond(2025, month, day, hour, 0, 0), absl::UTCTimeZone());
  }
  // When the report is judged part way through a month.
  static absl::Time MidJune() { return At(6, 17, 12); }

  static v1::CaseEvent EventAt(absl::Time at) {
    v1::CaseEvent e;
    *e.mutable_occurred_at() = ToProto(at);
    e.set_actor("sup");
    return e;
  }

  // A case of team-0 opened and assigned to w01 at `at`.
  void OpenAndAssign(const std::string& case_id, absl::Time at) {
    v1::CaseEvent opened = EventAt(at);
    v1::CaseOpened* o = opened.mutable_case_opened();
    o->set_case_id(case_id);
    o->set_org_id("default");
    o->set_kind(v1::ADVICE);
    o->set_complexity(v1::HIGH);
    o->set_category("housing");
    o->set_team_id("team-0");
    v1::CaseEvent assigned = EventAt(at);
    assigned.mutable_case_assigned()->set_worker_id(tools::HistoryGenerator::WorkerId(1));
    assigned.mutable_case_assigned()->set_team_id("team-0");
    AppendCase(case_id, {opened, assigned}, "sup");
  }

  // What a generated history need not hold, written after it (late, as a log may have it).
  void AppendHandWrittenCases() {
    // Held all year from January, never touched again: held since before any later period, and
    // its first contact, due in January, never made.
    OpenAndAssign("held-all-year", At(1, 10, 9));
    // Held from the 3rd to the 20th of March.
    OpenAndAssign("held-in-march", At(3, 3, 9));
    v1::CaseEvent closed = EventAt(At(3, 20, 17));
    closed.mutable_status_changed()->set_from(v1::LIVE);
    closed.mutable_status_changed()->set_to(v1::CLOSED);
    AppendCase("held-in-march", {closed}, "sup");
    // Its first contact and a complaint's response both due in June before MidJune().
    OpenAndAssign("overdue-in-june", At(6, 2, 9));
    v1::CaseEvent flagged = EventAt(At(6, 3, 10));
    flagged.mutable_untoward_incident_flagged()->set_incident_id("complaint-1");
    flagged.mutable_untoward_incident_flagged()->mutable_incident()->set_kind(v1::COMPLAINT);
    flagged.mutable_untoward_incident_flagged()->mutable_incident()->set_severity(v1::MINOR);
    AppendCase("overdue-in-june", {flagged}, "sup");
    // Its first contact due in June after MidJune().
    OpenAndAssign("due-after-mid-june", At(6, 16, 10));
    // Held since after MidJune(), in the same month.
    OpenAndAssign("held-since-after-mid-june", At(6, 16, 11));
    v1::CaseEvent called = EventAt(At(6, 18, 10));
    called.mutable_note_recorded()->set_note_id("call-1");
    called.mutable_note_recorded()->mutable_note()->set_contact_type(v1::PHONE);
    AppendCase("held-since-after-mid-june", {called}, "sup");
  }

  void SetLevel(int n, absl::Time at) {
    v1::WorkerEvent event;
    *event.mutable_occurred_at() = ToProto(at);
    event.set_actor("sup");
    event.set_org_id("default");
    v1::MonitoringLevel* level = event.mutable_monitoring_level_set()->mutable_level();
    switch (n % 4) {
      case 0:
        level->set_kind(v1::EVERY_FILE_BEFORE_ADVICE);
        break;
      case 1:
        level->set_kind(v1::SAMPLE_PERCENT);
        level->set_percent(15);
        break;
      case 2:
        level->set_kind(v1::SAMPLE_FILES_PER_MONTH);
        level->set_files_per_month(3);
        break;
      default:
        level->set_kind(v1::PERIODIC);
        level->set_period_days(20);
        break;
    }
    Append(domain::WorkerStreamId(tools::HistoryGenerator::WorkerId(1 + n % 7)), event, "sup",
           domain::EventType(event));
  }

  void SetPolicy(absl::Time at) {
    v1::PolicyEvent event;
    *event.mutable_occurred_at() = ToProto(at);
    event.set_actor("admin");
    v1::Policy* policy = event.mutable_policy_set()->mutable_policy();
    *policy = domain::DefaultPolicy();
    policy->clear_incident_response_times();
    v1::IncidentResponseTime* r = policy->add_incident_response_times();
    r->set_kind(v1::COMPLAINT);
    r->set_decision_working_days(0);
    for (v1::ResponseTime& response : *policy->mutable_response_times()) {
      response.set_contact_interval_working_days(response.contact_interval_working_days() / 2 + 1);
    }
    event.mutable_policy_set()->set_version(1);
    Append(domain::PolicyStreamId("default"), event, "admin", "PolicySet");
  }

  // Every team's months, counted from the whole log as it stands at `as_of`.
  std::map<std::pair<std::string, std::string>, Counted> BruteForce(int64_t as_of) {
    std::map<std::pair<std::string, std::string>, Counted> months;
    v1::Policy policy = domain::DefaultPolicy();
    std::map<std::string, FollowedCase> cases;
    auto log = store_.ReadAll(1, 10000000);
    EXPECT_THAT(log, IsOk());
    auto at = [&](const std::string& team, int64_t t) -> Counted& {
      return months[{team, MonthOf(t)}];
    };
    auto add_held = [&](const v1::CaseState& s, int64_t from, int64_t to) {
      if (!IsOpen(s.status()) || s.worker_id().empty()) return;
      while (from < to) {
        const int64_t end = std::min(to, MonthEnd(MonthOf(from)));
        at(s.team_id(), from).held[s.worker_id()][{s.kind(), s.complexity()}] += end - from;
        from = end;
      }
    };
    auto contact_due = [&](const v1::CaseState& s) -> int64_t {
      auto due = ContactDueBy(Summarize(s), policy);
      return due.has_value() ? absl::ToUnixSeconds(*due) : 0;
    };
    for (const v1::EventRecord& record : *log) {
      if (absl::StartsWith(record.stream_id(), "policy-")) {
        v1::PolicyEvent event;
        EXPECT_TRUE(event.ParseFromString(record.payload()));
        policy = event.policy_set().policy();
        continue;
      }
      if (!absl::StartsWith(record.stream_id(), "case-")) continue;
      v1::CaseEvent e;
      EXPECT_TRUE(e.ParseFromString(record.payload()));
      FollowedCase& c = cases[record.stream_id()];
      const v1::CaseState& s = c.state;
      const int64_t t = std::max<int64_t>(e.occurred_at().seconds(), c.clock);
      const int64_t before = c.clock;
      c.clock = t;
      if (c.contact_due != 0 && !c.counted && c.contact_due < t) {
        ++at(s.team_id(), c.contact_due).contact_breaches;
        c.counted = true;
      }
      add_held(s, before, t);
      auto respond = [&](const std::string& incident_id) {
        auto it = c.incidents.find(incident_id);
        if (it == c.incidents.end()) return;
        if (t > it->second.second)
          ++at(s.team_id(), it->second.second).incident_breaches[it->second.first];
        c.incidents.erase(it);
      };
      switch (e.event_case()) {
        case v1::CaseEvent::kCaseOpened:
          ++at(e.case_opened().team_id(), t).categories[e.case_opened().category()].first;
          break;
        case v1::CaseEvent::kStatusChanged:
          if (e.status_changed().to() == v1::CLOSED)
            ++at(s.team_id(), t).categories[s.category()].second;
          break;
        case v1::CaseEvent::kUntowardIncidentFlagged: {
          const v1::IncidentDetails& incident = e.untoward_incident_flagged().incident();
          ++at(s.team_id(), t).incidents[{incident.kind(), incident.severity()}];
          if (auto days = domain::IncidentResponseDays(policy, incident.kind())) {
            c.incidents[e.untoward_incident_flagged().incident_id()] = {
                incident.kind(), absl::ToUnixSeconds(domain::WorkingDaysAfter(
                                     policy, FromProto(e.occurred_at()), *days))};
          }
          break;
        }
        case v1::CaseEvent::kIncidentResolved:
          respond(e.incident_resolved().incident_id());
          break;
        case v1::CaseEvent::kNoteRecorded:
        case v1::CaseEvent::kNoteCorrected: {
          const v1::NoteContent& note =
              e.has_note_recorded() ? e.note_recorded().note() : e.note_corrected().note();
          if (!note.incident_id().empty()) respond(note.incident_id());
          if (!s.worker_id().empty())
            at(s.team_id(), t).noted[s.worker_id()].insert(record.stream_id());
          break;
        }
        case v1::CaseEvent::kOutcomeProgressRecorded: {
          const v1::OutcomeProgressRecorded& p = e.outcome_progress_recorded();
          v1::OutcomeStatus previous = v1::OUTCOME_STATUS_UNSPECIFIED;
          for (const v1::Outcome& o : s.outcomes()) {
            if (o.outcome_id() == p.outcome_id() && o.progress_size() > 0) {
              previous = o.progress(o.progress_size() - 1).status();
            }
          }
          if (p.status() != previous && p.status() == v1::ACHIEVED) ++at(s.team_id(), t).achieved;
          if (p.status() != previous && p.status() == v1::NOT_ACHIEVED) {
            ++at(s.team_id(), t).not_achieved;
          }
          break;
        }
        case v1::CaseEvent::kFileReviewRecorded:
          ++at(s.team_id(), t).reviews;
          for (const v1::ChecklistGrade& g : e.file_review_recorded().review().checklist()) {
            ++at(s.team_id(), t).grades[{g.criterion(), g.grade()}];
          }
          break;
        default:
          break;
      }
      domain::Evolve(c.state, e);
      if (const int64_t due = contact_due(s); due != c.contact_due) {
        c.contact_due = due;
        c.counted = false;
      }
    }
    // What is still open at `as_of`.
    for (auto& [id, c] : cases) {
      const v1::CaseState& s = c.state;
      if (c.contact_due != 0 && !c.counted && c.contact_due < as_of) {
        ++at(s.team_id(), c.contact_due).contact_breaches;
      }
      for (const auto& [incident, kind_and_due] : c.incidents) {
        if (kind_and_due.second < as_of) {
          ++at(s.team_id(), kind_and_due.second).incident_breaches[kind_and_due.first];
        }
      }
      add_held(s, c.clock, as_of);
    }
    return months;
  }

  // The monitoring level of `worker` in force just before `at`, from the worker events in the
  // log.
  v1::MonitoringLevel LevelAt(const std::string& worker, int64_t at) {
    v1::MonitoringLevel level = domain::DefaultMonitoringLevel(domain::DefaultPolicy());
    auto log =
        store_.ReadStream(domain::WorkerStreamId(worker), 1, eventstore::Direction::kForward, 1000);
    EXPECT_THAT(log, IsOk());
    std::vector<std::pair<int64_t, v1::MonitoringLevel>> levels;
    for (const auto& record : *log) {
      v1::WorkerEvent event;
      EXPECT_TRUE(event.ParseFromString(record.payload()));
      levels.emplace_back(event.occurred_at().seconds(), event.monitoring_level_set().level());
    }
    std::stable_sort(levels.begin(), levels.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [since, l] : levels) {
      if (since < at) level = l;
    }
    return level;
  }

  static uint32_t CeilDiv(int64_t a, int64_t b) {
    return b <= 0 ? 0 : static_cast<uint32_t>((a + b - 1) / b);
  }

  // Checks the report of `team` for [from, to] against the brute force.
  void ExpectReportEqualsCount(const std::string& team, const std::string& from,
                               const std::string& to, int64_t as_of,
                               const std::map<std::pair<std::string, std::string>, Counted>& all) {
    SCOPED_TRACE(absl::StrCat(team, " ", from, "..", to));
    v1::GetTeamReportRequest request;
    request.set_team_id(team);
    request.set_from_month(from);
    request.set_to_month(to);
    auto view = engine_->Serving(TeamReportProjection::kName);
    auto report = GetTeamReport(*view, "default", request, domain::DefaultPolicyVersion("default"),
                                absl::FromUnixSeconds(as_of));
    ASSERT_THAT(report, IsOk());
    const v1::Policy& policy = domain::DefaultPolicy();
    uint32_t opened_total = 0, reviews_total = 0, due_total = 0, breaches_total = 0;
    int months = 0;
    for (const v1::MonthReport& got : report->months()) {
      ++months;
      SCOPED_TRACE(got.month());
      static const Counted kNothing;
      auto it = all.find({team, got.month()});
      const Counted& want = it == all.end() ? kNothing : it->second;
      uint32_t opened = 0, closed = 0;
      for (const auto& [category, counts] : want.categories) {
        opened += counts.first;
        closed += counts.second;
      }
      EXPECT_EQ(got.opened(), opened);
      EXPECT_EQ(got.closed(), closed);
      ASSERT_EQ(got.categories_size(), static_cast<int>(want.categories.size()));
      for (const v1::CategoryCount& c : got.categories()) {
        EXPECT_EQ(c.opened(), want.categories.at(c.category()).first) << c.category();
        EXPECT_EQ(c.closed(), want.categories.at(c.category()).second) << c.category();
      }
      ASSERT_EQ(got.incidents_size(), static_cast<int>(want.incidents.size()));
      for (const v1::IncidentCount& c : got.incidents()) {
        EXPECT_EQ(c.count(), want.incidents.at({c.kind(), c.severity()}));
      }
      ASSERT_EQ(got.grades_size(), static_cast<int>(want.grades.size()));
      for (const v1::GradeCount& g : got.grades()) {
        EXPECT_EQ(g.count(), want.grades.at({g.criterion(), g.grade()}));
      }
      ASSERT_EQ(got.incident_breaches_size(), static_cast<int>(want.incident_breaches.size()));
      uint32_t incident_breaches = 0;
      for (const v1::IncidentBreachCount& b : got.incident_breaches()) {
        EXPECT_EQ(b.count(), want.incident_breaches.at(b.kind()));
        incident_breaches += b.count();
      }
      EXPECT_EQ(got.outcomes_achieved(), want.achieved);
      EXPECT_EQ(got.outcomes_not_achieved(), want.not_achieved);
      EXPECT_EQ(got.reviews_done(), want.reviews);
      EXPECT_EQ(got.contact_breaches(), want.contact_breaches);
      EXPECT_EQ(got.response_breaches(), want.contact_breaches + incident_breaches);
      // Load and reviews due, worker by worker.
      const int64_t start = MonthStart(got.month());
      const int64_t elapsed = std::max<int64_t>(0, std::min(MonthEnd(got.month()), as_of) - start);
      std::set<std::string> workers;
      for (const auto& [w, held] : want.held) workers.insert(w);
      for (const auto& [w, files] : want.noted) workers.insert(w);
      uint32_t due = 0, over = 0;
      double points_sum = 0;
      uint32_t counted_workers = 0;
      for (const std::string& w : workers) {
        int64_t held = 0;
        double points = 0;
        if (auto h = want.held.find(w); h != want.held.end()) {
          for (const auto& [kc, seconds] : h->second) {
            held += seconds;
            points += seconds * domain::CaseWeightFor(policy, static_cast<v1::CaseKind>(kc.first),
                                                      static_cast<v1::Complexity>(kc.second));
          }
        }
        const auto noted = want.noted.count(w) ? want.noted.at(w).size() : 0;
        if (held == 0 && noted == 0) continue;
        ++counted_workers;
        const v1::MonitoringLevel level =
            LevelAt(w, std::min(MonthEnd(got.month()), std::max(as_of, start + 1)));
        switch (level.kind()) {
          case v1::EVERY_FILE_BEFORE_ADVICE:
            due += noted;
            break;
          case v1::SAMPLE_PERCENT:
            due += CeilDiv(int64_t{level.percent()} * held, 100 * elapsed);
            break;
          case v1::SAMPLE_FILES_PER_MONTH:
            due += std::min<uint32_t>(level.files_per_month(), CeilDiv(held, elapsed));
            break;
          default:
            due += CeilDiv(held, int64_t{level.period_days()} * kDay);
            break;
        }
        const double average = elapsed > 0 ? points / elapsed : 0;
        points_sum += average;
        if (average > policy.safe_caseload_points()) ++over;
      }
      EXPECT_EQ(got.workers(), counted_workers);
      EXPECT_EQ(got.reviews_due(), due);
      EXPECT_EQ(got.workers_over_safe(), over);
      EXPECT_NEAR(got.average_points(), counted_workers ? points_sum / counted_workers : 0, 1e-9);
      opened_total += opened;
      reviews_total += want.reviews;
      due_total += due;
      breaches_total += want.contact_breaches + incident_breaches;
    }
    EXPECT_EQ(months, report->months_size());
    EXPECT_EQ(report->total().opened(), opened_total);
    EXPECT_EQ(report->total().reviews_done(), reviews_total);
    EXPECT_EQ(report->total().reviews_due(), due_total);
    EXPECT_EQ(report->total().response_breaches(), breaches_total);
    // Not a test that passes on an empty log: there is casework to count.
    EXPECT_GT(opened_total, 0u);
    EXPECT_GT(reviews_total, 0u);
  }

  eventstore::MemoryStore store_;
  std::unique_ptr<ProjectionEngine> engine_;
  absl::Time last_event_;
};

TEST_F(TeamReportTest, FiguresEqualABruteForceCountOverTheSameHistoryForThreePeriods) {
  const int64_t as_of = absl::ToUnixSeconds(last_event_ + absl::Hours(24 * 3));
  const auto counted = BruteForce(as_of);
  const std::string first = MonthOf(absl::ToUnixSeconds(Start()));
  const std::string last = MonthOf(absl::ToUnixSeconds(last_event_));
  for (const std::string team : {"team-0", "team-1"}) {
    ExpectReportEqualsCount(team, first, last, as_of, counted);           // the whole year
    ExpectReportEqualsCount(team, "2025-04", "2025-06", as_of, counted);  // a quarter
    ExpectReportEqualsCount(team, last, last, as_of, counted);            // the month still running
  }
  // Every figure has something in it to compare: the history exercises them all.
  v1::GetTeamReportRequest request;
  request.set_team_id("team-0");
  request.set_from_month(first);
  request.set_to_month(last);
  auto year = GetTeamReport(*engine_->Serving(TeamReportProjection::kName), "default", request,
                            domain::DefaultPolicyVersion("default"), absl::FromUnixSeconds(as_of));
  ASSERT_THAT(year, IsOk());
  const v1::MonthReport& total = year->total();
  EXPECT_GT(total.closed(), 0u);
  EXPECT_GT(total.incidents_total(), 0u);
  EXPECT_GT(total.outcomes_achieved(), 0u);
  EXPECT_GT(total.outcomes_not_achieved(), 0u);
  EXPECT_GT(total.grades_size(), 10);
  EXPECT_GT(total.reviews_due(), 0u);
  EXPECT_GT(total.contact_breaches(), 0u);
  EXPECT_GT(total.incident_breaches_size(), 0);
  EXPECT_GT(total.workers(), 10u);
  EXPECT_GT(total.average_points(), 0);
}

TEST_F(TeamReportTest, FiguresEqualABruteForceCountJudgedPartWayThroughAMonth) {
  // Cases held since after `as_of` count nothing, response times running out after it are not
  // breached, and months after it have no time elapsed.
  const int64_t as_of = absl::ToUnixSeconds(MidJune());
  const auto counted = BruteForce(as_of);
  const std::string first = MonthOf(absl::ToUnixSeconds(Start()));
  const std::string last = MonthOf(absl::ToUnixSeconds(last_event_));
  for (const std::string team : {"team-0", "team-1"}) {
    ExpectReportEqualsCount(team, first, last, as_of, counted);           // the whole year
    ExpectReportEqualsCount(team, "2025-05", "2025-07", as_of, counted);  // a quarter around it
    ExpectReportEqualsCount(team, "2025-06", "2025-06", as_of, counted);  // the month running
  }
}

TEST(TeamReportRequestTest, ABadTeamOrPeriodNamesTheField) {
  eventstore::MemoryStore store;
  EngineOptions options;
  ProjectionEngine engine(store, store.storage().views, store.storage().checkpoints, options);
  ASSERT_THAT(engine.Add(std::make_unique<TeamReportProjection>()), IsOk());
  auto view = engine.Serving(TeamReportProjection::kName);
  v1::GetTeamReportRequest request;
  request.set_team_id("team 0");
  request.set_from_month("2025-13");
  request.set_to_month("2025-01");
  auto report = GetTeamReport(*view, "default", request, domain::DefaultPolicyVersion("default"),
                              absl::Now());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(report.status().message()), ::testing::HasSubstr("team_id"));
  EXPECT_THAT(std::string(report.status().message()), ::testing::HasSubstr("from_month"));
  request.set_team_id("team-0");
  request.set_from_month("2022-01");
  request.set_to_month("2025-01");
  report = GetTeamReport(*view, "default", request, domain::DefaultPolicyVersion("default"),
                         absl::Now());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument) << "over 36 months";
}

}  // namespace
}  // namespace caseledger::projections
