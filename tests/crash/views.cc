#include "tests/crash/views.h"

#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "app/application.h"
#include "eventstore/memory_store.h"
#include "projections/projection_engine.h"

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

// Runs every projection over `log` into `storage`'s views until each has applied `head`.
absl::Status CatchUp(const eventstore::EventStore& log, const eventstore::Storage& storage,
                     uint64_t head) {
  projections::ProjectionEngine engine(log, storage.views, storage.checkpoints, {});
  for (std::unique_ptr<projections::Projection>& projection :
       app::Projections(log, app::ApplicationOptions().cached_cases)) {
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
  eventstore::MemoryStore fresh;
  const eventstore::Storage rebuilt = fresh.storage();
  for (const auto& storage : {resumed, rebuilt}) {
    if (absl::Status s = CatchUp(**copy, storage, head->position); !s.ok()) {
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
