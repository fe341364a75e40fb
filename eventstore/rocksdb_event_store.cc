#include "eventstore/rocksdb_event_store.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "eventstore/erasure_register.h"
#include "eventstore/info_log.h"
#include "eventstore/keys.h"
#include "eventstore/log_reads.h"
#include "eventstore/log_writer.h"
#include "eventstore/memory_budget.h"
#include "eventstore/multi_stream.h"
#include "eventstore/presized_wal.h"
#include "eventstore/record_hash.h"
#include "eventstore/rocksdb_bridge.h"
#include "eventstore/rocksdb_tables.h"
#include "eventstore/verify_log.h"
#include "rocksdb/db.h"
#include "rocksdb/file_system.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"

namespace caseledger::eventstore {
namespace {

constexpr char kLogFamily[] = "log";
// Reads of this many events or more read ahead.
constexpr size_t kLongRead = 256;
constexpr char kStreamsFamily[] = "streams";
constexpr char kCommandsFamily[] = "commands";
constexpr char kCheckpointsFamily[] = "checkpoints";
constexpr char kSubjectKeysFamily[] = "subject_keys";

rocksdb::ColumnFamilyOptions PointLookupOptions(const MemoryBudget& memory) {
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions options = memory.Family(table);
  // Most lookups are of a command id never used before: a Bloom filter over the memtable
  // answers them without searching it.
  options.memtable_prefix_bloom_size_ratio = 0.02;
  options.memtable_whole_key_filtering = true;
  return options;
}

// Every block of the log read is checked: with XXH3, which costs a fraction of CRC32c where
// RocksDB is built without SSE4.2, as Debian's is.
rocksdb::ColumnFamilyOptions LogOptions(const MemoryBudget& memory) {
  rocksdb::BlockBasedTableOptions table;
  table.checksum = rocksdb::kXXH3;
  return memory.Family(table);
}

absl::Status OpenError(const rocksdb::Status& status, const std::string& path) {
  const std::string text = status.ToString();
  if (status.IsIOError() && absl::StrContains(text, "lock")) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data folder ", path, " is in use by another caseledger process (", text, ")"));
  }
  return FromRocksDb(status, absl::StrCat("cannot open data folder ", path));
}

absl::StatusOr<LogHead> ReadHead(rocksdb::DB& db, const LogColumns& columns) {
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), columns.log));
  it->SeekToLast();
  if (!it->status().ok()) return FromRocksDb(it->status(), "reading the log's head");
  LogHead head;
  head.hash = GenesisHash();
  if (!it->Valid()) return head;
  head.position = keys::DecodePosition(ToView(it->key()));
  absl::StatusOr<v1::EventRecord> last = ParseRecord(it->value(), head.position);
  if (!last.ok()) return last.status();
  head.hash = last->hash();
  return head;
}

}  // namespace

// What the store is made of, destroyed in the order the database needs: the writer first,
// then what uses the column families' handles, then the handles, the database and its Env.
struct RocksDbEventStore::Parts {
  StoreOptions options;
  WriteFailure failure;  // of any write of the database, after which appends are refused
  std::unique_ptr<rocksdb::Env> env;  // over the store's own file system, when it has one
  std::unique_ptr<MemoryBudget> memory;
  std::unique_ptr<rocksdb::DB> db;
  std::unique_ptr<ColumnFamilies> families;
  LogColumns columns;
  std::unique_ptr<RocksDbCheckpoints> checkpoints;
  std::unique_ptr<RocksDbViewStore> views;
  std::unique_ptr<RocksDbKeyStore> keys;
  std::unique_ptr<LogWriter> writer;
};

absl::StatusOr<Durability> ParseDurability(absl::string_view text) {
  if (text == "fsync") return Durability::kFsync;
  if (text == "os") return Durability::kOs;
  return absl::InvalidArgumentError(
      absl::StrCat("durability must be fsync or os, not '", text, "'"));
}

absl::StatusOr<std::unique_ptr<RocksDbEventStore>> RocksDbEventStore::Open(StoreOptions options) {
  if (options.path.empty()) return absl::InvalidArgumentError("data folder must not be empty");
  if (options.env == nullptr) {
    std::error_code error;
    std::filesystem::create_directories(options.path, error);
    if (error) {
      return absl::UnavailableError(
          absl::StrCat("cannot create data folder ", options.path, ": ", error.message()));
    }
  }

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  auto memory = std::make_unique<MemoryBudget>(options.memory_budget);
  db_options.write_buffer_manager = memory->write_buffers();
  std::unique_ptr<rocksdb::Env> env;
  if (options.env != nullptr) {
    db_options.env = options.env;
  } else {
    // Presizing pays where every acknowledged append is synced; it does nothing for the rest.
    std::shared_ptr<rocksdb::FileSystem> files = rocksdb::FileSystem::Default();
    if (options.durability == Durability::kFsync) files = NewPresizedWalFileSystem(files);
    if (options.wrap_file_system) files = options.wrap_file_system(std::move(files));
    if (files != rocksdb::FileSystem::Default()) {
      env = rocksdb::NewCompositeEnv(std::move(files));
      db_options.env = env.get();
    }
    // RocksDB's own info logger can abort when the disk is full (info_log.h).
    db_options.info_log = std::make_shared<InfoLog>(options.path);
  }

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, memory->Family()},
      {kLogFamily, LogOptions(*memory)},
      {kStreamsFamily, memory->Family()},
      {kCommandsFamily, PointLookupOptions(*memory)},
      {kCheckpointsFamily, memory->Family()},
      {kSubjectKeysFamily, memory->Family()},
  };
  // RocksDB opens only with every family it has: add those kept beside the log (views).
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(db_options, options.path, &existing).ok()) {
    for (const std::string& name : existing) {
      bool known = false;
      for (const auto& f : families) known |= f.name == name;
      if (!known) families.emplace_back(name, memory->Family());
    }
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, families, &handles, &raw);
  if (!s.ok()) return OpenError(s, options.path);
  std::unique_ptr<rocksdb::DB> db(raw);

  auto parts = std::make_unique<Parts>();
  parts->columns = LogColumns{handles[1], handles[2], handles[3]};
  rocksdb::ColumnFamilyHandle* checkpoints = handles[4];
  rocksdb::ColumnFamilyHandle* subject_keys = handles[5];
  absl::StatusOr<LogHead> head = ReadHead(*db, parts->columns);
  if (!head.ok()) {
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    return head.status();
  }
  absl::flat_hash_map<std::string, rocksdb::ColumnFamilyHandle*> by_name;
  for (auto* handle : handles) by_name[handle->GetName()] = handle;
  parts->options = std::move(options);
  parts->env = std::move(env);
  parts->memory = std::move(memory);
  parts->db = std::move(db);
  parts->families =
      std::make_unique<ColumnFamilies>(*parts->db, std::move(by_name), parts->memory->Family());
  parts->checkpoints =
      std::make_unique<RocksDbCheckpoints>(*parts->db, checkpoints, parts->failure);
  parts->views = std::make_unique<RocksDbViewStore>(*parts->families, checkpoints, parts->failure);
  // The erasure register beside the database, except for a store on a test's own Env.
  std::string register_path;
  if (parts->options.env == nullptr) {
    register_path = (std::filesystem::path(parts->options.path) / ErasureRegister::kFileName);
  }
  parts->keys = std::make_unique<RocksDbKeyStore>(*parts->families, subject_keys,
                                                  std::move(register_path), parts->failure);
  LogWriter::Options writer_options;
  writer_options.sync = parts->options.durability == Durability::kFsync;
  writer_options.max_group_appends = parts->options.max_group_appends;
  writer_options.clock = parts->options.clock;
  writer_options.on_group_commit = parts->options.on_group_commit;
  parts->writer = std::make_unique<LogWriter>(parts->db.get(), parts->columns, *std::move(head),
                                              parts->failure, writer_options);
  return std::unique_ptr<RocksDbEventStore>(new RocksDbEventStore(std::move(parts)));
}

RocksDbEventStore::RocksDbEventStore(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

RocksDbEventStore::~RocksDbEventStore() {
  parts_->writer->Close();
  parts_->writer.reset();
  parts_->keys.reset();
  parts_->views.reset();
  parts_->checkpoints.reset();
  parts_->families.reset();
  rocksdb::Status s = parts_->db->Close();
  (void)s;  // Nothing left to do about a failed close: the WAL holds what was acknowledged.
}

Storage RocksDbEventStore::storage() {
  return Storage{*this, *parts_->views, *parts_->checkpoints, *parts_->keys, this};
}

rocksdb::DB& RocksDbEventStore::db() { return *parts_->db; }

const LogColumns& RocksDbEventStore::columns() const { return parts_->columns; }

absl::Status RocksDbEventStore::FlushAll() { return parts_->families->FlushAll(); }

void RocksDbEventStore::AppendAsync(AppendRequest request, AppendCallback done) {
  if (absl::Status s = ValidateAppend(request, parts_->options.limits); !s.ok()) {
    done(s);
    return;
  }
  parts_->writer->Submit(OneStream(std::move(request)), FirstStreamOf(std::move(done)));
}

void RocksDbEventStore::AppendStreamsAsync(MultiStreamAppendRequest request,
                                           MultiStreamAppendCallback done) {
  if (absl::Status s = ValidateAppend(request, parts_->options.limits); !s.ok()) {
    done(s);
    return;
  }
  parts_->writer->Submit(std::move(request), std::move(done));
}

absl::StatusOr<LogHead> RocksDbEventStore::CopyRecords(const std::vector<std::string>& records) {
  return parts_->writer->CopyRecords(records);
}

absl::StatusOr<std::optional<MultiStreamAppendResult>> RocksDbEventStore::LookupCommand(
    absl::string_view command_id) const {
  if (command_id.empty()) return absl::InvalidArgumentError("command_id must not be empty");
  return ReadCommandOutcome(*parts_->db, parts_->columns, command_id);
}

absl::StatusOr<uint64_t> RocksDbEventStore::StreamRevision(absl::string_view stream_id) const {
  return parts_->writer->StreamRevision(stream_id);
}

absl::StatusOr<std::vector<v1::EventRecord>> RocksDbEventStore::ReadStream(
    absl::string_view stream_id, uint64_t from_revision, Direction direction,
    size_t max_count) const {
  std::vector<v1::EventRecord> records;
  records.reserve(std::min<size_t>(max_count, 256));
  absl::Status corrupt;
  absl::StatusOr<size_t> lent =
      LendStream(*parts_->db, parts_->columns, stream_id, from_revision, direction, max_count,
                 [&](uint64_t revision, uint64_t position, absl::string_view encoded) {
                   corrupt = ParseStreamRecordInto(encoded, stream_id, revision, position,
                                                   records.emplace_back());
                   return corrupt.ok();
                 });
  if (!corrupt.ok()) return corrupt;
  if (!lent.ok()) return lent.status();
  return records;
}

absl::StatusOr<size_t> RocksDbEventStore::VisitStreamEncoded(
    absl::string_view stream_id, uint64_t from_revision, size_t max_count,
    absl::FunctionRef<bool(uint64_t revision, uint64_t position, absl::string_view record)> visit)
    const {
  return LendStream(*parts_->db, parts_->columns, stream_id, from_revision, Direction::kForward,
                    max_count, visit);
}

absl::StatusOr<size_t> RocksDbEventStore::VisitEncoded(
    uint64_t from_position, size_t max_count,
    absl::FunctionRef<bool(uint64_t position, absl::string_view record)> visit) const {
  // A long read reads the log's files in large runs rather than a block per system call. One
  // that starts far behind the head (a replay, a rebuild) passes each block once, so it leaves
  // the block cache to what is read again: the views, and the records near the head that
  // subscribers and commands read.
  rocksdb::ReadOptions options;
  if (max_count >= kLongRead) {
    options.readahead_size = 1 << 20;
    options.fill_cache = from_position + kLongRead > Head().position;
  }
  std::unique_ptr<rocksdb::Iterator> it(parts_->db->NewIterator(options, parts_->columns.log));
  size_t lent = 0;
  for (it->Seek(keys::Position(from_position)); it->Valid() && lent < max_count; it->Next()) {
    ++lent;
    if (!visit(keys::DecodePosition(ToView(it->key())), ToView(it->value()))) break;
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "reading the log");
  return lent;
}

LogHead RocksDbEventStore::Head() const { return parts_->writer->Head(); }

StoreStats RocksDbEventStore::Stats() const {
  StoreStats stats;
  stats.writer = parts_->writer->Failure();
  stats.oldest_waiting_append = parts_->writer->OldestWaiting();
  rocksdb::DB& db = *parts_->db;
  auto sum = [&db](const rocksdb::Slice& property) {
    uint64_t value = 0;
    return db.GetAggregatedIntProperty(property, &value) ? value : 0;
  };
  stats.pending_compaction_bytes = sum(rocksdb::DB::Properties::kEstimatePendingCompactionBytes);
  stats.memtable_bytes = sum(rocksdb::DB::Properties::kCurSizeAllMemTables);
  stats.live_sst_bytes = sum(rocksdb::DB::Properties::kLiveSstFilesSize);
  uint64_t stopped = 0;
  stats.writes_stopped =
      db.GetIntProperty(rocksdb::DB::Properties::kIsWriteStopped, &stopped) && stopped != 0;
  uint64_t rate = 0;
  if (db.GetIntProperty(rocksdb::DB::Properties::kActualDelayedWriteRate, &rate)) {
    stats.delayed_write_rate = rate;
  }
  return stats;
}

bool RocksDbEventStore::WaitForPosition(uint64_t position, absl::Time deadline) const {
  return parts_->writer->WaitForPosition(position, deadline);
}

void RocksDbEventStore::WhenCommitted(uint64_t position, absl::Time deadline,
                                      std::function<void(absl::Status)> committed) const {
  parts_->writer->WhenCommitted(position, deadline, std::move(committed));
}

absl::StatusOr<VerifyResult> RocksDbEventStore::VerifyLog(uint64_t from_position,
                                                          uint64_t to_position) const {
  return VerifyLogRange(*parts_->db, parts_->columns, from_position, to_position, Head().position);
}

}  // namespace caseledger::eventstore

namespace caseledger::eventstore {
namespace {

// The log's head in a store's folder, opened read-only.
absl::StatusOr<LogHead> HeadIn(const std::string& folder) {
  rocksdb::DBOptions db_options;
  std::vector<std::string> names;
  rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(db_options, folder, &names);
  if (!listed.ok()) return FromRocksDb(listed, absl::StrCat("listing the tables of ", folder));
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(db_options, folder, families, &handles, &raw);
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("opening ", folder));
  std::unique_ptr<rocksdb::DB> db(raw);
  absl::flat_hash_map<std::string, rocksdb::ColumnFamilyHandle*> by_name;
  for (auto* handle : handles) by_name[handle->GetName()] = handle;
  absl::StatusOr<LogHead> head = absl::DataLossError(absl::StrCat(folder, " holds no event log"));
  if (by_name.contains(kLogFamily) && by_name.contains(kStreamsFamily) &&
      by_name.contains(kCommandsFamily)) {
    head = ReadHead(
        *db, LogColumns{by_name[kLogFamily], by_name[kStreamsFamily], by_name[kCommandsFamily]});
  }
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  return head;
}

}  // namespace

absl::StatusOr<LogHead> RocksDbEventStore::Backup(const std::string& folder) {
  if (parts_->options.env != nullptr) {
    return absl::FailedPreconditionError("a store on a test's own Env has no files to back up");
  }
  std::error_code error;
  if (std::filesystem::exists(folder, error)) {
    return absl::AlreadyExistsError(absl::StrCat("backup folder ", folder, " already exists"));
  }
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(parts_->db.get(), &raw);
  if (!s.ok()) return FromRocksDb(s, "starting a backup");
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // Every memtable is flushed first (log_size_for_flush 0), so the copy needs no WAL replay.
  s = checkpoint->CreateCheckpoint(folder, /*log_size_for_flush=*/0);
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("backing up into ", folder));
  // After the copy: the register then names every erasure the copied keys show, and more.
  const std::string register_file = ErasureRegister::kFileName;
  absl::StatusOr<std::vector<std::string>> erased =
      ErasureRegister::Read((std::filesystem::path(parts_->options.path) / register_file).string());
  if (!erased.ok()) return erased.status();
  if (absl::Status w =
          ErasureRegister::Write((std::filesystem::path(folder) / register_file).string(), *erased);
      !w.ok()) {
    return w;
  }
  return HeadIn(folder);
}

absl::StatusOr<std::string> RocksDbEventStore::Restore(
    const std::string& backup_folder, const std::string& data_folder,
    const std::vector<std::string>& erasure_registers) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::exists(fs::path(backup_folder) / "CURRENT", error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(backup_folder, " holds no caseledger backup (no CURRENT file)"));
  }
  // The register's ids, from every source, in a stable order.
  std::vector<std::string> erased;
  absl::flat_hash_set<std::string> seen;
  auto merge = [&](const std::string& path) -> absl::Status {
    absl::StatusOr<std::vector<std::string>> ids = ErasureRegister::Read(path);
    if (!ids.ok()) return ids.status();
    for (std::string& id : *ids) {
      if (seen.insert(id).second) erased.push_back(std::move(id));
    }
    return absl::OkStatus();
  };
  const std::string register_file = ErasureRegister::kFileName;
  std::string set_aside;
  if (fs::exists(data_folder, error) && !fs::is_empty(data_folder, error)) {
    if (absl::Status s = merge((fs::path(data_folder) / register_file).string()); !s.ok()) return s;
    set_aside = absl::StrCat(data_folder, ".before-restore-", absl::ToUnixSeconds(absl::Now()));
    fs::rename(data_folder, set_aside, error);
    if (error) {
      return absl::UnavailableError(absl::StrCat("cannot move ", data_folder, " aside to ",
                                                 set_aside, ": ", error.message()));
    }
  }
  if (absl::Status s = merge((fs::path(backup_folder) / register_file).string()); !s.ok()) return s;
  for (const std::string& path : erasure_registers) {
    if (!fs::exists(path, error)) {
      return absl::InvalidArgumentError(absl::StrCat("erasure register ", path, " does not exist"));
    }
    if (absl::Status s = merge(path); !s.ok()) return s;
  }
  fs::copy(backup_folder, data_folder, fs::copy_options::recursive, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat("cannot copy the backup ", backup_folder, " to ",
                                               data_folder, ": ", error.message()));
  }
  if (absl::Status s =
          ErasureRegister::Write((fs::path(data_folder) / register_file).string(), erased);
      !s.ok()) {
    return s;
  }
  return set_aside;
}

}  // namespace caseledger::eventstore
