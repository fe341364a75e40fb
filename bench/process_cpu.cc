#include "bench/process_cpu.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"

namespace caseledger::bench {
namespace {

// The fields after the command, counted from 0 at the state (field 3 in proc(5)).
constexpr size_t kState = 0;
constexpr size_t kParentPid = 1;
constexpr size_t kUserTicks = 11;
constexpr size_t kSystemTicks = 12;
constexpr size_t kWaitedChildrenUserTicks = 13;
constexpr size_t kWaitedChildrenSystemTicks = 14;

absl::Status NotAStatLine(absl::string_view line, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("not a /proc stat line (", why, "): ", line));
}

// The whole of a small file, read as /proc files must be: each read returns what the kernel
// formats then, so one pass of reads to the end.
absl::StatusOr<std::string> ReadProcFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT || error == ESRCH) return absl::NotFoundError(path);
    return absl::ErrnoToStatus(error, path);
  }
  std::string text;
  char buffer[4096];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      close(fd);
      // The process went away between the open and the read.
      if (error == ESRCH) return absl::NotFoundError(path);
      return absl::ErrnoToStatus(error, path);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

// Every process /proc lists now (thread groups, not their other threads).
std::vector<pid_t> ListProcesses() {
  std::vector<pid_t> pids;
  std::unique_ptr<DIR, int (*)(DIR*)> proc(opendir("/proc"), closedir);
  if (proc == nullptr) return pids;
  while (const dirent* entry = readdir(proc.get())) {
    int pid = 0;
    if (absl::SimpleAtoi(entry->d_name, &pid) && pid > 0) pids.push_back(pid);
  }
  return pids;
}

}  // namespace

absl::StatusOr<ProcessStat> ParseProcessStat(absl::string_view line) {
  const size_t open = line.find('(');
  const size_t close = line.rfind(')');
  if (open == absl::string_view::npos || close == absl::string_view::npos || close < open) {
    return NotAStatLine(line, "no command in parentheses");
  }
  ProcessStat stat;
  if (!absl::SimpleAtoi(line.substr(0, open), &stat.pid)) return NotAStatLine(line, "pid");
  stat.command = std::string(line.substr(open + 1, close - open - 1));
  const std::vector<absl::string_view> fields =
      absl::StrSplit(line.substr(close + 1), ' ', absl::SkipEmpty());
  if (fields.size() <= kWaitedChildrenSystemTicks) return NotAStatLine(line, "too few fields");
  if (fields[kState].size() != 1) return NotAStatLine(line, "state");
  stat.state = fields[kState][0];
  if (!absl::SimpleAtoi(fields[kParentPid], &stat.parent_pid) ||
      !absl::SimpleAtoi(fields[kUserTicks], &stat.user_ticks) ||
      !absl::SimpleAtoi(fields[kSystemTicks], &stat.system_ticks) ||
      !absl::SimpleAtoi(fields[kWaitedChildrenUserTicks], &stat.waited_children_user_ticks) ||
      !absl::SimpleAtoi(fields[kWaitedChildrenSystemTicks], &stat.waited_children_system_ticks)) {
    return NotAStatLine(line, "a number");
  }
  return stat;
}

absl::StatusOr<ProcessStat> ReadProcessStat(pid_t pid) {
  ASSIGN_OR_RETURN(const std::string line, ReadProcFile(absl::StrCat("/proc/", pid, "/stat")));
  ASSIGN_OR_RETURN(ProcessStat stat, ParseProcessStat(line));
  // A process whose pid was taken again between the open and the read is another process.
  if (stat.pid != pid) return absl::NotFoundError(absl::StrCat("process ", pid));
  return stat;
}

absl::StatusOr<absl::Duration> ProcessCpu(pid_t pid) {
  ASSIGN_OR_RETURN(const ProcessStat stat, ReadProcessStat(pid));
  return ClockTicks(stat.user_ticks + stat.system_ticks);
}

absl::StatusOr<absl::Duration> ProcessTreeCpu(pid_t pid) {
  // The children are read before the process itself, so a child waited for in between counts
  // twice (in its own reading and its parent's) rather than not at all.
  absl::flat_hash_map<pid_t, std::vector<ProcessStat>> children;
  for (const pid_t other : ListProcesses()) {
    if (other == pid) continue;
    absl::StatusOr<ProcessStat> stat = ReadProcessStat(other);
    if (absl::IsNotFound(stat.status())) continue;  // gone since the listing
    if (!stat.ok()) return stat.status();
    children[stat->parent_pid].push_back(*std::move(stat));
  }
  ASSIGN_OR_RETURN(const ProcessStat root, ReadProcessStat(pid));
  uint64_t ticks = 0;
  std::vector<const ProcessStat*> pending = {&root};
  while (!pending.empty()) {
    const ProcessStat* process = pending.back();
    pending.pop_back();
    ticks += process->user_ticks + process->system_ticks + process->waited_children_user_ticks +
             process->waited_children_system_ticks;
    auto found = children.find(process->pid);
    if (found == children.end()) continue;
    for (const ProcessStat& child : found->second) pending.push_back(&child);
  }
  return ClockTicks(ticks);
}

absl::Duration ClockTicks(uint64_t ticks) {
  static const long ticks_per_second = sysconf(_SC_CLK_TCK);
  return absl::Seconds(1) * static_cast<double>(ticks) / static_cast<double>(ticks_per_second);
}

}  // namespace caseledger::bench
