#include "eventstore/rocksdb_tables.h"

#include "absl/strings/str_cat.h"
#include "eventstore/keys.h"
#include "eventstore/rocksdb_bridge.h"
#include "rocksdb/write_batch.h"

namespace caseledger::eventstore {
namespace {

constexpr absl::string_view kViewFamilyPrefix = "view/";

std::string ViewFamily(const std::string& name) { return absl::StrCat(kViewFamilyPrefix, name); }

// Adds `changes`, in key order, to `batch` for `family`.
void AddChanges(const TableChanges& changes, rocksdb::ColumnFamilyHandle* family,
                rocksdb::WriteBatch& batch) {
  for (const auto& [key, value] : changes.changes()) {
    if (value.has_value()) {
      batch.Put(family, key, *value);
    } else {
      batch.Delete(family, key);
    }
  }
}

}  // namespace

ColumnFamilies::~ColumnFamilies() {
  absl::MutexLock lock(&mu_);
  for (auto& [name, handle] : handles_) db_.DestroyColumnFamilyHandle(handle);
}

absl::StatusOr<rocksdb::ColumnFamilyHandle*> ColumnFamilies::Get(const std::string& name) {
  absl::MutexLock lock(&mu_);
  if (auto it = handles_.find(name); it != handles_.end()) return it->second;
  rocksdb::ColumnFamilyHandle* handle = nullptr;
  rocksdb::Status s = db_.CreateColumnFamily(new_family_, name, &handle);
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("creating column family ", name));
  handles_[name] = handle;
  return handle;
}

bool ColumnFamilies::Has(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  return handles_.contains(name);
}

absl::Status ColumnFamilies::Drop(const std::string& name) {
  absl::MutexLock lock(&mu_);
  auto it = handles_.find(name);
  if (it == handles_.end()) return absl::OkStatus();
  rocksdb::Status s = db_.DropColumnFamily(it->second);
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("dropping column family ", name));
  db_.DestroyColumnFamilyHandle(it->second);
  handles_.erase(it);
  return absl::OkStatus();
}

absl::Status ColumnFamilies::FlushAll() {
  absl::MutexLock lock(&mu_);
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  for (const auto& [name, handle] : handles_) families.push_back(handle);
  rocksdb::FlushOptions options;
  options.wait = true;
  return FromRocksDb(db_.Flush(options, families), "flushing the database");
}

absl::StatusOr<std::optional<std::string>> RocksDbTable::Get(absl::string_view key) const {
  std::string value;
  rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), family_, ToSlice(key), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("reading ", family_->GetName()));
  return value;
}

absl::StatusOr<std::vector<std::optional<std::string>>> RocksDbTable::MultiGet(
    const std::vector<std::string>& keys) const {
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_.MultiGet(rocksdb::ReadOptions(), family_, keys.size(), slices.data(), values.data(),
               statuses.data());
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) {
      return FromRocksDb(statuses[i], absl::StrCat("reading ", family_->GetName()));
    }
    out[i] = values[i].ToString();
  }
  return out;
}

absl::Status RocksDbTable::Scan(absl::string_view from, absl::string_view until,
                                Visitor visit) const {
  rocksdb::ReadOptions options;
  rocksdb::Slice upper = ToSlice(until);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(options, family_));
  for (it->Seek(ToSlice(from)); it->Valid(); it->Next()) {
    if (!visit(ToView(it->key()), ToView(it->value()))) break;
  }
  return FromRocksDb(it->status(), absl::StrCat("scanning ", family_->GetName()));
}

absl::StatusOr<std::optional<uint64_t>> RocksDbCheckpoints::Read(absl::string_view name) const {
  std::string value;
  rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), family_, ToSlice(name), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("reading checkpoint ", name));
  if (value.size() != 8) {
    return absl::DataLossError(absl::StrCat("checkpoint ", name, " is corrupt"));
  }
  return keys::DecodePosition(value);
}

absl::Status RocksDbCheckpoints::Save(absl::string_view name, uint64_t value) {
  return failure_.Check(
      db_.Put(rocksdb::WriteOptions(), family_, ToSlice(name), keys::Position(value)),
      absl::StrCat("saving checkpoint ", name));
}

absl::Status RocksDbCheckpoints::Remove(absl::string_view name) {
  return failure_.Check(db_.Delete(rocksdb::WriteOptions(), family_, ToSlice(name)),
                        absl::StrCat("removing checkpoint ", name));
}

absl::StatusOr<std::shared_ptr<const Table>> RocksDbViewStore::OpenView(const std::string& name) {
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> family = families_.Get(ViewFamily(name));
  if (!family.ok()) return family.status();
  return std::make_shared<const RocksDbTable>(families_.db(), *family);
}

bool RocksDbViewStore::HasView(const std::string& name) const {
  return families_.Has(ViewFamily(name));
}

absl::Status RocksDbViewStore::DropView(const std::string& name) {
  return families_.Drop(ViewFamily(name));
}

absl::Status RocksDbViewStore::Commit(const std::string& name, const TableChanges& changes,
                                      absl::string_view checkpoint, uint64_t position) {
  if (!families_.Has(ViewFamily(name))) {
    return absl::FailedPreconditionError(absl::StrCat("view ", name, " is not open"));
  }
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> family = families_.Get(ViewFamily(name));
  if (!family.ok()) return family.status();
  rocksdb::WriteBatch batch;
  AddChanges(changes, *family, batch);
  batch.Put(checkpoints_, ToSlice(checkpoint), keys::Position(position));
  return failure_.Check(families_.db().Write(rocksdb::WriteOptions(), &batch),
                        absl::StrCat("committing view ", name));
}

absl::Status RocksDbViewStore::Sync() {
  return failure_.Check(families_.db().SyncWAL(), "syncing the views");
}

absl::Status RocksDbKeyStore::Write(const TableChanges& changes) {
  rocksdb::WriteBatch batch;
  AddChanges(changes, family_, batch);
  rocksdb::WriteOptions options;
  options.sync = true;
  return failure_.Check(families_.db().Write(options, &batch), "writing the subject keys");
}

absl::Status RocksDbKeyStore::Purge() {
  // Flushing every family retires the write-ahead logs that held the deleted values; the
  // compaction then rewrites the keys' table files without them.
  if (absl::Status s = families_.FlushAll(); !s.ok()) return s;
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocksDb(families_.db().CompactRange(options, family_, nullptr, nullptr),
                     "compacting the subject keys");
}

}  // namespace caseledger::eventstore
