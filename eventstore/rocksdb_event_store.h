#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "base/clock.h"
#include "eventstore/append_limits.h"
#include "eventstore/event_store.h"
#include "eventstore/log_reads.h"
#include "eventstore/log_writer.h"
#include "rocksdb/db.h"

namespace caseledger::eventstore {

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
  const Clock* clock = &SystemClock();
  // nullptr: the machine's file system, with write-ahead logs presized (presized_wal.h)
  // when durability is kFsync. Tests may pass rocksdb::NewMemEnv's.
  rocksdb::Env* env = nullptr;
};

// The event store on one RocksDB instance (column families log, streams, commands).
class RocksDbEventStore final : public EventStore {
 public:
  // Opens or creates the store at options.path. FAILED_PRECONDITION when another
  // process holds the folder; UNAVAILABLE when it can't be read or written.
  static absl::StatusOr<std::unique_ptr<RocksDbEventStore>> Open(StoreOptions options);

  // Commits queued appends, stops the writer and closes the database. Subscriptions
  // must be stopped first.
  ~RocksDbEventStore() override;

  absl::StatusOr<AppendResult> Append(AppendRequest request) override;
  void AppendAsync(AppendRequest request, AppendCallback done) override;
  absl::StatusOr<std::optional<AppendResult>> LookupCommand(
      absl::string_view command_id) const override;
  absl::StatusOr<uint64_t> StreamRevision(absl::string_view stream_id) const override;
  absl::StatusOr<std::vector<v1::EventRecord>> ReadStream(absl::string_view stream_id,
                                                          uint64_t from_revision,
                                                          Direction direction,
                                                          size_t max_count) const override;
  absl::StatusOr<size_t> VisitEncoded(
      uint64_t from_position, size_t max_count,
      absl::FunctionRef<bool(uint64_t position, absl::string_view record)> visit) const override;
  LogHead Head() const override;
  bool WaitForPosition(uint64_t position, absl::Time deadline) const override;
  absl::StatusOr<VerifyResult> VerifyLog(uint64_t from_position,
                                         uint64_t to_position) const override;

  // The database underneath, for state kept beside the log in the same instance (views
  // and their checkpoints), written in batches of its own.
  rocksdb::DB& db() { return *db_; }
  const LogColumns& columns() const { return columns_; }

  // The column family `name`, created when missing; "checkpoints" always exists. The
  // handle stays valid until DropColumnFamily(name) or the store closes.
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> ColumnFamily(const std::string& name);
  bool HasColumnFamily(const std::string& name) const;
  // Deletes the family and everything in it. No one may use its handle any more.
  absl::Status DropColumnFamily(const std::string& name);
  // Writes every column family's memtable to table files and waits, so that no write-ahead
  // log holds data written before the call any more: RocksDB deletes logs it no longer needs.
  absl::Status FlushAll();

 private:
  RocksDbEventStore(StoreOptions options, std::unique_ptr<rocksdb::Env> env,
                    std::unique_ptr<rocksdb::DB> db,
                    absl::flat_hash_map<std::string, rocksdb::ColumnFamilyHandle*> handles,
                    LogColumns columns, LogHead head);

  const StoreOptions options_;
  // The presized file system under db_, when it has one; outlives db_.
  const std::unique_ptr<rocksdb::Env> env_;
  std::unique_ptr<rocksdb::DB> db_;
  mutable absl::Mutex families_mu_;
  absl::flat_hash_map<std::string, rocksdb::ColumnFamilyHandle*> handles_
      ABSL_GUARDED_BY(families_mu_);
  const LogColumns columns_;
  std::unique_ptr<LogWriter> writer_;
};

}  // namespace caseledger::eventstore
