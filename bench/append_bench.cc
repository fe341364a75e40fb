// Appends from 1, 8 and 64 concurrent writers with fsync durability, beside the ceiling
// measured in the same run: raw RocksDB WriteBatch writes with sync=true from as many
// threads, each carrying a value as large as one stored event record, on the file system
// the store uses (write-ahead logs presized) and on RocksDB's own default.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "bench/load.h"
#include "eventstore/keys.h"
#include "eventstore/presized_wal.h"
#include "eventstore/rocksdb_event_store.h"
#include "rocksdb/db.h"

namespace caseledger::bench {
namespace {

struct Flags {
  std::vector<int> writers = {1, 8, 64};
  double seconds = 3;
  size_t payload_bytes = 256;
  std::string dir = "/tmp/caseledger-bench";
};

// `env`: nullptr for RocksDB's default file system.
LoadResult RawRocksDb(const Flags& flags, int threads, const std::string& path, rocksdb::Env* env) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.IncreaseParallelism(2);
  if (env != nullptr) options.env = env;
  rocksdb::DB* raw = nullptr;
  std::filesystem::create_directories(path);
  if (rocksdb::Status s = rocksdb::DB::Open(options, path, &raw); !s.ok()) {
    std::fprintf(stderr, "cannot open %s: %s\n", path.c_str(), s.ToString().c_str());
    std::exit(1);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  // A stored record is the payload plus ids, metadata and two hashes: about 200 bytes more.
  const std::string value(flags.payload_bytes + 200, 'r');
  rocksdb::WriteOptions sync;
  sync.sync = true;
  LoadResult result = RunLoad(
      "raw rocksdb sync write", threads, absl::Seconds(flags.seconds), [&](int thread, uint64_t i) {
        rocksdb::WriteBatch batch;
        batch.Put(eventstore::keys::Position((uint64_t(thread) << 40) | i), value);
        return db->Write(sync, &batch).ok();
      });
  return result;
}

LoadResult CaseledgerAppend(const Flags& flags, int threads, const std::string& path) {
  auto store = OpenStore(path, eventstore::Durability::kFsync);
  const std::string payload(flags.payload_bytes, 'p');
  return RunLoad("caseledger Append (fsync)", threads, absl::Seconds(flags.seconds),
                 [&](int thread, uint64_t i) {
                   return store
                       ->Append(NoteAppend(absl::StrCat("case-", thread, "-", i % 100), payload,
                                           absl::StrCat("cmd-", thread, "-", i)))
                       .ok();
                 });
}

}  // namespace
}  // namespace caseledger::bench

int main(int argc, char** argv) {
  using namespace caseledger::bench;
  Flags flags;
  CLI::App app{"Event store append throughput beside raw RocksDB synced writes"};
  app.add_option("--writers", flags.writers, "Concurrent writer counts")->capture_default_str();
  app.add_option("--seconds", flags.seconds, "Seconds per run")->capture_default_str();
  app.add_option("--payload", flags.payload_bytes, "Payload bytes per event")
      ->capture_default_str();
  app.add_option("--dir", flags.dir, "Scratch folder (wiped)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const std::unique_ptr<rocksdb::Env> presized = rocksdb::NewCompositeEnv(
      caseledger::eventstore::NewPresizedWalFileSystem(rocksdb::FileSystem::Default()));
  std::printf("%8s %16s %16s %12s %12s %12s %12s %7s %16s %9s\n", "writers", "caseledger ev/s",
              "raw rocksdb w/s", "cl p50 us", "cl p99 us", "raw p50 us", "raw p99 us", "ratio",
              "raw, default w/s", "presized");
  for (size_t i = 0; i < flags.writers.size(); ++i) {
    const int writers = flags.writers[i];
    std::filesystem::remove_all(flags.dir);
    // The two raw runs take turns going first, so neither always has the quieter disk.
    LoadResult unsized, raw;
    if (i % 2 == 1) raw = RawRocksDb(flags, writers, flags.dir + "/raw", presized.get());
    unsized = RawRocksDb(flags, writers, flags.dir + "/raw-default", nullptr);
    if (i % 2 == 0) raw = RawRocksDb(flags, writers, flags.dir + "/raw", presized.get());
    const LoadResult ours = CaseledgerAppend(flags, writers, flags.dir + "/store");
    std::printf("%8d %16.0f %16.0f %12.1f %12.1f %12.1f %12.1f %7.2f %16.0f %9.2f\n", writers,
                ours.per_second, raw.per_second, ours.p50_us, ours.p99_us, raw.p50_us, raw.p99_us,
                ours.per_second / raw.per_second, unsized.per_second,
                raw.per_second / unsized.per_second);
    std::fflush(stdout);
  }
  std::filesystem::remove_all(flags.dir);
  return 0;
}
