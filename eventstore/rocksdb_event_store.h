#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "eventstore/append_limits.h"
#include "eventstore/event_store.h"
#include "eventstore/log_copies.h"
#include "eventstore/storage.h"

namespace rocksdb {
class DB;
class Env;
class FileSystem;
}  // namespace rocksdb

namespace caseledger::eventstore {

struct LogColumns;

enum class Durability {
  kFsync,  // an acknowledged append is on disk (WAL synced)
  kOs,     // an acknowledged append is in the OS page cache: survives a process crash only
};

// "fsync" or "os"; INVALID_ARGUMENT otherwise.
absl::StatusOr<Durability> ParseDurability(absl::string_view text);

struct StoreOptions {
  std::string path;  // the data folder; created when missing
  Durability durability = Durability::kFsync;
  AppendLimits limits;
  size_t max_group_appends = 4096;
  // What RocksDB may hold in memory: its block cache, with the memtables charged to it
  // (memory_budget.h).
  size_t memory_budget = size_t{256} << 20;
  const Clock* clock = &SystemClock();
  // nullptr: the machine's file system, with write-ahead logs presized (presized_wal.h)
  // when durability is kFsync. Tests may pass rocksdb::NewMemEnv's.
  rocksdb::Env* env = nullptr;
  // When set (and `env` is not), the store's files go through the file system it returns
  // around the one given: tests put a file system that fails on command there.
  std::function<std::shared_ptr<rocksdb::FileSystem>(std::shared_ptr<rocksdb::FileSystem>)>
      wrap_file_system;
  // Called on the writer thread after each write of the log; must be quick. Optional.
  std::function<void(const GroupCommit&)> on_group_commit;
};

// The event store on one RocksDB instance: the log (column families log, streams, commands)
// and, beside it, the views, checkpoints and subject keys of Storage. The only part of
// caseledger that knows RocksDB. Thread-safe.
class RocksDbEventStore final : public EventStore, public Backups, public LogCopies {
 public:
  // Opens or creates the store at options.path. FAILED_PRECONDITION when another
  // process holds the folder; UNAVAILABLE when it can't be read or written.
  // After a write or sync of the database fails (the log's, a view's or the keys'), every
  // append is refused (UNAVAILABLE, or RESOURCE_EXHAUSTED when the disk is full) until the
  // store is opened again; reads go on.
  static absl::StatusOr<std::unique_ptr<RocksDbEventStore>> Open(StoreOptions options);

  // Commits queued appends, stops the writer and closes the database. Subscriptions must be
  // stopped, and the views opened let go, first.
  ~RocksDbEventStore() override;

  void AppendAsync(AppendRequest request, AppendCallback done) override;
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
  absl::StatusOr<LogHead> CopyRecords(const std::vector<std::string>& records) override;

  // The log and everything kept beside it in this data folder.
  Storage storage();

  // Copies the whole store, as one consistent moment of it while appends go on, into
  // `folder` (which must not exist; on the same file system the table files are hard links):
  // the log, views, checkpoints, subject keys and erasure register. Returns the log's head in
  // the copy. ALREADY_EXISTS when `folder` exists.
  absl::StatusOr<LogHead> Backup(const std::string& folder) override;

  // Makes `data_folder` a copy of the backup in `backup_folder`, ready to Open. A data folder
  // already there is moved aside, never deleted; its path is returned (empty when there was
  // none). The erasure register becomes the union of the backup's, the set-aside folder's and
  // each of `erasure_registers` (files), so that Open erases again every subject erased since
  // the backup was taken. INVALID_ARGUMENT when `backup_folder` holds no backup.
  static absl::StatusOr<std::string> Restore(const std::string& backup_folder,
                                             const std::string& data_folder,
                                             const std::vector<std::string>& erasure_registers);

  // Writes every memtable to table files, so that no write-ahead log holds what was written
  // before: for benchmarks that measure reads from table files.
  absl::Status FlushAll();

  // The database and the log's column families underneath, for tests and benchmarks that
  // inspect or damage the files as a fault would (they include RocksDB's headers themselves).
  rocksdb::DB& db();
  const LogColumns& columns() const;

 private:
  struct Parts;
  explicit RocksDbEventStore(std::unique_ptr<Parts> parts);

  const std::unique_ptr<Parts> parts_;
};

}  // namespace caseledger::eventstore
