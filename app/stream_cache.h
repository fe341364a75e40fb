#pragma once

#include <atomic>
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

namespace caseledger::app {

// A stream folded into a state, at a revision.
template <typename State>
struct Folded {
  State state;
  uint64_t revision = 0;
};

// Folds streams into states and keeps the most recently used ones, so loading a stream
// reads only the events appended since it was last folded, and nothing when the store says
// the stream has none newer. Whoever appends may fold their own events in at once
// (Advance), so the next load need not read them back. A fold that no caller holds any
// more is brought up to date in place; one still held is copied first, so a state handed
// out never changes. Loads of one stream take turns; of different streams, they run
// together. Thread-safe.
template <typename State>
class StreamCache {
 public:
  using Initial = std::function<State(absl::string_view stream_id)>;
  // Applies one record; an error (a payload that does not parse) fails the load.
  using Apply = std::function<absl::Status(State&, const v1::EventRecord&)>;

  StreamCache(const eventstore::EventStore& store, Initial initial, Apply apply,
              size_t capacity = 10000)
      : store_(store),
        initial_(std::move(initial)),
        apply_(std::move(apply)),
        capacity_(capacity) {}

  // The stream folded up to its last committed event.
  absl::StatusOr<std::shared_ptr<const Folded<State>>> Load(const std::string& stream_id) {
    std::shared_ptr<Slot> slot = SlotOf(stream_id);
    absl::MutexLock lock(&slot->mu);
    if (slot->folded) {
      absl::StatusOr<uint64_t> revision = store_.StreamRevision(stream_id);
      if (!revision.ok()) return revision.status();
      if (*revision == slot->folded->revision) {
        return std::shared_ptr<const Folded<State>>(slot->folded);
      }
    }
    while (true) {
      const uint64_t from = slot->folded ? slot->folded->revision + 1 : 1;
      absl::StatusOr<std::vector<v1::EventRecord>> records =
          store_.ReadStream(stream_id, from, eventstore::Direction::kForward, kReadBatch);
      if (!records.ok()) return records.status();
      if (records->empty()) break;
      if (!slot->folded) {
        slot->folded = std::make_shared<Folded<State>>(Folded<State>{initial_(stream_id), 0});
      } else if (slot->folded.use_count() > 1) {
        // Someone still holds this fold: it must not change under them.
        slot->folded = std::make_shared<Folded<State>>(*slot->folded);
      } else {
        // The last other holder's reads happen before the writes below.
        std::atomic_thread_fence(std::memory_order_acquire);
      }
      for (const v1::EventRecord& record : *records) {
        if (absl::Status s = apply_(slot->folded->state, record); !s.ok()) {
          slot->folded.reset();  // half applied: fold again next time
          return s;
        }
        slot->folded->revision = record.stream_revision();
      }
      if (records->size() < kReadBatch) break;
    }
    if (!slot->folded) {
      // No events yet: kept too, so the next load only asks the store for the revision.
      slot->folded = std::make_shared<Folded<State>>(Folded<State>{initial_(stream_id), 0});
    }
    return std::shared_ptr<const Folded<State>>(slot->folded);
  }

  // Drops every fold kept, so the next load of each stream folds it afresh (what it held may
  // have opened personal data whose subject is being erased). Folds callers hold stay theirs.
  void Forget() {
    absl::MutexLock lock(&mu_);
    index_.clear();
    recent_.clear();
  }

  // Folds in events the caller has just appended to the stream, taking it from revision
  // `before` to `after`: `apply(state)` applies them. Does nothing unless the stream's fold
  // is kept, at `before`, held by no caller and not being loaded (the next load reads the
  // events instead). Neither waits nor copies a state, so an append's callback may call it.
  void Advance(const std::string& stream_id, uint64_t before, uint64_t after,
               const std::function<void(State&)>& apply) {
    std::shared_ptr<Slot> slot;
    {
      absl::MutexLock lock(&mu_);
      auto it = index_.find(stream_id);
      if (it == index_.end()) return;
      slot = it->second->second;
    }
    if (!slot->mu.TryLock()) return;
    if (slot->folded && slot->folded->revision == before && slot->folded.use_count() == 1) {
      // The last other holder's reads happen before the writes below.
      std::atomic_thread_fence(std::memory_order_acquire);
      apply(slot->folded->state);
      slot->folded->revision = after;
    }
    slot->mu.Unlock();
  }

 private:
  static constexpr size_t kReadBatch = 1000;

  // One stream's fold. Only Load, holding `mu`, takes new references to `folded`, so while
  // it holds `mu` the use count can fall but not rise.
  struct Slot {
    absl::Mutex mu;
    std::shared_ptr<Folded<State>> folded ABSL_GUARDED_BY(mu);
  };
  using Entry = std::pair<std::string, std::shared_ptr<Slot>>;

  // The stream's slot, made when missing; the most recently used first.
  std::shared_ptr<Slot> SlotOf(const std::string& stream_id) {
    absl::MutexLock lock(&mu_);
    auto it = index_.find(stream_id);
    if (it != index_.end()) {
      recent_.splice(recent_.begin(), recent_, it->second);
      return it->second->second;
    }
    recent_.emplace_front(stream_id, std::make_shared<Slot>());
    index_[stream_id] = recent_.begin();
    if (recent_.size() > capacity_) {
      index_.erase(recent_.back().first);
      recent_.pop_back();
    }
    return recent_.front().second;
  }

  const eventstore::EventStore& store_;
  const Initial initial_;
  const Apply apply_;
  const size_t capacity_;
  absl::Mutex mu_;
  std::list<Entry> recent_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, typename std::list<Entry>::iterator> index_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::app
