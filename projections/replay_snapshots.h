#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "privacy/subject_keys.h"

namespace caseledger::projections {

// Folds of cases as ReplayCase folded them, so that a case replayed again (a compliance
// officer stepping through its history) folds only the events after the nearest one. A replay
// keeps at most one: by revision, at the last multiple of `every` up to it; by record time,
// where it ended, if it folded `every` events or more (ReplayCase decides). Derived from the log
// and kept in memory only, never written: the first replay of a case folds it whole. A case's
// events never change, so a fold at a revision stays true, except that an erasure turns the
// personal fields it holds opened into
// "[erased]" in the log: once an erasure begins no snapshot taken before it is used, and Clear
// drops them all. Thread-safe.
class ReplaySnapshots {
 public:
  struct Snapshot {
    uint64_t revision = 0;
    // The CaseState after the revision's event, serialized: one block of memory to keep.
    std::string state;
    google::protobuf::Timestamp recorded_at;  // that event's record time
    absl::Time latest_recorded;               // the latest record time of the events up to it
  };

  // Keeps folds up to `capacity_bytes` of memory in all, dropping the cases replayed longest
  // ago; ReplayCase keeps them `every` revisions or more apart.
  explicit ReplaySnapshots(const privacy::SubjectKeys& keys, uint64_t every = 100,
                           size_t capacity_bytes = 64 << 20)
      : keys_(keys), every_(every), capacity_bytes_(capacity_bytes) {}

  uint64_t every() const { return every_; }
  // SubjectKeys::Erasures() now: a fold started after reading it may be kept with it.
  uint64_t Erasures() const { return keys_.Erasures(); }

  // The kept fold of `case_id` at the highest revision up to `last` whose events were all
  // recorded by `as_of`; null when there is none, or none since the last erasure began.
  std::shared_ptr<const Snapshot> Nearest(const std::string& case_id, uint64_t last,
                                          absl::Time as_of);
  // Keeps `snapshot` as the fold of `case_id` at its revision, unless an erasure has begun
  // since `erasures` was read, before the fold began.
  void Keep(const std::string& case_id, Snapshot snapshot, uint64_t erasures);
  // Drops every kept fold (a subject is being erased).
  void Clear();

  // How many folds are kept (for tests).
  size_t Kept() const;

 private:
  struct Case {
    std::map<uint64_t, std::shared_ptr<const Snapshot>> by_revision;
    size_t bytes = 0;
    std::list<std::string>::iterator in_order;  // its place in order_
  };
  void Drop(const std::string& case_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void DropAll() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const privacy::SubjectKeys& keys_;
  const uint64_t every_;
  const size_t capacity_bytes_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Case> cases_ ABSL_GUARDED_BY(mu_);
  std::list<std::string> order_ ABSL_GUARDED_BY(mu_);  // the kept cases, replayed latest first
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t erasures_ ABSL_GUARDED_BY(mu_) = 0;  // when the kept folds were taken
};

}  // namespace caseledger::projections
