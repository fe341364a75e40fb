#include "eventstore/info_log.h"

#include <fcntl.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <vector>

namespace caseledger::eventstore {
namespace {

// "2026/03/02-09:00:00.123456 ", as RocksDB's own lines begin.
size_t FormatTime(char* buffer, size_t size) {
  timeval now;
  gettimeofday(&now, nullptr);
  tm local;
  localtime_r(&now.tv_sec, &local);
  int n = std::snprintf(buffer, size, "%04d/%02d/%02d-%02d:%02d:%02d.%06ld ", local.tm_year + 1900,
                        local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec,
                        static_cast<long>(now.tv_usec));
  return n < 0 ? 0 : std::min(static_cast<size_t>(n), size - 1);
}

}  // namespace

InfoLog::InfoLog(const std::string& folder, size_t max_bytes)
    : path_((std::filesystem::path(folder) / "LOG").string()), max_bytes_(max_bytes) {
  absl::MutexLock lock(&mu_);
  Rotate();
}

InfoLog::~InfoLog() {
  rocksdb::Status s = Close();
  (void)s;  // closing a file descriptor has nothing to report here
}

rocksdb::Status InfoLog::CloseImpl() {
  absl::MutexLock lock(&mu_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  return rocksdb::Status::OK();
}

void InfoLog::Rotate() {
  if (fd_ >= 0) ::close(fd_);
  std::error_code error;
  std::filesystem::rename(path_, path_ + ".old", error);  // no LOG yet is no error
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  bytes_ = 0;
}

void InfoLog::Logv(const char* format, va_list ap) {
  char stack[1024];
  std::vector<char> heap;
  char* line = stack;
  size_t size = sizeof(stack);
  size_t used = FormatTime(line, size);
  va_list again;
  va_copy(again, ap);
  int n = std::vsnprintf(line + used, size - used, format, ap);
  if (n >= 0 && used + n + 1 >= size) {  // too long for the stack: once more, on the heap
    heap.resize(used + n + 2);
    std::copy(stack, stack + used, heap.begin());
    line = heap.data();
    size = heap.size();
    n = std::vsnprintf(line + used, size - used, format, again);
  }
  va_end(again);
  if (n < 0) return;
  used += n;
  if (used == 0 || line[used - 1] != '\n') line[used++] = '\n';

  absl::MutexLock lock(&mu_);
  if (fd_ < 0) return;
  ssize_t written = ::write(fd_, line, used);
  if (written > 0) bytes_ += static_cast<size_t>(written);
  if (bytes_ > max_bytes_) Rotate();
}

size_t InfoLog::GetLogFileSize() const {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

}  // namespace caseledger::eventstore
