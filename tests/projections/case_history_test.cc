// ReplayCase, by revision, by record time and by occurrence, equals a plain fold of the case's
// events read from the whole log, for every case of a generated history and at every point of
// each, a case whose data subject was erased included: folding from the case's first event,
// from folds kept in memory by earlier replays, and from the folds the replay-folds view keeps.

#include "projections/case_history.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "app/case_commands.h"
#include "base/proto_time.h"
#include "caseledger/v1/views.pb.h"
#include "domain/case.h"
#include "domain/personal_fields.h"
#include "eventstore/rocksdb_event_store.h"
#include "gmock/gmock.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "privacy/sealing.h"
#include "projections/replay_folds.h"
#include "tests/projections/generated_log.h"
#include "tests/support/run_command.h"
#include "tests/support/status_matchers.h"

namespace caseledger::projections {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::google::protobuf::util::MessageDifferencer;

// A case's events as the log holds them, opened with the keys as they are now.
// How a replay of `request` ended, its answer left aside.
absl::Status ReplayStatus(const eventstore::EventStore& store, const privacy::SubjectKeys& keys,
                          const v1::ReplayCaseRequest& request,
                          ReplaySnapshots* snapshots = nullptr) {
  v1::ReplayCaseResponse replayed;
  return ReplayCase(store, keys, request, replayed, snapshots);
}

struct LoggedEvent {
  absl::Time recorded_at;
  absl::Time occurred_at;
  v1::CaseEvent event;
};

// Where a replay may start (the parameter): from the case's first event only; from the folds
// earlier replays kept in memory, every 7th revision; or from those the replay-folds view
// keeps of every case, every 7th revision up to the 56th, further apart beyond (KeepsFoldAt).
enum class Folds { kNone, kInMemory, kStored };

class CaseHistoryTest : public GeneratedLogTest, public ::testing::WithParamInterface<Folds> {
 protected:
  void SetUp() override {
    GeneratedLogTest::SetUp();
    if (GetParam() == Folds::kInMemory) {
      snapshots_ = std::make_unique<ReplaySnapshots>(commands_->keys(), 7);
    }
    if (GetParam() == Folds::kStored) {
      StartEngine(std::make_unique<ReplayFoldsProjection>(*store_, commands_->keys(), 7));
    }
  }
  void TearDown() override {
    snapshots_.reset();
    kept_folds_.reset();
    GeneratedLogTest::TearDown();
  }

  // Every case's events, read from the whole log rather than from the case's stream.
  std::map<std::string, std::vector<LoggedEvent>> CasesFromTheLog() {
    std::map<std::string, std::vector<LoggedEvent>> cases;
    auto log = store_->ReadAll(1, 1000000);
    EXPECT_THAT(log, IsOk());
    for (const v1::EventRecord& record : *log) {
      if (record.stream_id().rfind("case-", 0) != 0) continue;
      const std::string case_id = record.stream_id().substr(5);
      LoggedEvent logged{FromProto(record.metadata().recorded_at()),
                         FromProto(record.metadata().occurred_at()),
                         {}};
      EXPECT_TRUE(logged.event.ParseFromString(record.payload()));
      EXPECT_THAT(privacy::Unseal(commands_->keys(), case_id, logged.event), IsOk());
      cases[case_id].push_back(std::move(logged));
    }
    return cases;
  }

  // The fold of the events `include` accepts, copying each, as a reader would write it.
  template <typename Include>
  static v1::CaseState Fold(const std::vector<LoggedEvent>& events, Include include) {
    v1::CaseState state;
    for (const LoggedEvent& logged : events) {
      if (include(logged)) domain::Evolve(state, logged.event);
    }
    return state;
  }

  // `request` replayed into an answer on the heap, and again into one on an arena, as
  // caseledgerd answers: the two must agree.
  v1::ReplayCaseResponse Replay(const v1::ReplayCaseRequest& request) {
    v1::ReplayCaseResponse on_heap;
    EXPECT_THAT(ReplayCase(*store_, commands_->keys(), request, on_heap, snapshots_.get(),
                           kept_folds_.get()),
                IsOk());
    google::protobuf::Arena arena;
    auto* on_arena = google::protobuf::Arena::CreateMessage<v1::ReplayCaseResponse>(&arena);
    EXPECT_THAT(ReplayCase(*store_, commands_->keys(), request, *on_arena, snapshots_.get(),
                           kept_folds_.get()),
                IsOk());
    EXPECT_TRUE(MessageDifferencer::Equals(on_heap, *on_arena)) << request.ShortDebugString();
    return on_heap;
  }

  // The revision of the fold the replay-folds view holds of the case at or before `last`;
  // 0 for none.
  uint64_t StoredFoldAt(const std::string& case_id, uint64_t last) {
    auto kept = KeptFold(*kept_folds_, commands_->keys(), case_id, last, absl::InfiniteFuture());
    EXPECT_THAT(kept, IsOk());
    return kept.ok() && *kept != nullptr ? (*kept)->revision : 0;
  }

  // The last revision up to `revision` at which the replay-folds view keeps a fold; 0 for none.
  static uint64_t LastKeptUpTo(uint64_t revision) {
    while (revision > 0 && !KeepsFoldAt(revision, 7)) --revision;
    return revision;
  }

  // Checks every revision, every record time and every time of occurrence of every case.
  void ExpectEveryReplayEqualsTheFold() {
    const auto cases = CasesFromTheLog();
    ASSERT_FALSE(cases.empty());
    if (GetParam() == Folds::kStored) {
      ASSERT_TRUE(CaughtUp(ReplayFoldsProjection::kName));
      kept_folds_ = engine_->Serving(ReplayFoldsProjection::kName);
      ASSERT_NE(kept_folds_, nullptr);
    }
    for (const auto& [case_id, events] : cases) {
      v1::ReplayCaseRequest request;
      request.set_case_id(case_id);
      for (size_t n = 1; n <= events.size(); ++n) {
        request.set_revision(n);
        if (GetParam() == Folds::kStored && !unreadable_folds_.contains(case_id)) {
          EXPECT_EQ(StoredFoldAt(case_id, n), LastKeptUpTo(n)) << case_id << " at revision " << n;
        }
        size_t folded = 0;
        const v1::CaseState expected =
            Fold(events, [&](const LoggedEvent&) { return folded++ < n; });
        const v1::ReplayCaseResponse replayed = Replay(request);
        EXPECT_TRUE(MessageDifferencer::Equals(replayed.state(), expected))
            << case_id << " at revision " << n;
        EXPECT_EQ(replayed.revision(), n);
        EXPECT_EQ(FromProto(replayed.recorded_at()), events[n - 1].recorded_at);

        const absl::Time recorded = events[n - 1].recorded_at;
        *request.mutable_time() = ToProto(recorded);
        bool later = false;
        const v1::CaseState then = Fold(events, [&](const LoggedEvent& e) {
          later = later || e.recorded_at > recorded;
          return !later;
        });
        EXPECT_TRUE(MessageDifferencer::Equals(Replay(request).state(), then))
            << case_id << " as recorded at " << recorded;

        const absl::Time occurred = events[n - 1].occurred_at;
        *request.mutable_occurred_by() = ToProto(occurred);
        const v1::CaseState known =
            Fold(events, [&](const LoggedEvent& e) { return e.occurred_at <= occurred; });
        EXPECT_TRUE(MessageDifferencer::Equals(Replay(request).state(), known))
            << case_id << " as occurred by " << occurred;
      }
      request.set_revision(events.size() + 1);
      EXPECT_THAT(ReplayStatus(*store_, commands_->keys(), request, snapshots_.get()),
                  StatusIs(absl::StatusCode::kInvalidArgument));
      *request.mutable_time() = ToProto(events.front().recorded_at - absl::Seconds(1));
      EXPECT_THAT(ReplayStatus(*store_, commands_->keys(), request, snapshots_.get()),
                  StatusIs(absl::StatusCode::kNotFound));
    }
    // Once more, every replay now starting from a fold kept by the first pass.
    if (snapshots_ != nullptr && !again_) {
      EXPECT_GT(snapshots_->Kept(), cases.size());
      again_ = true;
      ExpectEveryReplayEqualsTheFold();
      again_ = false;
    }
  }

  std::unique_ptr<ReplaySnapshots> snapshots_;
  std::shared_ptr<const View> kept_folds_;
  bool again_ = false;
  // Cases whose stored folds do not open: their subject was erased, or the folds are corrupt.
  absl::flat_hash_set<std::string> unreadable_folds_;
};

TEST_P(CaseHistoryTest, EveryReplayOfEveryCaseEqualsThePlainFold) {
  Generate(500, 24);
  ExpectEveryReplayEqualsTheFold();
}

// Longer than one run of the stream's index the store reads at a time.
TEST_P(CaseHistoryTest, ALongCaseReplaysAsThePlainFoldAtEveryRevision) {
  Generate(60, 3);
  app::Actor actor;
  actor.id = "w-long";
  actor.role = "caseworker";
  v1::OpenCaseRequest open;
  open.mutable_header()->set_command_id("open-long");
  open.mutable_header()->set_case_id("long");
  open.set_kind(v1::ADVICE);
  open.set_category("debt");
  open.set_client_ref("C-long");
  open.set_complexity(v1::MEDIUM);
  open.set_team_id("team-long");
  ASSERT_THAT(testing::RunAndWait(commands_->runner(), app::ToCommand(open), actor), IsOk());
  for (int n = 0; n < 300; ++n) {
    v1::RecordNoteRequest note;
    note.mutable_header()->set_command_id(absl::StrCat("note-", n));
    note.mutable_header()->set_case_id("long");
    note.mutable_note()->set_kind(v1::FACT);
    note.mutable_note()->set_contact_type(v1::PHONE);
    note.mutable_note()->set_text(absl::StrCat("Called the client, time ", n));
    ASSERT_THAT(testing::RunAndWait(commands_->runner(), app::ToCommand(note), actor), IsOk());
  }
  ASSERT_EQ(CasesFromTheLog()["long"].size(), 301u);
  ExpectEveryReplayEqualsTheFold();
}

TEST_P(CaseHistoryTest, AfterAnErasureTheReplayReadsThePersonalFieldsErasedAsTheFoldDoes) {
  Generate(300, 6);
  // Every case replayed once with its subject's key: folds kept hold the fields opened.
  ExpectEveryReplayEqualsTheFold();
  const auto before = CasesFromTheLog();
  const std::string case_id = before.begin()->first;
  const v1::CaseState last = Fold(before.begin()->second, [](const LoggedEvent&) { return true; });
  ASSERT_THAT(commands_->keys().Erase(privacy::KeyId(last.org_id(), case_id)), IsOk());
  unreadable_folds_.insert(case_id);
  if (GetParam() == Folds::kStored && last.revision() >= 7) {
    EXPECT_EQ(StoredFoldAt(case_id, last.revision()), 0u) << "a fold sealed for an erased subject";
  }

  v1::ReplayCaseRequest request;
  request.set_case_id(case_id);
  *request.mutable_time() = ToProto(absl::Now());
  EXPECT_EQ(Replay(request).state().client_ref(), domain::kErased);
  request.set_case_id(std::next(before.begin())->first);
  EXPECT_NE(Replay(request).state().client_ref(), domain::kErased) << "another case's subject";
  ExpectEveryReplayEqualsTheFold();
}

// The replay-folds view is derived data: a fold in it that does not read is passed over and the
// case folded from the log, never answered wrongly nor refused.
// Only the replay-folds view stores folds.
class StoredFoldsTest : public CaseHistoryTest {};

TEST_P(StoredFoldsTest, AFoldThatDoesNotReadIsPassedOverAndTheCaseFoldedFromTheLog) {
  Generate(300, 6);
  ASSERT_TRUE(CaughtUp(ReplayFoldsProjection::kName));
  kept_folds_ = engine_->Serving(ReplayFoldsProjection::kName);
  ASSERT_NE(kept_folds_, nullptr);
  // Two cases with folds: every fold of the first is no fold at all, and every fold of the
  // second, sealed, has one byte of its sealed state changed, so that it no longer opens.
  std::vector<std::string> corrupt;
  for (const auto& [case_id, events] : CasesFromTheLog()) {
    if (events.size() >= 14) corrupt.push_back(case_id);
    if (corrupt.size() == 2) break;
  }
  ASSERT_EQ(corrupt.size(), 2u);
  eventstore::TableChanges changes;
  for (size_t i = 0; i < corrupt.size(); ++i) {
    ASSERT_THAT(
        kept_folds_->ScanPrefix(KeptFoldsPrefix(corrupt[i]),
                                [&](absl::string_view key, absl::string_view value) {
                                  v1::KeptReplayFold fold;
                                  EXPECT_TRUE(fold.ParseFromArray(value.data(), value.size()));
                                  EXPECT_FALSE(fold.key_id().empty()) << "a fold stored plain";
                                  (*fold.mutable_state())[fold.state().size() / 2] ^= 1;
                                  changes.Put(std::string(key),
                                              i == 0 ? "not a fold" : fold.SerializeAsString());
                                  return true;
                                }),
        IsOk());
    unreadable_folds_.insert(corrupt[i]);
  }
  ASSERT_GE(changes.size(), 4u);
  ASSERT_THAT(store_->storage().views.Commit(
                  ViewName(ReplayFoldsProjection::kName, ReplayFoldsProjection::kVersion), changes,
                  CheckpointKey(ReplayFoldsProjection::kName, ReplayFoldsProjection::kVersion),
                  store_->Head().position),
              IsOk());
  for (const std::string& case_id : corrupt) {
    EXPECT_THAT(
        KeptFold(*kept_folds_, commands_->keys(), case_id, UINT64_MAX, absl::InfiniteFuture()),
        StatusIs(absl::StatusCode::kDataLoss))
        << case_id;
  }
  ExpectEveryReplayEqualsTheFold();
}

TEST_P(CaseHistoryTest, ACaseThatNeverExistedIsNotFound) {
  Generate(20, 2);
  v1::ReplayCaseRequest request;
  request.set_case_id("never");
  request.set_revision(1);
  EXPECT_THAT(ReplayStatus(*store_, commands_->keys(), request),
              StatusIs(absl::StatusCode::kNotFound));
}

using ReplaySnapshotsTest = GeneratedLogTest;

// A replay by revision keeps one fold, at the last multiple of every() up to it; within its
// memory budget the set keeps the folds of the cases replayed last.
TEST_F(ReplaySnapshotsTest, AReplayKeepsOneFoldAndABudgetKeepsTheCasesReplayedLast) {
  Generate(400, 8);
  std::vector<std::string> cases;
  auto log = store_->ReadAll(1, 1000000);
  ASSERT_THAT(log, IsOk());
  for (const v1::EventRecord& record : *log) {
    if (record.stream_id().rfind("case-", 0) == 0 && record.stream_revision() == 8) {
      cases.push_back(record.stream_id().substr(5));  // each case of 8 events or more
    }
  }
  ASSERT_GE(cases.size(), 4u);
  v1::ReplayCaseRequest request;
  request.set_revision(8);
  size_t one_case = 0;
  {
    ReplaySnapshots measure(commands_->keys(), 4);
    request.set_case_id(cases[0]);
    ASSERT_THAT(ReplayStatus(*store_, commands_->keys(), request, &measure), IsOk());
    EXPECT_EQ(measure.Kept(), 1u);
    auto kept = measure.Nearest(cases[0], 8, absl::InfiniteFuture());
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(kept->revision, 8u);
    one_case = kept->state.size();
  }
  // Room for about two cases' folds.
  ReplaySnapshots snapshots(commands_->keys(), 4, one_case * 5 / 2);
  for (const std::string& id : cases) {
    request.set_case_id(id);
    ASSERT_THAT(ReplayStatus(*store_, commands_->keys(), request, &snapshots), IsOk());
  }
  EXPECT_LE(snapshots.Kept(), 3u);
  EXPECT_NE(snapshots.Nearest(cases.back(), 8, absl::InfiniteFuture()), nullptr);
  EXPECT_EQ(snapshots.Nearest(cases.front(), 8, absl::InfiniteFuture()), nullptr);
  // Not below its revision, nor before its events were recorded.
  EXPECT_EQ(snapshots.Nearest(cases.back(), 7, absl::InfiniteFuture()), nullptr);
  EXPECT_EQ(snapshots.Nearest(cases.back(), 8, absl::InfinitePast()), nullptr);
  // Stepping back to revision 6 keeps the fold at 4.
  request.set_case_id(cases.back());
  request.set_revision(6);
  ASSERT_THAT(ReplayStatus(*store_, commands_->keys(), request, &snapshots), IsOk());
  auto at_four = snapshots.Nearest(cases.back(), 7, absl::InfiniteFuture());
  ASSERT_NE(at_four, nullptr);
  EXPECT_EQ(at_four->revision, 4u);
}

// A short case keeps a fold every `every` revisions; a long one at most an eighth of its
// revisions apart, so that its folds hold a bounded multiple of it, not its square.
TEST(KeepsFoldAtTest, EveryNthWhileShortThenAtMostAnEighthApartHoldingABoundedMultiple) {
  for (uint64_t r = 100; r < 1600; r += 100) EXPECT_TRUE(KeepsFoldAt(r, 100)) << r;
  for (uint64_t r : {0, 1, 99, 150, 1700, 1900, 3300, 3400, 3500}) {
    EXPECT_FALSE(KeepsFoldAt(r, 100)) << r;
  }
  for (uint64_t r : {1600, 1800, 3000, 3200, 3600, 6400, 7200})
    EXPECT_TRUE(KeepsFoldAt(r, 100)) << r;
  EXPECT_FALSE(KeepsFoldAt(100, 0)) << "every 0 keeps none";
  for (const uint64_t every : {1, 7, 100}) {
    uint64_t last = 0, held = 0;
    for (uint64_t r = 1; r <= 200000; ++r) {
      if (!KeepsFoldAt(r, every)) continue;
      EXPECT_LE(r - last, std::max(every, r / 8)) << "a gap before " << r << ", every " << every;
      last = r;
      held += r;  // a fold at r holds the case's first r revisions
      EXPECT_LE(2 * held, 25 * r) << "more than 12.5 times the case at " << r;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Snapshots, StoredFoldsTest, ::testing::Values(Folds::kStored),
                         [](const ::testing::TestParamInfo<Folds>&) { return "Stored"; });
INSTANTIATE_TEST_SUITE_P(Snapshots, CaseHistoryTest,
                         ::testing::Values(Folds::kNone, Folds::kInMemory, Folds::kStored),
                         [](const ::testing::TestParamInfo<Folds>& info) {
                           switch (info.param) {
                             case Folds::kInMemory:
                               return "Kept";
                             case Folds::kStored:
                               return "Stored";
                             default:
                               return "None";
                           }
                         });

}  // namespace
}  // namespace caseledger::projections
