// The caseload view built live, rebuilt from position 1, resumed after a stop, and after a
// failed batch, always equals a fold of the log.

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/log.h"
#include "domain/case.h"
#include "domain/policy.h"
#include "eventstore/keys.h"
#include "eventstore/rocksdb_event_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "projections/attention_index.h"
#include "projections/caseload_projection.h"
#include "projections/caseload_queries.h"
#include "projections/diary.h"
#include "projections/hour_counts.h"
#include "projections/projection_engine.h"
#include "projections/summary.h"
#include "projections/view_keys.h"
#include "tests/projections/generated_log.h"
#include "tests/support/run_command.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace caseledger::projections {
namespace {

using ::caseledger::testing::IsOk;

// The caseload projection under another version, or failing once at one position.
class Wrapped final : public Projection {
 public:
  // Fails once at position `fail_at`; from position `slow_from` on, takes a millisecond an
  // event, so a test can stop it midway.
  Wrapped(const eventstore::EventStore& store, uint32_t version, uint64_t fail_at = 0,
          uint64_t slow_from = UINT64_MAX)
      : inner_(store, /*capacity=*/64),
        version_(version),
        fail_at_(fail_at),
        slow_from_(slow_from) {}
  std::string name() const override { return inner_.name(); }
  uint32_t version() const override { return version_; }
  absl::Status Apply(const v1::EventRecord& record, ViewBatch& view) override {
    uint64_t none = 0;
    first_applied_.compare_exchange_strong(none, record.position());
    if (record.position() == fail_at_) {
      fail_at_ = 0;
      return absl::InternalError("injected failure");
    }
    if (record.position() >= slow_from_) absl::SleepFor(absl::Milliseconds(1));
    return inner_.Apply(record, view);
  }
  absl::Status Flush(ViewBatch& view) override {
    ++flushes_;
    return inner_.Flush(view);
  }
  void Discard() override { inner_.Discard(); }
  // The position of the first event it was given.
  uint64_t first_applied() const { return first_applied_.load(); }
  // The batches it was asked to write.
  uint64_t flushes() const { return flushes_.load(); }

 private:
  CaseloadProjection inner_;
  const uint32_t version_;
  uint64_t fail_at_;
  const uint64_t slow_from_;
  std::atomic<uint64_t> first_applied_{0};
  std::atomic<uint64_t> flushes_{0};
};

class RebuildTest : public GeneratedLogTest {
 protected:
  bool CaughtUp() { return GeneratedLogTest::CaughtUp(CaseloadProjection::kName); }

  // The rows of a view but the stored folds, which depend on which cases left memory when.
  static std::map<std::string, std::string> WithoutFolds(std::map<std::string, std::string> rows) {
    std::string end(view_keys::kCaseFoldPrefix);
    ++end.back();
    rows.erase(rows.lower_bound(std::string(view_keys::kCaseFoldPrefix)), rows.lower_bound(end));
    return rows;
  }

  // Every row of a view.
  std::map<std::string, std::string> Rows(const std::string& view) {
    std::map<std::string, std::string> rows;
    auto table = store_->storage().views.OpenView(view);
    EXPECT_THAT(table, IsOk());
    EXPECT_THAT((*table)->Scan("", std::string(8, '\xff'),
                               [&](absl::string_view key, absl::string_view value) {
                                 rows.emplace(key, value);
                                 return true;
                               }),
                IsOk());
    return rows;
  }

  // Waits for version 2 to take over, then checks it against the fold and `live` (a view built
  // as the log was written), but for the folds stored of cases that left memory.
  void ExpectRebuiltAsVersion2EqualTo(const std::map<std::string, std::string>& live) {
    for (int i = 0; i < 600 && engine_->Serving(CaseloadProjection::kName)->version() != 2; ++i) {
      absl::SleepFor(absl::Milliseconds(50));
    }
    ASSERT_EQ(engine_->Serving(CaseloadProjection::kName)->version(), 2u);
    const auto rebuilt = Rows("caseload/v2");
    ExpectRowsEqualTheFold(rebuilt);
    EXPECT_EQ(WithoutFolds(rebuilt), WithoutFolds(live));
  }

  // What the view must hold, by folding every case stream from the log.
  void ExpectRowsEqualTheFold(const std::map<std::string, std::string>& rows) {
    auto log = store_->ReadAll(1, 1000000);
    ASSERT_THAT(log, IsOk());
    // The folds the view stored of cases that left memory, each to be met on the way.
    std::map<std::string, v1::CaseState> stored_folds;
    for (auto it = rows.lower_bound(std::string(view_keys::kCaseFoldPrefix));
         it != rows.end() && absl::StartsWith(it->first, view_keys::kCaseFoldPrefix); ++it) {
      ASSERT_TRUE(stored_folds[it->first.substr(view_keys::kCaseFoldPrefix.size())].ParseFromString(
          it->second));
    }
    std::map<std::string, v1::CaseState> cases;
    size_t actor_rows = 0, folds_met = 0;
    for (const auto& record : *log) {
      v1::CaseEvent event;
      ASSERT_TRUE(event.ParseFromString(record.payload()));
      const std::string id = record.stream_id().substr(5);
      v1::CaseState& state = cases[id];
      domain::Evolve(state, event);
      ++actor_rows;
      if (auto stored = stored_folds.find(id);
          stored != stored_folds.end() && stored->second.revision() == state.revision()) {
        EXPECT_EQ(stored->second.SerializeAsString(), state.SerializeAsString())
            << "the stored fold of case " << id << " is the log's fold to its revision";
        EXPECT_TRUE(IsOpen(state.status())) << "only an open case's fold is kept: " << id;
        ++folds_met;
      }
    }
    EXPECT_EQ(folds_met, stored_folds.size()) << "every stored fold is of a revision in the log";
    for (const auto& [id, fold] : stored_folds) {
      EXPECT_TRUE(IsOpen(cases[id].status())) << "a closed case's fold went: " << id;
    }
    size_t in_order = 0, diary = 0, action_plans = 0, summaries = 0, actors = 0, attention = 0,
           teams_and_workers_diaries = 0;
    // The count kept beside each caseload order prefix and each hour and day of a diary or the
    // attention list, and what it should be.
    std::map<std::string, uint64_t> counts, want_counts;
    ASSERT_EQ(rows.count(CaseloadProjection::kAppliedKey), 1u);
    EXPECT_EQ(eventstore::keys::DecodePosition(rows.at(CaseloadProjection::kAppliedKey)),
              log->size())
        << "every event applied exactly once";
    for (const auto& [key, value] : rows) {
      if (absl::StartsWith(key, "q/")) ++in_order;
      if ((absl::StartsWith(key, "n/") || absl::StartsWith(key, "h/") ||
           absl::StartsWith(key, "y/")) &&
          eventstore::keys::DecodePosition(value) > 0) {
        counts[key] = eventstore::keys::DecodePosition(value);
      }
      if (absl::StartsWith(key, "d/")) ++diary;
      if (absl::StartsWith(key, "p/")) ++action_plans;
      if (absl::StartsWith(key, "g/")) ++teams_and_workers_diaries;
      if (absl::StartsWith(key, "e/")) ++attention;
      if (absl::StartsWith(key, "c/")) ++summaries;
      if (absl::StartsWith(key, "a/")) ++actors;
    }
    size_t want_in_order = 0, want_diary = 0, want_action_plans = 0, want_attention = 0,
           want_teams_and_workers_diaries = 0;
    for (const auto& [id, state] : cases) {
      const v1::CaseSummary want = Summarize(state);
      auto row = rows.find(view_keys::Case(id));
      ASSERT_NE(row, rows.end()) << id;
      v1::CaseSummary got;
      ASSERT_TRUE(got.ParseFromString(row->second));
      ASSERT_EQ(got.SerializeAsString(), want.SerializeAsString())
          << "case " << id << "\nview: " << got.ShortDebugString()
          << "\nfold: " << want.ShortDebugString();
      if (!IsOpen(state.status())) continue;
      // Under the caseload's order for the organisation, and its team's and worker's.
      const CaseloadPlace place = PlaceOf(want);
      std::vector<std::string> prefixes = {view_keys::CaseloadPrefix(want.org_id(), "", "")};
      if (!want.team_id().empty()) {
        prefixes.push_back(view_keys::CaseloadPrefix(want.org_id(), want.team_id(), ""));
      }
      if (!want.worker_id().empty()) {
        prefixes.push_back(view_keys::CaseloadPrefix(want.org_id(), "", want.worker_id()));
      }
      for (const std::string& prefix : prefixes) {
        ++want_in_order;
        ++want_counts[view_keys::CaseloadCount(prefix)];
        EXPECT_EQ(
            rows.count(view_keys::CaseloadEntry(prefix, place.rank, place.deadline_seconds, id)),
            1u)
            << id;
      }
      want_diary += want.open_deadlines_size();
      for (const bool plans : {false, true}) {
        for (const auto& [key, entry] : DiaryOf(want, plans)) {
          EXPECT_EQ(rows.count(key), 1u) << id;
          // The organisation's, then the team's and worker's under their own prefix.
          if (absl::StartsWith(key, "g/")) {
            ++want_teams_and_workers_diaries;
          } else {
            want_action_plans += plans;
          }
          ++want_counts[DiaryHourCountOf(key, entry)];
        }
      }
      // In the attention list's order, judged by the default policy.
      for (const auto& [key, count] : AttentionEntriesOf(want, domain::DefaultPolicy())) {
        EXPECT_EQ(rows.count(key), 1u) << id;
        ++want_attention;
        ++want_counts[count];
      }
    }
    // Each hour's count adds to its day's.
    std::map<std::string, uint64_t> want_days;
    for (const auto& [key, n] : want_counts) {
      if (std::optional<std::string> day = DayCountOf(key)) want_days[*day] += n;
    }
    EXPECT_FALSE(want_days.empty());
    want_counts.insert(want_days.begin(), want_days.end());
    EXPECT_EQ(summaries, cases.size());
    EXPECT_EQ(in_order, want_in_order);
    EXPECT_EQ(counts, want_counts);
    EXPECT_EQ(diary, want_diary);
    EXPECT_EQ(action_plans, want_action_plans);
    EXPECT_EQ(teams_and_workers_diaries, want_teams_and_workers_diaries);
    EXPECT_GT(want_teams_and_workers_diaries, want_diary);
    EXPECT_EQ(attention, want_attention);
    EXPECT_GT(want_attention, 0u);
    EXPECT_EQ(actors, actor_rows) << "one audit-trail row per event";
  }
};

TEST_F(RebuildTest, LiveViewEqualsTheRebuiltViewAndTheFold) {
  StartEngine(std::make_unique<Wrapped>(*store_, 1));
  Generate(4000, 150);
  ASSERT_TRUE(CaughtUp());
  const auto live = Rows("caseload/v1");
  ExpectRowsEqualTheFold(live);
  EXPECT_LT(WithoutFolds(live).size(), live.size())
      << "with 150 cases and room for 64, some left memory and kept their fold";

  // A new version rebuilds from position 1 beside the old one, then takes over.
  engine_.reset();
  StartEngine(std::make_unique<Wrapped>(*store_, 2));
  EXPECT_EQ(engine_->Serving(CaseloadProjection::kName)->version(), 1u)
      << "the old version serves while the new one builds";
  ExpectRebuiltAsVersion2EqualTo(live);
  // The old version's family goes once no reader holds it.
  for (int i = 0; i < 100 && store_->storage().views.HasView("caseload/v1"); ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_FALSE(store_->storage().views.HasView("caseload/v1"));
}

// A rebuild far behind the head reads the log a few events at a time and commits many reads
// in one batch; one of them failing midway, the batch is applied again from the checkpoint.
// The view equals the live one built in small batches, and the fold.
TEST_F(RebuildTest, ARebuildCommittingManyReadsInOneBatchEqualsTheLiveViewAndTheFold) {
  StartEngine(std::make_unique<Wrapped>(*store_, 1));
  Generate(4000, 150);
  ASSERT_TRUE(CaughtUp());
  const auto live = Rows("caseload/v1");
  engine_.reset();

  const uint64_t head = store_->Head().position;
  EngineOptions options;
  options.batch_events = 20;
  options.catch_up_read_events = 7;
  options.catch_up_batch_events = 700;
  options.catch_up_commit_interval = absl::Minutes(1);
  engine_ = std::make_unique<ProjectionEngine>(*store_, store_->storage().views,
                                               store_->storage().checkpoints, options);
  auto rebuilding = std::make_unique<Wrapped>(*store_, 2, /*fail_at=*/head / 2);
  const Wrapped* rebuilt_by = rebuilding.get();
  ASSERT_THAT(engine_->Add(std::move(rebuilding)), IsOk());
  ExpectRebuiltAsVersion2EqualTo(live);
  // Batches of 700 up to the last 80 events (then of 20), and the one that failed: far fewer
  // than the reads of 7.
  EXPECT_LE(rebuilt_by->flushes(), head / 700 + 80 / 20 + 3) << head << " events";
}

// ListCaseload a page at a time from the caseload order index gives, for the organisation and
// every team and worker in it, the list the whole scan judges and sorts, item for item.
TEST_F(RebuildTest, ListCaseloadPagedInOrderEqualsTheWholeListSorted) {
  StartEngine(std::make_unique<Wrapped>(*store_, 1));
  Generate(4000, 150);
  ASSERT_TRUE(CaughtUp());
  std::shared_ptr<const View> view = engine_->Serving(CaseloadProjection::kName);
  const v1::Policy& policy = domain::DefaultPolicy();
  const absl::Time now = absl::Now();
  // Every page of a list, as the items' bytes; each page's total checked against `total`.
  auto pages = [&](v1::ListCaseloadRequest request, uint32_t page_size, uint32_t* total) {
    std::vector<std::string> items;
    request.set_page_size(page_size);
    for (int i = 0; i < 1000; ++i) {
      auto page = ListCaseload(*view, "default", request, policy, now);
      EXPECT_THAT(page, IsOk());
      if (!page.ok()) break;
      if (i == 0) *total = page->total();
      EXPECT_EQ(page->total(), *total);
      for (const v1::CaseloadItem& item : page->items()) items.push_back(item.SerializeAsString());
      if (page->next_page_token().empty()) break;
      EXPECT_EQ(page->items_size(), static_cast<int>(page_size)) << "a short page before the last";
      request.set_page_token(page->next_page_token());
    }
    return items;
  };
  v1::ListCaseloadRequest everyone;
  everyone.add_statuses(v1::LIVE);
  everyone.add_statuses(v1::DORMANT);
  auto all = ListCaseload(*view, "default", everyone, policy, now);
  ASSERT_THAT(all, IsOk());
  std::set<std::pair<std::string, std::string>> scopes = {{"", ""}};
  for (const v1::CaseloadItem& item : all->items()) {
    scopes.insert({item.summary().team_id(), ""});
    scopes.insert({"", item.summary().worker_id()});
  }
  ASSERT_GT(scopes.size(), 5u);
  for (const auto& [team, worker] : scopes) {
    SCOPED_TRACE("team '" + team + "', worker '" + worker + "'");
    v1::ListCaseloadRequest scanned = everyone;
    scanned.set_team_id(team);
    scanned.set_worker_id(worker);
    v1::ListCaseloadRequest in_order;
    in_order.set_team_id(team);
    in_order.set_worker_id(worker);
    uint32_t scanned_total = 0, in_order_total = 0;
    const std::vector<std::string> want = pages(scanned, 1000, &scanned_total);
    EXPECT_EQ(pages(in_order, 7, &in_order_total), want);
    EXPECT_EQ(in_order_total, scanned_total);
    EXPECT_EQ(in_order_total, want.size());
  }
}

TEST_F(RebuildTest, AnOldVersionLeftBehindBySwapCutShortIsDroppedAtTheNextStart) {
  // As a crash right after version 2 took over would leave the store: version 1's view and
  // checkpoint still there, version 2 serving.
  eventstore::Storage storage = store_->storage();
  ASSERT_THAT(storage.views.OpenView("caseload/v1"), IsOk());
  eventstore::TableChanges old_rows;
  old_rows.Put("c/stale", "x");
  ASSERT_THAT(storage.views.Commit("caseload/v1", old_rows, CheckpointKey("caseload", 1), 7),
              IsOk());
  ASSERT_THAT(storage.checkpoints.Save(ServingKey("caseload"), 2), IsOk());
  StartEngine(std::make_unique<Wrapped>(*store_, 2));
  EXPECT_EQ(engine_->Serving(CaseloadProjection::kName)->version(), 2u);
  EXPECT_FALSE(storage.views.HasView("caseload/v1"));
  EXPECT_THAT(storage.checkpoints.Read(CheckpointKey("caseload", 1)),
              testing::IsOkAndHolds(std::nullopt));
}

TEST_F(RebuildTest, StoppedMidwayAndRestartedAppliesEveryEventOnce) {
  Generate(3000, 120);
  const uint64_t head = store_->Head().position;
  // Slow past a third, so the stop lands before the end however the threads are scheduled.
  StartEngine(std::make_unique<Wrapped>(*store_, 1, /*fail_at=*/0, /*slow_from=*/head / 3),
              /*batch=*/50);
  ASSERT_TRUE(engine_->WaitForPosition(CaseloadProjection::kName, head / 3,
                                       absl::Now() + absl::Seconds(60)));
  engine_->Stop();
  const uint64_t stopped_at = engine_->Position(CaseloadProjection::kName);
  EXPECT_LT(stopped_at, head) << "stopped midway";
  engine_.reset();

  // A fresh projection with nothing in memory resumes from the checkpoint.
  auto resumed = std::make_unique<Wrapped>(*store_, 1);
  const Wrapped* fresh = resumed.get();
  StartEngine(std::move(resumed), /*batch=*/50);
  ASSERT_TRUE(CaughtUp());
  EXPECT_EQ(fresh->first_applied(), stopped_at + 1);
  ExpectRowsEqualTheFold(Rows("caseload/v1"));
}

TEST_F(RebuildTest, ARebuildLogsItsProgress) {
  Generate(1000, 40);
  log::Capture captured;
  EngineOptions options;
  options.batch_events = 50;
  options.catch_up_batch_events = 50;
  options.progress_interval = absl::ZeroDuration();
  engine_ = std::make_unique<ProjectionEngine>(*store_, store_->storage().views,
                                               store_->storage().checkpoints, options);
  ASSERT_THAT(engine_->Add(std::make_unique<Wrapped>(*store_, 1)), IsOk());
  ASSERT_TRUE(CaughtUp());
  engine_.reset();
  std::vector<std::string> progress;
  for (const std::string& line : captured.Lines()) {
    if (absl::StrContains(line, "projection catching up")) progress.push_back(line);
  }
  ASSERT_FALSE(progress.empty());
  EXPECT_THAT(progress.front(),
              ::testing::MatchesRegex("info projection catching up projection=caseload version=1 "
                                      "position=[0-9]+ head=[0-9]+ events_per_second=[0-9]+ "
                                      "seconds_left=[0-9.]+"));
}

// The view as committed, but for one key whose value it replaces.
class OneRowReplaced final : public eventstore::Table {
 public:
  OneRowReplaced(const eventstore::Table& committed, std::string key, std::string value)
      : committed_(committed), key_(std::move(key)), value_(std::move(value)) {}
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const override {
    if (key == key_) return value_;
    return committed_.Get(key);
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const override {
    return absl::UnimplementedError("not read by the projection's apply");
  }
  absl::Status Scan(absl::string_view from, absl::string_view until, Visitor visit) const override {
    return committed_.Scan(from, until, visit);
  }

 private:
  const eventstore::Table& committed_;
  const std::string key_, value_;
};

// A case not in memory is folded again from the fold it stored when it left, and the events
// after it, not from its stream's start: a stored fold made to differ from the log's shows in
// the summary written for the case's next event.
TEST_F(RebuildTest, ACaseNotInMemoryIsFoldedFromItsStoredFold) {
  StartEngine(std::make_unique<Wrapped>(*store_, 1));
  Generate(4000, 150);
  ASSERT_TRUE(CaughtUp());
  engine_.reset();
  // A stored fold with events after it: its case came back to memory after it was stored.
  std::string case_id;
  v1::CaseState fold;
  std::vector<v1::EventRecord> after;
  for (const auto& [key, value] : Rows("caseload/v1")) {
    if (!absl::StartsWith(key, view_keys::kCaseFoldPrefix)) continue;
    ASSERT_TRUE(fold.ParseFromString(value));
    auto next = store_->ReadStream(absl::StrCat("case-", fold.case_id()), fold.revision() + 1,
                                   eventstore::Direction::kForward, 1000);
    ASSERT_THAT(next, IsOk());
    if (next->size() < 2) continue;
    case_id = fold.case_id();
    after = *std::move(next);
    break;
  }
  ASSERT_FALSE(case_id.empty()) << "no stored fold was overtaken by its case's events";
  fold.set_category("from the stored fold");
  auto table = store_->storage().views.OpenView("caseload/v1");
  ASSERT_THAT(table, IsOk());
  OneRowReplaced committed(**table, view_keys::CaseFold(case_id), fold.SerializeAsString());

  // The event just after the fold, then (the case in memory now) the next.
  CaseloadProjection projection(*store_, /*capacity=*/64);
  ViewBatch batch(committed);
  for (const v1::EventRecord& record : {after[0], after[1]}) {
    ASSERT_THAT(projection.Apply(record, batch), IsOk());
  }
  ASSERT_THAT(projection.Flush(batch), IsOk());
  const auto& written = batch.changes().changes();
  auto summary = written.find(view_keys::Case(case_id));
  ASSERT_NE(summary, written.end());
  ASSERT_TRUE(summary->second.has_value());
  v1::CaseSummary got;
  ASSERT_TRUE(got.ParseFromString(*summary->second));
  EXPECT_EQ(got.category(), "from the stored fold");
  EXPECT_EQ(got.revision(), after[1].stream_revision());
}

// With more cases than it keeps in memory (64), so folds stored in the failed batch are lost
// with it.
TEST_F(RebuildTest, AFailedBatchIsRetriedWithoutApplyingAnythingTwice) {
  Generate(2000, 120);
  StartEngine(std::make_unique<Wrapped>(*store_, 1, /*fail_at=*/store_->Head().position / 2));
  ASSERT_TRUE(CaughtUp());
  ExpectRowsEqualTheFold(Rows("caseload/v1"));
}

}  // namespace
}  // namespace caseledger::projections
