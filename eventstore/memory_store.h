#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "base/clock.h"
#include "base/position_waiters.h"
#include "eventstore/append_limits.h"
#include "eventstore/event_store.h"
#include "eventstore/storage.h"

namespace caseledger::eventstore {

// The log, and everything Storage keeps beside it, in memory: gone when the store goes. Keeps
// every promise of the EventStore interface (expected revisions, idempotency, the hash chain,
// subscriptions, verification) so that the modules above the store can be tested without a
// disk, and can be made to meet a failing one. Appends complete on the caller's thread.
// Thread-safe.
class MemoryStore final : public EventStore {
 public:
  explicit MemoryStore(const Clock& clock = SystemClock(), AppendLimits limits = AppendLimits());
  ~MemoryStore() override;

  absl::StatusOr<AppendResult> Append(AppendRequest request) override;
  void AppendAsync(AppendRequest request, AppendCallback done) override;
  absl::StatusOr<MultiStreamAppendResult> AppendStreams(MultiStreamAppendRequest request) override;
  void AppendStreamsAsync(MultiStreamAppendRequest request,
                          MultiStreamAppendCallback done) override;
  absl::StatusOr<std::optional<MultiStreamAppendResult>> LookupCommand(
      absl::string_view command_id) const override;
  absl::StatusOr<uint64_t> StreamRevision(absl::string_view stream_id) const override;
  absl::StatusOr<std::vector<v1::EventRecord>> ReadStream(absl::string_view stream_id,
                                                          uint64_t from_revision,
                                                          Direction direction,
                                                          size_t max_count) const override;
  absl::StatusOr<size_t> VisitStreamEncoded(
      absl::string_view stream_id, uint64_t from_revision, size_t max_count,
      absl::FunctionRef<bool(uint64_t revision, uint64_t position, absl::string_view record)> visit)
      const override;
  absl::StatusOr<size_t> VisitEncoded(
      uint64_t from_position, size_t max_count,
      absl::FunctionRef<bool(uint64_t position, absl::string_view record)> visit) const override;
  LogHead Head() const override;
  bool WaitForPosition(uint64_t position, absl::Time deadline) const override;
  void WhenCommitted(uint64_t position, absl::Time deadline,
                     std::function<void(absl::Status)> committed) const override;
  absl::StatusOr<VerifyResult> VerifyLog(uint64_t from_position,
                                         uint64_t to_position) const override;
  StoreStats Stats() const override;

  // The log and the tables kept beside it.
  Storage storage();

  // While set (not OK), every read of the log (ReadStream, VisitStreamEncoded, VisitEncoded) fails
  // with `failure`, as a damaged or failing disk would make it; OK again reads as before.
  void FailReads(absl::Status failure);
  // While set, every append fails with `failure` and writes nothing.
  void FailAppends(absl::Status failure);

 private:
  class Tables;

  const Clock& clock_;
  const AppendLimits limits_;
  mutable absl::Mutex mu_;
  std::vector<std::string> records_ ABSL_GUARDED_BY(mu_);  // encoded, at position - 1
  absl::flat_hash_map<std::string, std::vector<uint64_t>> streams_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, MultiStreamAppendResult> commands_ ABSL_GUARDED_BY(mu_);
  LogHead head_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status read_failure_ ABSL_GUARDED_BY(mu_);
  absl::Status append_failure_ ABSL_GUARDED_BY(mu_);
  mutable PositionWaiters committed_;
  std::unique_ptr<Tables> tables_;
};

}  // namespace caseledger::eventstore
