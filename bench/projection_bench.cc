// The read side over a log of a million events: how fast the caseload view rebuilds from
// position 1 (beside a bare scan of the same log), how long ListCaseload takes for a worker
// with 200 open cases, the first page of a team's caseload and of the organisation's caseload,
// attention list and diary, and how long ReplayCase takes for a case of 1,000 events (--long-case).

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/time/clock.h"
#include "base/proto_time.h"
#include "bench/load.h"
#include "domain/case.h"
#include "domain/policy.h"
#include "eventstore/rocksdb_event_store.h"
#include "projections/case_history.h"
#include "projections/caseload_projection.h"
#include "projections/caseload_queries.h"
#include "projections/diary.h"
#include "projections/projection_engine.h"
#include "projections/replay_folds.h"
#include "tools/history_generator.h"

namespace caseledger::bench {
namespace {

struct Flags {
  uint64_t events = 1000000;
  int cases = 20000;
  int iterations = 2000;
  std::string dir = "/tmp/caseledger-projection-bench";
  bool keep = false;
  // What to time: any of scan, rebuild, lists, replay; all when empty. The lists need the
  // view, so asking for them rebuilds it too.
  std::vector<std::string> measures;
  // Seconds the rebuild is timed for at most (0: to the head); the lists need it to finish.
  double rebuild_for = 0;
  // Events of the long case that ReplayCase is timed on (its id: long-<events>).
  int long_case = 1000;
  // Events the projection engine applies in one batch while far behind.
  size_t catch_up_batch = projections::EngineOptions().catch_up_batch_events;
  // Cases the caseload view keeps folded in memory (caseledgerd's --cached-cases).
  size_t cached_cases = 100000;

  bool Wants(const std::string& measure) const {
    return measures.empty() ||
           std::find(measures.begin(), measures.end(), measure) != measures.end();
  }
};

// Appends a command's events to its case, many appends in flight so group commit batches them.
class Appender {
 public:
  explicit Appender(eventstore::EventStore& store) : store_(store) {}
  ~Appender() { Drain(); }

  void Append(const std::string& case_id, const std::vector<v1::CaseEvent>& events,
              const std::string& actor) {
    eventstore::AppendRequest request;
    request.stream_id = domain::CaseStreamId(case_id);
    for (const auto& e : events) {
      eventstore::ProposedEvent p;
      p.type = domain::EventType(e);
      p.payload = e.SerializeAsString();
      p.metadata.set_actor(actor);
      *p.metadata.mutable_occurred_at() = e.occurred_at();
      request.events.push_back(std::move(p));
    }
    {
      absl::MutexLock lock(&mu_);
      auto room = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return in_flight_ < 2048; };
      mu_.Await(absl::Condition(&room));
      ++in_flight_;
    }
    store_.AppendAsync(std::move(request), [this](absl::StatusOr<eventstore::AppendResult> r) {
      if (!r.ok()) {
        std::fprintf(stderr, "append failed: %s\n", r.status().ToString().c_str());
        std::exit(1);
      }
      absl::MutexLock lock(&mu_);
      --in_flight_;
    });
  }

  void Drain() {
    absl::MutexLock lock(&mu_);
    auto idle = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return in_flight_ == 0; };
    mu_.Await(absl::Condition(&idle));
  }

 private:
  eventstore::EventStore& store_;
  absl::Mutex mu_;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

std::string LongCaseId(const Flags& flags) { return absl::StrCat("long-", flags.long_case); }

// Runs a command of the generator's kind straight through the domain into the log.
void Generate(eventstore::RocksDbEventStore& store, const Flags& flags) {
  const absl::Time start = absl::Now();
  // A generator holds every case it opened in memory: a longer log is the histories of
  // several, each of up to ten million commands under ids of its own, over the same year.
  constexpr uint64_t kCommandsPerHistory = 10000000;
  const uint64_t background = flags.events - 200 * 4 - flags.long_case;
  tools::HistoryOptions options;
  options.cases = flags.cases;
  options.workers = 100;
  options.teams = 8;
  options.start = absl::Now() - absl::Hours(24 * 365);
  // Twenty seconds apart up to a million events, closer beyond, so each history spans less
  // than a year before now.
  options.step = std::min(
      absl::Seconds(20),
      absl::Hours(24 * 300) / static_cast<int64_t>(std::min(flags.events, kCommandsPerHistory)));
  Appender appender(store);
  for (uint64_t made = 0, part = 0; made < background; ++part) {
    options.seed = 42 + part;
    options.prefix = part == 0 ? "g" : absl::StrCat("g", part);
    tools::HistoryGenerator generator(options);
    for (uint64_t i = 0; i < kCommandsPerHistory && made < background; ++i, ++made) {
      tools::GeneratedCommand command = generator.Next();
      appender.Append(tools::HeaderOf(command.request).case_id(), generator.last_events(),
                      command.actor);
    }
  }
  // One worker with 200 open cases, and one case with 1,000 events (--long-case).
  const v1::PolicyVersion policy = domain::DefaultPolicyVersion("default");
  domain::CommandContext context;
  context.actor = "w-200";
  context.actor_role = "caseworker";
  context.org_id = "default";
  context.now = absl::Now();
  context.policy = &policy;
  auto decide_and_append = [&](v1::CaseState& state, const auto& request) {
    context.new_id = request.header().command_id();
    auto events = domain::Decide(state, request, context);
    if (!events.ok()) {
      std::fprintf(stderr, "%s\n", events.status().ToString().c_str());
      std::exit(1);
    }
    for (const auto& e : *events) domain::Evolve(state, e);
    appender.Append(request.header().case_id(), *events, context.actor);
  };
  int command = 0;
  auto header = [&](const std::string& case_id) {
    v1::CommandHeader h;
    h.set_command_id(absl::StrCat("bench-", ++command));
    h.set_case_id(case_id);
    return h;
  };
  for (int i = 0; i < 201; ++i) {
    const std::string id = i < 200 ? absl::StrCat("w200-", i) : LongCaseId(flags);
    v1::CaseState state;
    v1::OpenCaseRequest open;
    *open.mutable_header() = header(id);
    open.set_kind(v1::ADVICE);
    open.set_category("debt");
    open.set_client_ref(absl::StrCat("C-", id));
    open.set_complexity(v1::MEDIUM);
    open.set_team_id("team-bench");
    decide_and_append(state, open);
    v1::AssignCaseRequest assign;
    *assign.mutable_header() = header(id);
    assign.set_worker_id(i < 200 ? "w-200" : "w-long");
    decide_and_append(state, assign);
    v1::AssessPriorityRequest assess;
    *assess.mutable_header() = header(id);
    for (const auto& c : policy.policy().criteria()) {
      auto* s = assess.add_scores();
      s->set_criterion(c.name());
      s->set_score(i % 6);
    }
    assess.set_rationale("Scored against the agreed criteria");
    decide_and_append(state, assess);
    const int notes = i < 200 ? 1 : flags.long_case - 3;
    for (int n = 0; n < notes; ++n) {
      v1::SetDeadlineRequest deadline;
      v1::RecordNoteRequest note;
      if (n % 10 == 0) {
        *deadline.mutable_header() = header(id);
        deadline.mutable_deadline()->set_kind(v1::FOLLOW_UP);
        *deadline.mutable_deadline()->mutable_due_at() =
            ToProto(absl::Now() + absl::Hours(1 + (i * 7 + n) % 500));
        deadline.mutable_deadline()->set_what("Call the client back");
        decide_and_append(state, deadline);
        continue;
      }
      *note.mutable_header() = header(id);
      note.mutable_note()->set_kind(v1::FACT);
      note.mutable_note()->set_contact_type(v1::PHONE);
      note.mutable_note()->set_text("Client called to check on progress; explained next steps.");
      decide_and_append(state, note);
    }
  }
  appender.Drain();
  std::printf("generated %llu events in %.1f s\n",
              static_cast<unsigned long long>(store.Head().position),
              absl::ToDoubleSeconds(absl::Now() - start));
}

struct Timing {
  double p50_us, p99_us;
};

// ReplayCase as caseledgerd runs it, into an answer on an arena of the call's own, or with
// `on_heap` into one on the heap. The revision replayed; 0 for an error.
uint64_t Replay(const eventstore::EventStore& store, const privacy::SubjectKeys& keys,
                const v1::ReplayCaseRequest& request,
                projections::ReplaySnapshots* snapshots = nullptr, bool on_heap = false,
                const projections::View* kept_folds = nullptr) {
  google::protobuf::Arena arena;
  v1::ReplayCaseResponse heap;
  v1::ReplayCaseResponse& replayed =
      on_heap ? heap : *google::protobuf::Arena::CreateMessage<v1::ReplayCaseResponse>(&arena);
  if (!projections::ReplayCase(store, keys, request, replayed, snapshots, kept_folds).ok()) {
    return 0;
  }
  return replayed.revision();
}

void PrintTiming(absl::string_view name, const Timing& timing) {
  std::printf("%-44s p50 %7.0f us  p99 %7.0f us\n", std::string(name).c_str(), timing.p50_us,
              timing.p99_us);
}

Timing Percentiles(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)]};
}

template <typename F>
Timing Measure(int iterations, F f) {
  std::vector<double> us;
  for (int i = 0; i < iterations; ++i) {
    const absl::Time t = absl::Now();
    f();
    us.push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
  }
  return Percentiles(std::move(us));
}

}  // namespace
}  // namespace caseledger::bench

int main(int argc, char** argv) {
  using namespace caseledger;
  using namespace caseledger::bench;
  Flags flags;
  CLI::App app{"Caseload view rebuild rate, ListCaseload and ReplayCase latency"};
  app.add_option("--events", flags.events, "Events in the log")->capture_default_str();
  app.add_option("--cases", flags.cases, "Cases in the generated history")->capture_default_str();
  app.add_option("--iterations", flags.iterations, "Queries timed")->capture_default_str();
  app.add_option("--dir", flags.dir, "Data folder")->capture_default_str();
  app.add_flag("--keep", flags.keep,
               "Reuse the data folder's log when it has one (and its view, when only the lists are "
               "timed); keep it after");
  app.add_option("--measure", flags.measures, "Time only these (repeatable); all by default")
      ->check(CLI::IsMember({"scan", "rebuild", "lists", "replay"}));
  app.add_option("--long-case", flags.long_case, "Events of the case ReplayCase is timed on")
      ->capture_default_str()
      ->check(CLI::Range(4, 10000000));
  app.add_option("--rebuild-for", flags.rebuild_for,
                 "Time the rebuild for at most this many seconds (the lists are then skipped)");
  app.add_option("--catch-up-batch", flags.catch_up_batch,
                 "Events applied in one batch while the view is far behind")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  app.add_option("--cached-cases", flags.cached_cases,
                 "Cases the caseload view keeps folded in memory while it is built")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000000));
  CLI11_PARSE(app, argc, argv);

  if (!flags.keep) std::filesystem::remove_all(flags.dir);
  auto store = OpenStore(flags.dir, eventstore::Durability::kOs);
  if (store->Head().position == 0) Generate(*store, flags);
  const uint64_t head = store->Head().position;
  std::printf("log: %llu events\n", static_cast<unsigned long long>(head));
  // A log kept from an earlier run keeps its view too: the rebuild drops it, so as to start
  // afresh; the lists alone use it as it is.
  using projections::CaseloadProjection;
  eventstore::Storage storage = store->storage();
  if (flags.Wants("rebuild")) {
    if (!storage.views
             .DropView(
                 projections::ViewName(CaseloadProjection::kName, CaseloadProjection::kVersion))
             .ok()) {
      return 1;
    }
    for (const std::string& key :
         {projections::CheckpointKey(CaseloadProjection::kName, CaseloadProjection::kVersion),
          projections::ServingKey(CaseloadProjection::kName)}) {
      if (!storage.checkpoints.Remove(key).ok()) return 1;
    }
  }

  // The ceiling: read and parse every record of the log, nothing else.
  if (flags.Wants("scan")) {
    const absl::Time t = absl::Now();
    uint64_t scanned = 0;
    for (uint64_t next = 1; next <= head;) {
      auto batch = store->ReadAll(next, 2000);
      if (!batch.ok() || batch->empty()) break;
      scanned += batch->size();
      next = batch->back().position() + 1;
    }
    std::printf("%-44s %12.0f events/s\n", "scan: read and parse every record",
                scanned / absl::ToDoubleSeconds(absl::Now() - t));
  }

  std::unique_ptr<projections::ProjectionEngine> engine;
  bool view_whole = false;
  if (flags.Wants("rebuild") || flags.Wants("lists")) {
    const absl::Time t = absl::Now();
    projections::EngineOptions options;
    options.catch_up_batch_events = flags.catch_up_batch;
    engine = std::make_unique<projections::ProjectionEngine>(*store, storage.views,
                                                             storage.checkpoints, options);
    if (!engine->Add(std::make_unique<projections::CaseloadProjection>(*store, flags.cached_cases))
             .ok()) {
      return 1;
    }
    const absl::Time deadline =
        flags.rebuild_for > 0 ? t + absl::Seconds(flags.rebuild_for) : absl::InfiniteFuture();
    // A kept view of an older version serves while this one is built: wait for this one.
    auto built = [&] {
      auto view = engine->Serving(CaseloadProjection::kName);
      return view != nullptr && view->version() == CaseloadProjection::kVersion;
    };
    while (!built() && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(100));
    }
    const bool whole = engine->WaitForPosition(CaseloadProjection::kName, head, deadline);
    const double seconds = absl::ToDoubleSeconds(absl::Now() - t);
    uint64_t reached = head;
    for (const projections::ProjectionStatus& status : engine->Statuses()) {
      if (status.name != CaseloadProjection::kName) continue;
      reached = std::max(status.serving_position, status.building_position);
    }
    const std::string stopped = whole ? "" : absl::StrCat("; stopped at ", reached, " of ", head);
    if (flags.Wants("rebuild")) {
      std::printf("%-44s %12.0f events/s (%.1f s%s)\n", "rebuild: caseload view from position 1",
                  reached / seconds, seconds, stopped.c_str());
    } else {
      // A kept view of this version is at the head already; one of another is built afresh.
      std::printf("%-44s %.1f s%s\n", "the kept caseload view caught up in", seconds,
                  stopped.c_str());
    }
    view_whole = whole;
    // A rebuild cut short would go on using both cores through whatever is timed next.
    if (!whole) engine.reset();
  }

  if (flags.Wants("lists") && view_whole) {
    auto view = engine->Serving(projections::CaseloadProjection::kName);
    v1::ListCaseloadRequest list;
    list.set_worker_id("w-200");
    const v1::Policy& policy = domain::DefaultPolicy();
    size_t listed = 0;
    Timing caseload = Measure(flags.iterations, [&] {
      auto r = projections::ListCaseload(*view, "default", list, policy, absl::Now());
      listed = r.ok() ? r->total() : 0;
    });
    std::printf("%-44s p50 %7.0f us  p99 %7.0f us  (%zu cases)\n", "ListCaseload, one worker",
                caseload.p50_us, caseload.p99_us, listed);
    // The first page (100, in the list's order) of the larger lists: a team's caseload, and
    // the organisation's caseload, attention list and diary as a compliance officer reads
    // them, and a team's and a worker's diary, each from the view's order.
    const absl::Time now = absl::Now();
    const int times = std::max(flags.iterations / 10, 5);
    size_t team_total = 0, org_total = 0, attention_total = 0, diary_total = 0;
    v1::ListCaseloadRequest team_list;
    team_list.set_team_id("team-0");
    Timing team_page = Measure(times, [&] {
      auto r = projections::ListCaseload(*view, "default", team_list, policy, now);
      team_total = r.ok() ? r->total() : 0;
    });
    Timing org_page = Measure(times, [&] {
      auto r = projections::ListCaseload(*view, "default", v1::ListCaseloadRequest(), policy, now);
      org_total = r.ok() ? r->total() : 0;
    });
    Timing attention_page = Measure(times, [&] {
      auto r =
          projections::ListAttention(*view, "default", v1::ListAttentionRequest(), policy, now);
      attention_total = r.ok() ? r->total() : 0;
    });
    v1::ListDiaryRequest diary;
    *diary.mutable_from() = ToProto(now);
    *diary.mutable_to() = ToProto(now + absl::Hours(24 * 30));
    diary.set_include_missed(true);
    Timing diary_page = Measure(times, [&] {
      auto r = projections::ListDiary(*view, "default", diary, policy, now);
      diary_total = r.ok() ? r->total() : 0;
    });
    // The same window of a team's diary, as its supervisor reads it, and of a worker's.
    size_t team_diary_total = 0, worker_diary_total = 0;
    v1::ListDiaryRequest team_diary = diary;
    team_diary.set_team_id("team-0");
    Timing team_diary_page = Measure(times, [&] {
      auto r = projections::ListDiary(*view, "default", team_diary, policy, now);
      team_diary_total = r.ok() ? r->total() : 0;
    });
    v1::ListDiaryRequest worker_diary = diary;
    worker_diary.set_worker_id("w-200");
    Timing worker_diary_page = Measure(times, [&] {
      auto r = projections::ListDiary(*view, "default", worker_diary, policy, now);
      worker_diary_total = r.ok() ? r->total() : 0;
    });
    const std::pair<const char*, std::pair<Timing, size_t>> pages[] = {
        {"ListCaseload, a team, first page", {team_page, team_total}},
        {"ListCaseload, the organisation, first page", {org_page, org_total}},
        {"ListAttention, the organisation, first page", {attention_page, attention_total}},
        {"ListDiary, next 30 days, first page", {diary_page, diary_total}},
        {"ListDiary, a team, 30 days, first page", {team_diary_page, team_diary_total}},
        {"ListDiary, one worker, 30 days, first page", {worker_diary_page, worker_diary_total}},
    };
    for (const auto& [name, timed] : pages) {
      std::printf("%-44s p50 %7.0f us  p99 %7.0f us  (of %zu)\n", name, timed.first.p50_us,
                  timed.first.p99_us, timed.second);
    }
  }

  if (flags.Wants("replay")) {
    v1::ReplayCaseRequest replay;
    const int long_case = flags.long_case;
    const std::string events = absl::StrFormat("%d events", long_case);
    replay.set_case_id(LongCaseId(flags));
    replay.set_revision(long_case);
    uint64_t replayed = 0;
    auto keys = privacy::SubjectKeys::Open(storage.keys);
    if (!keys.ok()) return 1;
    // On the call's arena, as caseledgerd answers, alternated with the answer on the heap.
    std::vector<double> arena_us, heap_us;
    for (int i = 0; i < flags.iterations / 4; ++i) {
      for (bool on_heap : {false, true}) {
        const absl::Time t = absl::Now();
        replayed = Replay(*store, **keys, replay, nullptr, on_heap);
        (on_heap ? heap_us : arena_us).push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
      }
    }
    const Timing replay_timing = Percentiles(arena_us), on_heap = Percentiles(heap_us);
    std::printf("%-44s p50 %7.0f us  p99 %7.0f us  (revision %llu)\n",
                absl::StrCat("ReplayCase, ", events).c_str(), replay_timing.p50_us,
                replay_timing.p99_us, static_cast<unsigned long long>(replayed));
    PrintTiming(absl::StrCat("ReplayCase, ", events, ", answer on heap"), on_heap);
    // caseledgerd keeps a fold every 100 revisions of the cases it replays (ReplaySnapshots):
    // a first replay keeps them, and a compliance officer stepping through the case's revisions
    // then folds from the nearest. Plain and kept replays alternate over the same revisions.
    Timing keeping = Measure(flags.iterations / 4, [&] {
      projections::ReplaySnapshots fresh(**keys);
      (void)Replay(*store, **keys, replay, &fresh);
    });
    projections::ReplaySnapshots snapshots(**keys);
    (void)Replay(*store, **keys, replay, &snapshots);
    std::vector<double> plain_us, kept_us;
    for (int i = 0; i < flags.iterations / 2; ++i) {
      v1::ReplayCaseRequest step = replay;
      step.set_revision(1 + (i * 397) % long_case);  // revisions spread over the case
      for (projections::ReplaySnapshots* kept :
           {static_cast<projections::ReplaySnapshots*>(nullptr), &snapshots}) {
        const absl::Time t = absl::Now();
        if (Replay(*store, **keys, step, kept) != step.revision()) return 1;
        (kept ? kept_us : plain_us).push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
      }
    }
    const Timing again =
        Measure(flags.iterations / 4, [&] { (void)Replay(*store, **keys, replay, &snapshots); });
    const Timing plain = Percentiles(plain_us), stepped = Percentiles(kept_us);
    PrintTiming(absl::StrCat("ReplayCase, ", events, ", keeping folds"), keeping);
    PrintTiming(absl::StrCat("ReplayCase, ", events, ", again"), again);
    PrintTiming("ReplayCase, revisions stepped, plain", plain);
    PrintTiming("ReplayCase, revisions stepped, kept folds", stepped);
    // The long case was written in one burst, so its records lie together in the log; the
    // generated cases' events lie spread over it, among the other cases' events.
    v1::ReplayCaseRequest spread;
    *spread.mutable_time() = ToProto(absl::Now());
    uint64_t spread_events = 0;
    Timing spread_timing = Measure(flags.iterations / 4, [&] {
      spread_events = 0;
      for (int n = 0; n < 20; ++n) {
        spread.set_case_id(absl::StrFormat("g-%05d", n));
        spread_events += Replay(*store, **keys, spread);
      }
    });
    std::printf("%-44s p50 %7.0f us  p99 %7.0f us  (%llu events)\n",
                "ReplayCase, 20 cases spread over the log", spread_timing.p50_us,
                spread_timing.p99_us, static_cast<unsigned long long>(spread_events));

    // caseledgerd's replay-folds view keeps a fold of every case every 100 revisions, sealed
    // under its subject's key (ReplayFoldsProjection): a case's first replay starts from the
    // nearest. Built here over the whole log (and kept with --keep); then the replay from the
    // case's first event and the replay from the stored folds alternate.
    const absl::Time building = absl::Now();
    projections::ProjectionEngine folds_engine(*store, storage.views, storage.checkpoints,
                                               projections::EngineOptions());
    if (!folds_engine.Add(std::make_unique<projections::ReplayFoldsProjection>(*store, **keys, 100))
             .ok() ||
        !folds_engine.WaitForPosition(projections::ReplayFoldsProjection::kName, head,
                                      absl::InfiniteFuture())) {
      return 1;
    }
    std::printf("%-44s %.1f s\n", "the replay-folds view caught up in",
                absl::ToDoubleSeconds(absl::Now() - building));
    const std::shared_ptr<const projections::View> kept_folds =
        folds_engine.Serving(projections::ReplayFoldsProjection::kName);
    // What the long case's folds hold, against its last fold: a fold every 100 revisions would
    // hold about revisions / 200 times it.
    size_t folds = 0, held = 0, last_fold = 0;
    if (!kept_folds
             ->ScanPrefix(projections::KeptFoldsPrefix(replay.case_id()),
                          [&](absl::string_view, absl::string_view value) {
                            ++folds;
                            held += value.size();
                            last_fold = value.size();
                            return true;
                          })
             .ok()) {
      return 1;
    }
    std::printf("%-44s %zu folds, %.1f MB, %.1f times its last\n",
                absl::StrCat("the view's folds of the ", events, " case").c_str(), folds,
                held / 1e6, last_fold > 0 ? static_cast<double>(held) / last_fold : 0.0);
    std::vector<double> from_log_us, from_stored_us;
    for (int i = 0; i < flags.iterations / 4; ++i) {
      for (const projections::View* folds :
           {static_cast<const projections::View*>(nullptr), kept_folds.get()}) {
        const absl::Time t = absl::Now();
        if (Replay(*store, **keys, replay, nullptr, false, folds) != replay.revision()) return 1;
        (folds ? from_stored_us : from_log_us)
            .push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
      }
    }
    const Timing from_log = Percentiles(from_log_us), from_stored = Percentiles(from_stored_us);
    PrintTiming(absl::StrCat("ReplayCase, ", events, ", from the start"), from_log);
    PrintTiming(absl::StrCat("ReplayCase, ", events, ", stored folds"), from_stored);
    int stepped_to = 0;
    const Timing stepped_stored = Measure(flags.iterations / 2, [&] {
      v1::ReplayCaseRequest step = replay;
      step.set_revision(1 + (stepped_to++ * 397) % long_case);  // as the plain steps above
      (void)Replay(*store, **keys, step, nullptr, false, kept_folds.get());
    });
    PrintTiming("ReplayCase, revisions stepped, stored folds", stepped_stored);
  }
  engine.reset();
  store.reset();
  if (!flags.keep) std::filesystem::remove_all(flags.dir);
  return 0;
}
