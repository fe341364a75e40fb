#pragma once

#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "base/clock.h"
#include "base/position_waiters.h"
#include "eventstore/event_store.h"
#include "eventstore/log_reads.h"
#include "eventstore/write_failure.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace caseledger::eventstore {

// The log's single writer: group commit. Appends queue up; one thread takes every
// queued append, checks each (idempotency, expected revision), chains their hashes,
// writes them all in one WriteBatch (synced when `sync`), then completes them.
// After a failed write or sync, of the log or of anything else in the database, it refuses
// all further appends (WriteFailure): what reached the disk is then unknown until the store
// is reopened. Thread-safe.
class LogWriter {
 public:
  struct Options {
    bool sync = true;
    size_t max_group_appends = 4096;
    size_t max_cached_streams = 1 << 18;
    const Clock* clock = nullptr;
    std::function<void(const GroupCommit&)> on_group_commit;
  };

  // Starts the writer thread. `head` is the log's head as found on disk. Appends are refused
  // once `failure` has a refusal, whoever's write set it; `failure` must outlive the writer.
  LogWriter(rocksdb::DB* db, LogColumns columns, LogHead head, WriteFailure& failure,
            Options options);
  // Close()s.
  ~LogWriter();

  // Queues a validated append (of one stream or several); `done` runs once, on the writer
  // thread or, when the writer is closed, on the caller's.
  void Submit(MultiStreamAppendRequest request, MultiStreamAppendCallback done);

  // Writes records copied from another log as they are (LogCopies::CopyRecords), between two
  // groups of appends.
  absl::StatusOr<LogHead> CopyRecords(const std::vector<std::string>& records);

  // Commits what is queued, then stops the thread. Later Submits get UNAVAILABLE.
  void Close();

  LogHead Head() const;
  // OK, or why every append is now refused.
  absl::Status Failure() const;
  // How long the oldest append queued or being written has waited; zero when none.
  absl::Duration OldestWaiting() const;
  // The stream's committed revision: from memory for a stream written or asked about
  // recently, else read from the disk (and remembered).
  absl::StatusOr<uint64_t> StreamRevision(absl::string_view stream_id) const;
  bool WaitForPosition(uint64_t position, absl::Time deadline) const;
  // See EventStore::WhenCommitted.
  void WhenCommitted(uint64_t position, absl::Time deadline, PositionWaiters::Ready committed);

 private:
  struct Pending {
    MultiStreamAppendRequest request;
    MultiStreamAppendCallback done;
    absl::Time queued_at;
  };
  // What one append in a group came to, before the group's write.
  struct Outcome {
    absl::StatusOr<MultiStreamAppendResult> result;
    bool needs_write = false;  // holds only if the group's write succeeds
  };

  // The command whose records are being copied, as its outcome so far: an append's records
  // may come in two batches.
  struct CopiedCommand {
    std::string command_id;
    MultiStreamAppendResult outcome;
  };

  void Run();
  void CommitGroup(std::vector<Pending>& group) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Reads, once, the command of the log's last record, which copies may go on with.
  absl::Status LoadCopiedCommand() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Adds `record` to the outcome of its command (`copied`).
  static void AddToCopiedCommand(const v1::EventRecord& record, CopiedCommand& copied);
  // After a write: `head` and the streams' `revisions` are what readers now see.
  void MakeCurrent(const LogHead& head,
                   const absl::flat_hash_map<std::string, uint64_t>& revisions);
  // The first result of the append's command id, from this group or the disk; nullopt when
  // it is new (or has none).
  absl::StatusOr<std::optional<MultiStreamAppendResult>> EarlierResult(
      const MultiStreamAppendRequest& request,
      const absl::flat_hash_map<std::string, MultiStreamAppendResult>& group, bool* in_group);
  absl::StatusOr<uint64_t> CurrentRevision(const std::string& stream_id,
                                           const absl::flat_hash_map<std::string, uint64_t>& group);

  rocksdb::DB* const db_;
  const LogColumns columns_;
  WriteFailure& failure_;
  const Options options_;

  // Held while a group, or a batch of copied records, is written.
  absl::Mutex write_mu_;
  CopiedCommand copied_ ABSL_GUARDED_BY(write_mu_);
  bool copied_loaded_ ABSL_GUARDED_BY(write_mu_) = false;

  mutable absl::Mutex queue_mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool closing_ ABSL_GUARDED_BY(queue_mu_) = false;
  // When the oldest append of the group being written was queued; InfiniteFuture when idle.
  absl::Time writing_since_ ABSL_GUARDED_BY(queue_mu_) = absl::InfiniteFuture();

  mutable absl::Mutex head_mu_;
  LogHead head_ ABSL_GUARDED_BY(head_mu_);
  bool closed_ ABSL_GUARDED_BY(head_mu_) = false;

  // The last revision of recently written or read streams. The writer sets it after each
  // write; a reader only adds a stream missing from it, and only if the map was not
  // cleared since its read, so no entry is ever behind a write that has been acknowledged.
  mutable absl::Mutex revisions_mu_;
  mutable absl::flat_hash_map<std::string, uint64_t> stream_revisions_
      ABSL_GUARDED_BY(revisions_mu_);
  uint64_t revisions_cleared_ ABSL_GUARDED_BY(revisions_mu_) = 0;

  // Those waiting for a position to be committed, without a thread each.
  PositionWaiters committed_;
  std::thread thread_;
};

}  // namespace caseledger::eventstore
