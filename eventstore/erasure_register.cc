#include "eventstore/erasure_register.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace caseledger::eventstore {
namespace {

absl::Status Unavailable(absl::string_view doing, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(doing, " ", path, ": ", std::strerror(errno)));
}

// Appends `text` to the file at `path` (created when missing) and syncs it.
absl::Status AppendSynced(const std::string& path, absl::string_view text, bool truncate) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND);
  const int fd = open(path.c_str(), flags, 0600);
  if (fd < 0) return Unavailable("cannot open the erasure register", path);
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      absl::Status failed = Unavailable("cannot write the erasure register", path);
      close(fd);
      return failed;
    }
    written += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) {
    absl::Status failed = Unavailable("cannot sync the erasure register", path);
    close(fd);
    return failed;
  }
  close(fd);
  return absl::OkStatus();
}

}  // namespace

absl::Status ErasureRegister::Add(absl::string_view key_id) {
  if (key_id.empty() || key_id.find('\n') != absl::string_view::npos) {
    return absl::InvalidArgumentError("an erased key id is one non-empty line");
  }
  absl::MutexLock lock(&mu_);
  if (path_.empty()) {
    in_memory_.emplace_back(key_id);
    return absl::OkStatus();
  }
  return AppendSynced(path_, absl::StrCat(key_id, "\n"), false);
}

absl::StatusOr<std::vector<std::string>> ErasureRegister::All() const {
  absl::MutexLock lock(&mu_);
  if (path_.empty()) return in_memory_;
  return Read(path_);
}

absl::StatusOr<std::vector<std::string>> ErasureRegister::Read(const std::string& path) {
  std::vector<std::string> ids;
  std::ifstream in(path);
  if (!in) {
    if (access(path.c_str(), F_OK) != 0) return ids;  // none yet
    return Unavailable("cannot read the erasure register", path);
  }
  absl::flat_hash_set<std::string> seen;
  std::string line;
  while (std::getline(in, line)) {
    // A line cut short by a crash in the middle of an append has no newline: it was never
    // acknowledged, and its erasure was never begun.
    if (in.eof()) break;
    if (!line.empty() && seen.insert(line).second) ids.push_back(line);
  }
  return ids;
}

absl::Status ErasureRegister::Write(const std::string& path, const std::vector<std::string>& ids) {
  std::string text;
  for (const std::string& id : ids) absl::StrAppend(&text, id, "\n");
  return AppendSynced(path, text, true);
}

}  // namespace caseledger::eventstore
