#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "rocksdb/file_system.h"

namespace caseledger::testing {

// Which operations on which files fail now, switched on and off while a store runs.
// Thread-safe.
class DiskFaults {
 public:
  enum class Operation {
    kWrite,  // Append, PositionedAppend
    kSync,   // Sync, Fsync, RangeSync
    kRead,   // Read, MultiRead, ReadAsync, PositionedRead
  };
  // Which files, by name.
  enum class Files {
    kWal,       // *.log: the write-ahead logs
    kTables,    // *.sst
    kManifest,  // MANIFEST-*
    kAll,
  };

  // From now on every `operation` on `files` fails, besides the faults already set.
  void Fail(Operation operation, Files files);
  // No more faults.
  void Heal();
  // How many calls have failed by a fault so far.
  uint64_t injected() const { return injected_.load(); }

  // An IOError naming the operation and the file when a fault is set for them (and counts
  // it); else OK.
  rocksdb::IOStatus Check(Operation operation, const std::string& file) const;

 private:
  std::atomic<uint32_t> set_{0};  // a bit per (operation, files)
  mutable std::atomic<uint64_t> injected_{0};
};

// A file system that fails what `faults` says with IOError, as a failing disk would, and
// passes every other call to `base`. A fault hits files opened before it was set as well as
// after. Thread-safe.
class FaultyFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FaultyFileSystem(std::shared_ptr<rocksdb::FileSystem> base, std::shared_ptr<DiskFaults> faults);
  const char* Name() const override { return "FaultyFileSystem"; }

  rocksdb::IOStatus NewSequentialFile(const std::string& file, const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSSequentialFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewRandomAccessFile(const std::string& file,
                                        const rocksdb::FileOptions& options,
                                        std::unique_ptr<rocksdb::FSRandomAccessFile>* result,
                                        rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewWritableFile(const std::string& file, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& file, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& file, const std::string& old_file,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;

 private:
  const std::shared_ptr<DiskFaults> faults_;  // shared with the files opened
};

// For StoreOptions::wrap_file_system: the store's files on a FaultyFileSystem commanded by
// `faults`.
std::function<std::shared_ptr<rocksdb::FileSystem>(std::shared_ptr<rocksdb::FileSystem>)>
OnFaultyFileSystem(std::shared_ptr<DiskFaults> faults);

}  // namespace caseledger::testing
