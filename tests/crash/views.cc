#include "tests/crash/views.h"

#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "app/application.h"
#include "eventstore/memory_store.h"
#include "projections/caseload_projection.h"
#include "projections/projection_engine.h"
#include "projections/view_keys.h"
#include "tests/crash/daemon.h"

namespace caseledger::crash {
namespace {

constexpr absl::Duration kCatchUp = absl::Seconds(120);

// Every key and value of the view serving for `name`.
absl::StatusOr<std::map<std::string, std::string>> ServingView(const eventstore::Storage& storage,
                                                               const std::string& name) {
  auto version = storage.checkpoints.Read(projections::ServingKey(name));
  if (!version.ok()) return version.status();
  if (!version->has_value()) return absl::NotFoundError(absl::StrCat("no view serves ", name));
  auto table = storage.views.OpenView(projections::ViewName(name, **version));
  if (!table.ok()) return table.status();
  std::map<std::string, std::string> rows;
  absl::Status scanned = (*table)->Scan("", std::string(8, '\xff'), [&](auto key, auto value) {
    rows.emplace(std::string(key), std::string(value));
    return true;
  });
  if (!scanned.ok()) return scanned;
  return rows;
}

// Runs every projection over `log` into `storage`'s views until each has applied `head`, each
// keeping `cached_cases` cases in memory.
absl::Status CatchUp(const eventstore::EventStore& log, const eventstore::Storage& storage,
                     uint64_t head, size_t cached_cases) {
  projections::ProjectionEngine engine(log, storage.views, storage.checkpoints, {});
  for (std::unique_ptr<projections::Projection>& projection : app::Projections(log, cached_cases)) {
    if (absl::Status s = engine.Add(std::move(projection)); !s.ok()) return s;
  }
  for (const std::string& name : ProjectionNames()) {
    if (!engine.WaitForPosition(name, head, absl::Now() + kCatchUp)) {
      return absl::DeadlineExceededError(absl::StrCat(name, " did not reach ", head));
    }
  }
  engine.Stop();
  return absl::OkStatus();
}

// Removes the caseload view's stored folds from `rows`; how many there were.
size_t DropFolds(std::map<std::string, std::string>& rows) {
  const std::string prefix(projections::view_keys::kCaseFoldPrefix);
  auto first = rows.lower_bound(prefix);
  auto last = first;
  size_t dropped = 0;
  while (last != rows.end() && absl::StartsWith(last->first, prefix)) ++last, ++dropped;
  rows.erase(first, last);
  return dropped;
}

}  // namespace

std::vector<std::string> ProjectionNames() {
  eventstore::MemoryStore none;
  std::vector<std::string> names;
  for (const auto& projection : app::Projections(none, 1)) names.push_back(projection->name());
  return names;
}

void CheckViews(eventstore::RocksDbEventStore& store, const std::string& copy_folder,
                Tally& tally) {
  auto head = store.Backup(copy_folder);
  if (!head.ok()) return tally.Problem(absl::StrCat("backup: ", head.status().ToString()));
  eventstore::StoreOptions options;
  options.path = copy_folder;
  options.durability = eventstore::Durability::kOs;
  auto copy = eventstore::RocksDbEventStore::Open(options);
  if (!copy.ok()) return tally.Problem(absl::StrCat("the copy: ", copy.status().ToString()));
  const eventstore::Storage resumed = (*copy)->storage();
  // The folds caseledgerd itself stored, as the crash left its caseload view (none yet while
  // the view is first being built).
  if (auto left = ServingView(resumed, projections::CaseloadProjection::kName); left.ok()) {
    tally.stored_folds += DropFolds(*left);
  }
  // The kept views resume as caseledgerd ran them, with few cases in memory; the rebuild keeps
  // every case in memory, so it folds each from its events alone.
  eventstore::MemoryStore fresh;
  const eventstore::Storage rebuilt = fresh.storage();
  for (const auto& [storage, cached] :
       {std::pair(resumed, kCachedCases),
        std::pair(rebuilt, app::ApplicationOptions().cached_cases)}) {
    if (absl::Status s = CatchUp(**copy, storage, head->position, cached); !s.ok()) {
      return tally.Problem(absl::StrCat("projections: ", s.ToString()));
    }
  }
  for (const std::string& name : ProjectionNames()) {
    auto kept = ServingView(resumed, name);
    auto rebuild = ServingView(rebuilt, name);
    if (!kept.ok() || !rebuild.ok()) {
      tally.Problem(
          absl::StrCat(name, ": ", kept.status().ToString(), " / ", rebuild.status().ToString()));
      continue;
    }
    if (name == projections::CaseloadProjection::kName) {
      // The folds of cases out of memory are the kept view's own: every other row must equal
      // the rebuild's, and those rows were written from the folds.
      DropFolds(*kept);
      DropFolds(*rebuild);
    }
    if (*kept == *rebuild) continue;
    ++tally.projection_mismatches;
    // The first key in order that one has and the other lacks or holds otherwise.
    auto k = kept->begin();
    auto r = rebuild->begin();
    while (k != kept->end() && r != rebuild->end() && *k == *r) ++k, ++r;
    const std::string first = k == kept->end()      ? r->first
                              : r == rebuild->end() ? k->first
                                                    : std::min(k->first, r->first);
    tally.Problem(absl::StrCat(name, " (", kept->size(), " rows) differs from its rebuild (",
                               rebuild->size(), " rows), first at key ", absl::CEscape(first)));
  }
}

absl::Status ForgetView(eventstore::RocksDbEventStore& store, const std::string& name) {
  const eventstore::Storage storage = store.storage();
  auto version = storage.checkpoints.Read(projections::ServingKey(name));
  if (!version.ok()) return version.status();
  if (!version->has_value()) return absl::OkStatus();
  const auto serving = static_cast<uint32_t>(**version);
  if (absl::Status s = storage.views.DropView(projections::ViewName(name, serving)); !s.ok()) {
    return s;
  }
  return storage.checkpoints.Remove(projections::CheckpointKey(name, serving));
}

}  // namespace caseledger::crash
