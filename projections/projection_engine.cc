#include "projections/projection_engine.h"

#include <algorithm>
#include <future>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/log.h"
#include "base/proto_time.h"
#include "base/thread_name.h"

namespace caseledger::projections {

std::string ViewName(const std::string& name, uint32_t version) {
  return absl::StrCat(name, "/v", version);
}
std::string CheckpointKey(const std::string& name, uint32_t version) {
  return absl::StrCat("projection/", name, "/v", version);
}
std::string ServingKey(const std::string& name) {
  return absl::StrCat("projection/", name, "/serving");
}

struct ProjectionEngine::Runner {
  Runner(std::unique_ptr<Projection> p, uint64_t serving_position)
      : projection(std::move(p)),
        name(projection->name()),
        version(projection->version()),
        waiters(serving_position) {}

  std::unique_ptr<Projection> projection;
  const std::string name;
  const uint32_t version;
  std::shared_ptr<const eventstore::Table> table;  // of `version`
  uint64_t position = 0;                           // applied by `version`; runner thread only
  PositionWaiters waiters;                         // of the serving view
  mutable absl::Mutex mu;
  std::shared_ptr<View> serving ABSL_GUARDED_BY(mu);
  // False while `version` is rebuilt beside an older one.
  std::atomic<bool> serving_is_current{true};
  std::atomic<uint64_t> applied{0};  // `position`, for other threads
  absl::Time heartbeat ABSL_GUARDED_BY(mu) = absl::Now();
  absl::Status failure ABSL_GUARDED_BY(mu);
  absl::Time failing_since ABSL_GUARDED_BY(mu);
  absl::Time progress_since;
  uint64_t progress_from = 0;
  absl::Time last_progress_log;
  // The next batch, read ahead while catching up.
  std::future<absl::StatusOr<std::vector<v1::EventRecord>>> prefetch;
  uint64_t prefetch_from = 0;
  // The last records applied, freed by the next read ahead.
  std::vector<v1::EventRecord> applied_records;
  std::thread thread;
};

ProjectionEngine::ProjectionEngine(const eventstore::EventStore& log, eventstore::ViewStore& views,
                                   eventstore::Checkpoints& checkpoints, EngineOptions options)
    : log_(log), views_(views), checkpoints_(checkpoints), options_(std::move(options)) {}

ProjectionEngine::~ProjectionEngine() { Stop(); }

void ProjectionEngine::Stop() {
  stopping_ = true;
  absl::MutexLock lock(&mu_);
  for (auto& [name, runner] : runners_) {
    if (runner->thread.joinable()) runner->thread.join();
  }
}

absl::Status ProjectionEngine::Add(std::unique_ptr<Projection> projection) {
  const std::string name = projection->name();
  const uint32_t version = projection->version();
  auto serving_version = checkpoints_.Read(ServingKey(name));
  if (!serving_version.ok()) return serving_version.status();
  auto table = views_.OpenView(ViewName(name, version));
  if (!table.ok()) return table.status();
  auto position = checkpoints_.Read(CheckpointKey(name, version));
  if (!position.ok()) return position.status();

  std::shared_ptr<View> serving;
  uint64_t serving_position = position->value_or(0);
  bool current = true;
  if (!serving_version->has_value() || **serving_version == version) {
    if (absl::Status s = checkpoints_.Save(ServingKey(name), version); !s.ok()) return s;
    serving = std::make_shared<View>(*table, version);
    DropOlderVersions(name, version);
  } else {
    const uint32_t old_version = static_cast<uint32_t>(**serving_version);
    auto old_table = views_.OpenView(ViewName(name, old_version));
    if (!old_table.ok()) return old_table.status();
    auto old_position = checkpoints_.Read(CheckpointKey(name, old_version));
    if (!old_position.ok()) return old_position.status();
    serving = std::make_shared<View>(*std::move(old_table), old_version);
    serving_position = old_position->value_or(0);
    current = false;
    log::Info("projection building a new version from the start while the old one serves",
              {{"projection", name}, {"version", version}, {"serving", old_version}});
  }

  auto runner = std::make_unique<Runner>(std::move(projection), serving_position);
  runner->table = *std::move(table);
  runner->position = position->value_or(0);
  runner->applied = runner->position;
  runner->serving_is_current = current;
  {
    absl::MutexLock lock(&runner->mu);
    runner->serving = std::move(serving);
  }
  Runner* raw = runner.get();
  absl::MutexLock lock(&mu_);
  if (runners_.contains(name)) {
    return absl::FailedPreconditionError(absl::StrCat("projection ", name, " is already running"));
  }
  runners_[name] = std::move(runner);
  raw->thread = std::thread([this, raw] {
    NameThisThread(absl::StrCat("view ", raw->name));
    Run(*raw);
  });
  return absl::OkStatus();
}

std::shared_ptr<const View> ProjectionEngine::Serving(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  auto it = runners_.find(name);
  if (it == runners_.end()) return nullptr;
  absl::MutexLock runner_lock(&it->second->mu);
  return it->second->serving;
}

uint64_t ProjectionEngine::Position(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  auto it = runners_.find(name);
  return it == runners_.end() ? 0 : it->second->waiters.position();
}

absl::Status ProjectionEngine::CheckReachable(uint64_t position) const {
  if (position > log_.WaitableHead()) {
    return absl::OutOfRangeError(
        absl::StrCat("min_position ", position, " is past the log's head ", log_.Head().position));
  }
  return absl::OkStatus();
}

void ProjectionEngine::WhenLogReached(uint64_t position, absl::Time deadline,
                                      PositionWaiters::Ready ready) const {
  if (absl::Status reachable = CheckReachable(position); !reachable.ok()) return ready(reachable);
  log_.WhenCommitted(position, deadline, std::move(ready));
}

void ProjectionEngine::WhenReached(const std::string& name, uint64_t position, absl::Time deadline,
                                   PositionWaiters::Ready ready) {
  PositionWaiters* waiters = nullptr;
  {
    absl::MutexLock lock(&mu_);
    auto it = runners_.find(name);
    if (it != runners_.end()) waiters = &it->second->waiters;
  }
  if (waiters == nullptr) return ready(absl::NotFoundError(absl::StrCat("no view named ", name)));
  if (absl::Status reachable = CheckReachable(position); !reachable.ok()) return ready(reachable);
  waiters->Add(position, deadline, std::move(ready));
}

bool ProjectionEngine::WaitForPosition(const std::string& name, uint64_t position,
                                       absl::Time deadline) const {
  const PositionWaiters* waiters = nullptr;
  {
    absl::MutexLock lock(&mu_);
    auto it = runners_.find(name);
    if (it == runners_.end()) return false;
    waiters = &it->second->waiters;
  }
  return waiters->Wait(position, deadline);
}

void ProjectionEngine::Run(Runner& runner) {
  while (!stopping_) {
    {
      absl::MutexLock lock(&runner.mu);
      runner.heartbeat = absl::Now();
    }
    if (runner.position >= log_.Head().position) {
      if (!runner.serving_is_current) Swap(runner);
      log_.WaitForPosition(runner.position + 1, absl::Now() + absl::Milliseconds(50));
      continue;
    }
    if (!ApplyBatch(runner)) absl::SleepFor(options_.retry_backoff);
  }
}

absl::StatusOr<std::vector<v1::EventRecord>> ProjectionEngine::Read(Runner& runner, uint64_t from,
                                                                    size_t count, bool read_ahead) {
  absl::StatusOr<std::vector<v1::EventRecord>> records;
  if (runner.prefetch.valid() && runner.prefetch_from == from) {
    records = runner.prefetch.get();
  } else {
    // Read ahead for a batch that failed: what it read is read again from the checkpoint.
    if (runner.prefetch.valid()) (void)runner.prefetch.get();
    records = log_.ReadAll(from, count);
  }
  // While these are applied, the next ones are read on the other core.
  if (read_ahead && records.ok() && !records->empty()) {
    runner.prefetch_from = records->back().position() + 1;
    runner.prefetch =
        std::async(std::launch::async, [this, next = runner.prefetch_from, count,
                                        applied = std::move(runner.applied_records)]() mutable {
          NameThisThread("view read-ahead");
          // Freed here, not on the applying thread (a capture would be freed with the future).
          std::vector<v1::EventRecord>().swap(applied);
          return log_.ReadAll(next, count);
        });
  }
  return records;
}

bool ProjectionEngine::ApplyBatch(Runner& runner) {
  // Far behind (a rebuild, a restart after downtime): bigger batches, so events of one
  // case share one summary write.
  const bool catching_up = log_.Head().position - runner.position > 4 * options_.batch_events;
  const size_t batch = catching_up ? options_.catch_up_batch_events : options_.batch_events;
  const size_t read = catching_up ? std::min(options_.catch_up_read_events, batch) : batch;
  const absl::Time started = absl::Now();
  ViewBatch view(*runner.table);
  absl::Status status;
  uint64_t last = 0;
  for (size_t applied = 0; applied < batch;) {
    absl::StatusOr<std::vector<v1::EventRecord>> records =
        Read(runner, (last > 0 ? last : runner.position) + 1, read, catching_up);
    status = records.status();
    if (!status.ok() || records->empty()) break;
    for (const v1::EventRecord& record : *records) {
      status = runner.projection->Apply(record, view);
      if (!status.ok()) break;
    }
    if (!status.ok()) break;
    last = records->back().position();
    applied += records->size();
    // Reached the head, or time to let readers see what is applied.
    const bool commit_now = !catching_up || records->size() < read || stopping_ ||
                            absl::Now() - started >= options_.catch_up_commit_interval;
    runner.applied_records = *std::move(records);
    if (commit_now) break;
    absl::MutexLock lock(&runner.mu);
    runner.heartbeat = absl::Now();
  }
  if (status.ok()) status = runner.projection->Flush(view);
  if (!status.ok()) last = 0;
  if (status.ok() && last > 0) {
    status = views_.Commit(ViewName(runner.name, runner.version), view.changes(),
                           CheckpointKey(runner.name, runner.version), last);
  }
  {
    absl::MutexLock lock(&runner.mu);
    if (status.ok()) {
      runner.failure = absl::OkStatus();
    } else if (runner.failure.ok()) {
      runner.failure = status;
      runner.failing_since = absl::Now();
    }
  }
  if (!status.ok()) {
    runner.projection->Discard();
    log::Warn("projection batch failed; retrying", {{"projection", runner.name},
                                                    {"version", runner.version},
                                                    {"after", runner.position},
                                                    {"error", status.ToString()}});
    return false;
  }
  if (last == 0) return true;

  const absl::Time now = absl::Now();
  const uint64_t head = log_.Head().position;
  if (runner.progress_since == absl::Time() || runner.position == runner.progress_from) {
    runner.progress_since = now;
    runner.progress_from = runner.position;
    runner.last_progress_log = now;
  }
  runner.position = last;
  runner.applied = last;
  if (runner.serving_is_current) runner.waiters.Advance(last);
  if (now - runner.last_progress_log >= options_.progress_interval && head > last) {
    const double seconds = absl::ToDoubleSeconds(now - runner.progress_since);
    const double rate = seconds > 0 ? (last - runner.progress_from) / seconds : 0;
    log::Info("projection catching up",
              {{"projection", runner.name},
               {"version", runner.version},
               {"position", last},
               {"head", head},
               {"events_per_second", absl::StrFormat("%.0f", rate)},
               {"seconds_left", absl::StrFormat("%.1f", rate > 0 ? (head - last) / rate : 0.0)}});
    runner.last_progress_log = now;
  }
  if (head <= last) runner.progress_since = absl::Time();  // caught up
  return true;
}

void ProjectionEngine::DropVersion(const std::string& name, uint32_t version) {
  absl::Status dropped = views_.DropView(ViewName(name, version));
  if (dropped.ok()) dropped = checkpoints_.Remove(CheckpointKey(name, version));
  if (!dropped.ok()) {
    log::Warn("projection could not drop a version it no longer serves",
              {{"projection", name}, {"version", version}, {"error", dropped.ToString()}});
  }
}

void ProjectionEngine::DropOlderVersions(const std::string& name, uint32_t version) {
  // Left behind when a swap was cut short, or the last reader of one held on until the end.
  for (uint32_t older = 1; older < version; ++older) {
    if (views_.HasView(ViewName(name, older))) DropVersion(name, older);
  }
}

void ProjectionEngine::Swap(Runner& runner) {
  if (absl::Status s = checkpoints_.Save(ServingKey(runner.name), runner.version); !s.ok()) {
    log::Warn("projection could not swap in its new version",
              {{"projection", runner.name}, {"version", runner.version}, {"error", s.ToString()}});
    return;
  }
  std::shared_ptr<View> old;
  {
    absl::MutexLock lock(&runner.mu);
    old = std::move(runner.serving);
    runner.serving = std::make_shared<View>(runner.table, runner.version);
  }
  const std::string name = runner.name;
  const uint32_t old_version = old->version();
  old->RetireWith([this, name, old_version] {
    // A view left behind is only space: the next start drops it.
    DropVersion(name, old_version);
  });
  runner.serving_is_current = true;
  runner.waiters.Advance(runner.position);
  log::Info(
      "projection version caught up and now serves",
      {{"projection", runner.name}, {"version", runner.version}, {"position", runner.position}});
}

std::vector<ProjectionStatus> ProjectionEngine::Statuses() const {
  std::vector<ProjectionStatus> statuses;
  absl::MutexLock lock(&mu_);
  for (const auto& [name, runner] : runners_) {
    ProjectionStatus& status = statuses.emplace_back();
    status.name = name;
    status.required_by_reads = runner->projection->required_by_reads();
    status.serving_position = runner->waiters.position();
    {
      absl::MutexLock runner_lock(&runner->mu);
      status.serving_version = runner->serving->version();
      status.heartbeat = runner->heartbeat;
      status.failure = runner->failure;
      status.failing_since = runner->failing_since;
    }
    if (!runner->serving_is_current) {
      status.building_version = runner->version;
      status.building_position = runner->applied;
    }
    // Behind: how long the first event it has not applied has waited.
    if (status.serving_position < log_.Head().position) {
      auto next = log_.ReadAll(status.serving_position + 1, 1);
      if (next.ok() && !next->empty()) {
        status.lag = std::max(absl::ZeroDuration(),
                              absl::Now() - FromProto((*next)[0].metadata().recorded_at()));
      }
    }
  }
  std::sort(statuses.begin(), statuses.end(),
            [](const ProjectionStatus& a, const ProjectionStatus& b) { return a.name < b.name; });
  return statuses;
}

}  // namespace caseledger::projections
