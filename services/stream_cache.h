#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/event_store.h"

namespace caseledger::services {

// A stream folded into a state, at a revision.
template <typename State>
struct Folded {
  State state;
  uint64_t revision = 0;
};

// Folds streams into states and keeps the most recently used ones, so loading a stream
// reads only the events appended since it was last folded. Thread-safe.
template <typename State>
class StreamCache {
 public:
  using Initial = std::function<State(absl::string_view stream_id)>;
  // Applies one record; an error (a payload that does not parse) fails the load.
  using Apply = std::function<absl::Status(State&, const v1::EventRecord&)>;

  StreamCache(const eventstore::EventStore& store, Initial initial, Apply apply,
              size_t capacity = 10000)
      : store_(store), initial_(std::move(initial)), apply_(std::move(apply)),
        capacity_(capacity) {}

  // The stream folded up to its last committed event.
  absl::StatusOr<std::shared_ptr<const Folded<State>>> Load(const std::string& stream_id) {
    std::shared_ptr<const Folded<State>> cached = Lookup(stream_id);
    const uint64_t from = cached ? cached->revision + 1 : 1;
    std::shared_ptr<Folded<State>> next;
    while (true) {
      absl::StatusOr<std::vector<v1::EventRecord>> records =
          store_.ReadStream(stream_id, next ? next->revision + 1 : from,
                            eventstore::Direction::kForward, kReadBatch);
      if (!records.ok()) return records.status();
      if (records->empty()) break;
      if (!next) {
        next = cached ? std::make_shared<Folded<State>>(*cached)
                      : std::make_shared<Folded<State>>(Folded<State>{initial_(stream_id), 0});
      }
      for (const v1::EventRecord& record : *records) {
        if (absl::Status s = apply_(next->state, record); !s.ok()) return s;
        next->revision = record.stream_revision();
      }
      if (records->size() < kReadBatch) break;
    }
    if (!next) {
      if (cached) return cached;
      return std::shared_ptr<const Folded<State>>(
          std::make_shared<Folded<State>>(Folded<State>{initial_(stream_id), 0}));
    }
    Store(stream_id, next);
    return std::shared_ptr<const Folded<State>>(std::move(next));
  }

 private:
  static constexpr size_t kReadBatch = 1000;
  using Entry = std::pair<std::string, std::shared_ptr<const Folded<State>>>;

  std::shared_ptr<const Folded<State>> Lookup(const std::string& stream_id) {
    absl::MutexLock lock(&mu_);
    auto it = index_.find(stream_id);
    if (it == index_.end()) return nullptr;
    recent_.splice(recent_.begin(), recent_, it->second);
    return it->second->second;
  }

  void Store(const std::string& stream_id, std::shared_ptr<const Folded<State>> folded) {
    absl::MutexLock lock(&mu_);
    auto it = index_.find(stream_id);
    if (it != index_.end()) {
      // Keep the furthest fold when two loads race.
      if (it->second->second->revision < folded->revision) it->second->second = std::move(folded);
      recent_.splice(recent_.begin(), recent_, it->second);
      return;
    }
    recent_.emplace_front(stream_id, std::move(folded));
    index_[stream_id] = recent_.begin();
    if (recent_.size() > capacity_) {
      index_.erase(recent_.back().first);
      recent_.pop_back();
    }
  }

  const eventstore::EventStore& store_;
  const Initial initial_;
  const Apply apply_;
  const size_t capacity_;
  absl::Mutex mu_;
  std::list<Entry> recent_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, typename std::list<Entry>::iterator> index_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::services
