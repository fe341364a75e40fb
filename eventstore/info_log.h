#pragma once

#include <cstdarg>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/env.h"

namespace caseledger::eventstore {

// RocksDB's informational log, the file LOG in the data folder, written by the store itself:
// each message one write(2) of one line to a file opened for appending, its errors ignored.
// RocksDB's own logger aborts the process (an assertion in its file writer) when a write of
// LOG fails on a full disk; this one loses the line instead. The LOG found at open is kept as
// LOG.old, and so is a LOG that grows past `max_bytes`; older ones are replaced. Thread-safe.
class InfoLog final : public rocksdb::Logger {
 public:
  // Never fails: a LOG that cannot be opened is a log that drops every line.
  explicit InfoLog(const std::string& folder, size_t max_bytes = 16 << 20);
  ~InfoLog() override;

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override;
  size_t GetLogFileSize() const override;

 private:
  rocksdb::Status CloseImpl() override;
  // Moves LOG aside to LOG.old and opens a new LOG.
  void Rotate() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;
  const size_t max_bytes_;
  mutable absl::Mutex mu_;
  int fd_ ABSL_GUARDED_BY(mu_) = -1;
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace caseledger::eventstore
