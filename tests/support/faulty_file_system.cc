#include "tests/support/faulty_file_system.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace caseledger::testing {
namespace {

using Operation = DiskFaults::Operation;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

constexpr int kFileKinds = 4;

uint32_t Bit(Operation operation, DiskFaults::Files files) {
  return 1u << (static_cast<int>(operation) * kFileKinds + static_cast<int>(files));
}

bool Matches(DiskFaults::Files files, const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const absl::string_view name = slash == std::string::npos
                                     ? absl::string_view(path)
                                     : absl::string_view(path).substr(slash + 1);
  switch (files) {
    case DiskFaults::Files::kWal:
      return absl::EndsWith(name, ".log");
    case DiskFaults::Files::kTables:
      return absl::EndsWith(name, ".sst");
    case DiskFaults::Files::kManifest:
      return absl::StartsWith(name, "MANIFEST-");
    case DiskFaults::Files::kAll:
      return true;
  }
  return false;
}

const char* NameOf(Operation operation) {
  switch (operation) {
    case Operation::kWrite:
      return "write";
    case Operation::kSync:
      return "sync";
    case Operation::kRead:
      return "read";
  }
  return "?";
}

// A file wrapper `Base` over a file of the kind `File` at `path`, which fails as `faults` say.
template <typename Base, typename File>
class FaultyFile : public Base {
 public:
  FaultyFile(std::unique_ptr<File> file, std::string path, std::shared_ptr<const DiskFaults> faults)
      : Base(std::move(file)), path_(std::move(path)), faults_(std::move(faults)) {}

 protected:
  IOStatus Fault(Operation operation) const { return faults_->Check(operation, path_); }

 private:
  const std::string path_;
  const std::shared_ptr<const DiskFaults> faults_;
};

class FaultySequentialFile final
    : public FaultyFile<rocksdb::FSSequentialFileOwnerWrapper, rocksdb::FSSequentialFile> {
 public:
  using FaultyFile::FaultyFile;

  IOStatus Read(size_t n, const IOOptions& options, Slice* result, char* scratch,
                IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kRead); !s.ok()) return s;
    return target()->Read(n, options, result, scratch, dbg);
  }
  IOStatus PositionedRead(uint64_t offset, size_t n, const IOOptions& options, Slice* result,
                          char* scratch, IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kRead); !s.ok()) return s;
    return target()->PositionedRead(offset, n, options, result, scratch, dbg);
  }
};

class FaultyRandomAccessFile final
    : public FaultyFile<rocksdb::FSRandomAccessFileOwnerWrapper, rocksdb::FSRandomAccessFile> {
 public:
  using FaultyFile::FaultyFile;

  IOStatus Read(uint64_t offset, size_t n, const IOOptions& options, Slice* result, char* scratch,
                IODebugContext* dbg) const override {
    if (IOStatus s = Fault(Operation::kRead); !s.ok()) return s;
    return target()->Read(offset, n, options, result, scratch, dbg);
  }
  IOStatus MultiRead(rocksdb::FSReadRequest* requests, size_t count, const IOOptions& options,
                     IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kRead); !s.ok()) {
      for (size_t i = 0; i < count; ++i) requests[i].status = s;
      return s;
    }
    return target()->MultiRead(requests, count, options, dbg);
  }
  IOStatus ReadAsync(rocksdb::FSReadRequest& request, const IOOptions& options,
                     std::function<void(const rocksdb::FSReadRequest&, void*)> done, void* done_arg,
                     void** handle, rocksdb::IOHandleDeleter* deleter,
                     IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kRead); !s.ok()) return s;
    return target()->ReadAsync(request, options, std::move(done), done_arg, handle, deleter, dbg);
  }
};

class FaultyWritableFile final
    : public FaultyFile<rocksdb::FSWritableFileOwnerWrapper, rocksdb::FSWritableFile> {
 public:
  using FaultyFile::FaultyFile;

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kWrite); !s.ok()) return s;
    return target()->Append(data, options, dbg);
  }
  IOStatus Append(const Slice& data, const IOOptions& options,
                  const rocksdb::DataVerificationInfo& verification, IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kWrite); !s.ok()) return s;
    return target()->Append(data, options, verification, dbg);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kWrite); !s.ok()) return s;
    return target()->PositionedAppend(data, offset, options, dbg);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            const rocksdb::DataVerificationInfo& verification,
                            IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kWrite); !s.ok()) return s;
    return target()->PositionedAppend(data, offset, options, verification, dbg);
  }
  IOStatus Sync(const IOOptions& options, IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kSync); !s.ok()) return s;
    return target()->Sync(options, dbg);
  }
  IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kSync); !s.ok()) return s;
    return target()->Fsync(options, dbg);
  }
  IOStatus RangeSync(uint64_t offset, uint64_t bytes, const IOOptions& options,
                     IODebugContext* dbg) override {
    if (IOStatus s = Fault(Operation::kSync); !s.ok()) return s;
    return target()->RangeSync(offset, bytes, options, dbg);
  }
};

// `opened`, the status of opening `*file` at `path`; when OK, `*file` is wrapped in a `Faulty`.
template <typename Faulty, typename File>
IOStatus Opened(IOStatus opened, const std::string& path, std::shared_ptr<const DiskFaults> faults,
                std::unique_ptr<File>* file) {
  if (opened.ok()) *file = std::make_unique<Faulty>(std::move(*file), path, std::move(faults));
  return opened;
}

}  // namespace

void DiskFaults::Fail(Operation operation, Files files) { set_.fetch_or(Bit(operation, files)); }

void DiskFaults::Heal() { set_.store(0); }

IOStatus DiskFaults::Check(Operation operation, const std::string& file) const {
  const uint32_t set = set_.load();
  if (set == 0) return IOStatus::OK();
  for (int kind = 0; kind < kFileKinds; ++kind) {
    const auto files = static_cast<Files>(kind);
    if ((set & Bit(operation, files)) != 0 && Matches(files, file)) {
      ++injected_;
      return IOStatus::IOError(absl::StrCat("injected ", NameOf(operation), " fault"), file);
    }
  }
  return IOStatus::OK();
}

FaultyFileSystem::FaultyFileSystem(std::shared_ptr<rocksdb::FileSystem> base,
                                   std::shared_ptr<DiskFaults> faults)
    : FileSystemWrapper(std::move(base)), faults_(std::move(faults)) {}

IOStatus FaultyFileSystem::NewSequentialFile(const std::string& file,
                                             const rocksdb::FileOptions& options,
                                             std::unique_ptr<rocksdb::FSSequentialFile>* result,
                                             IODebugContext* dbg) {
  return Opened<FaultySequentialFile>(target()->NewSequentialFile(file, options, result, dbg), file,
                                      faults_, result);
}

IOStatus FaultyFileSystem::NewRandomAccessFile(const std::string& file,
                                               const rocksdb::FileOptions& options,
                                               std::unique_ptr<rocksdb::FSRandomAccessFile>* result,
                                               IODebugContext* dbg) {
  return Opened<FaultyRandomAccessFile>(target()->NewRandomAccessFile(file, options, result, dbg),
                                        file, faults_, result);
}

IOStatus FaultyFileSystem::NewWritableFile(const std::string& file,
                                           const rocksdb::FileOptions& options,
                                           std::unique_ptr<rocksdb::FSWritableFile>* result,
                                           IODebugContext* dbg) {
  return Opened<FaultyWritableFile>(target()->NewWritableFile(file, options, result, dbg), file,
                                    faults_, result);
}

IOStatus FaultyFileSystem::ReopenWritableFile(const std::string& file,
                                              const rocksdb::FileOptions& options,
                                              std::unique_ptr<rocksdb::FSWritableFile>* result,
                                              IODebugContext* dbg) {
  return Opened<FaultyWritableFile>(target()->ReopenWritableFile(file, options, result, dbg), file,
                                    faults_, result);
}

IOStatus FaultyFileSystem::ReuseWritableFile(const std::string& file, const std::string& old_file,
                                             const rocksdb::FileOptions& options,
                                             std::unique_ptr<rocksdb::FSWritableFile>* result,
                                             IODebugContext* dbg) {
  return Opened<FaultyWritableFile>(
      target()->ReuseWritableFile(file, old_file, options, result, dbg), file, faults_, result);
}

std::function<std::shared_ptr<rocksdb::FileSystem>(std::shared_ptr<rocksdb::FileSystem>)>
OnFaultyFileSystem(std::shared_ptr<DiskFaults> faults) {
  return [faults = std::move(faults)](std::shared_ptr<rocksdb::FileSystem> base) {
    return std::make_shared<FaultyFileSystem>(std::move(base), faults);
  };
}

}  // namespace caseledger::testing
