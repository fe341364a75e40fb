#pragma once

// The tables kept beside the log in the store's RocksDB instance: views, checkpoints and
// subject keys, each in column families of their own. Internal to eventstore/.

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/checkpoints.h"
#include "eventstore/erasure_register.h"
#include "eventstore/key_store.h"
#include "eventstore/view_store.h"
#include "eventstore/write_failure.h"
#include "rocksdb/db.h"

namespace caseledger::eventstore {

// The column families of one RocksDB instance, by name. Destroys their handles when it goes,
// before the database closes. Thread-safe.
class ColumnFamilies {
 public:
  // Families created later get `new_family`.
  ColumnFamilies(rocksdb::DB& db,
                 absl::flat_hash_map<std::string, rocksdb::ColumnFamilyHandle*> handles,
                 rocksdb::ColumnFamilyOptions new_family)
      : db_(db), handles_(std::move(handles)), new_family_(std::move(new_family)) {}
  ~ColumnFamilies();

  rocksdb::DB& db() const { return db_; }
  // The family `name`, created when missing. The handle stays valid until Drop(name) or
  // this object goes.
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> Get(const std::string& name);
  bool Has(const std::string& name) const;
  // Deletes the family and everything in it; no one may use its handle any more.
  absl::Status Drop(const std::string& name);
  // Writes every family's memtable to table files and waits, so that no write-ahead log
  // holds data written before the call any more: RocksDB deletes logs it no longer needs.
  absl::Status FlushAll();

 private:
  rocksdb::DB& db_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, rocksdb::ColumnFamilyHandle*> handles_ ABSL_GUARDED_BY(mu_);
  const rocksdb::ColumnFamilyOptions new_family_;
};

// One column family read as a Table.
class RocksDbTable final : public Table {
 public:
  RocksDbTable(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family) : db_(db), family_(family) {}

  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const override;
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const override;
  absl::Status Scan(absl::string_view from, absl::string_view until, Visitor visit) const override;

 private:
  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle* const family_;
};

// Checkpoints in the family "checkpoints": name -> 8-byte big-endian value. A write that fails
// on disk sets `failure` (which must outlive it), as do those of the two classes below.
class RocksDbCheckpoints final : public Checkpoints {
 public:
  RocksDbCheckpoints(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family, WriteFailure& failure)
      : db_(db), family_(family), failure_(failure) {}

  absl::StatusOr<std::optional<uint64_t>> Read(absl::string_view name) const override;
  absl::Status Save(absl::string_view name, uint64_t value) override;
  absl::Status Remove(absl::string_view name) override;

 private:
  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle* const family_;
  WriteFailure& failure_;
};

// Each view in the family "view/<name>"; checkpoints in "checkpoints".
class RocksDbViewStore final : public ViewStore {
 public:
  RocksDbViewStore(ColumnFamilies& families, rocksdb::ColumnFamilyHandle* checkpoints,
                   WriteFailure& failure)
      : families_(families), checkpoints_(checkpoints), failure_(failure) {}

  absl::StatusOr<std::shared_ptr<const Table>> OpenView(const std::string& name) override;
  bool HasView(const std::string& name) const override;
  absl::Status DropView(const std::string& name) override;
  absl::Status Commit(const std::string& name, const TableChanges& changes,
                      absl::string_view checkpoint, uint64_t position) override;
  absl::Status Sync() override;

 private:
  ColumnFamilies& families_;
  rocksdb::ColumnFamilyHandle* const checkpoints_;
  WriteFailure& failure_;
};

// The subject keys in the family "subject_keys", every write synced.
class RocksDbKeyStore final : public KeyStore {
 public:
  // `register_path`: the erasure register's file; empty: kept in memory.
  RocksDbKeyStore(ColumnFamilies& families, rocksdb::ColumnFamilyHandle* family,
                  std::string register_path, WriteFailure& failure)
      : families_(families),
        family_(family),
        table_(families.db(), family),
        erasures_(std::move(register_path)),
        failure_(failure) {}

  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const override {
    return table_.Get(key);
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const override {
    return table_.MultiGet(keys);
  }
  absl::Status Scan(absl::string_view from, absl::string_view until, Visitor visit) const override {
    return table_.Scan(from, until, visit);
  }
  absl::Status Write(const TableChanges& changes) override;
  absl::Status Purge() override;
  absl::Status RegisterErasure(absl::string_view key_id) override { return erasures_.Add(key_id); }
  absl::StatusOr<std::vector<std::string>> RegisteredErasures() const override {
    return erasures_.All();
  }

 private:
  ColumnFamilies& families_;
  rocksdb::ColumnFamilyHandle* const family_;
  const RocksDbTable table_;
  ErasureRegister erasures_;
  WriteFailure& failure_;
};

}  // namespace caseledger::eventstore
