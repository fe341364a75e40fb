#pragma once

// The CPU time a process, or a process and its descendants, has used so far, as Linux's
// /proc/<pid>/stat counts it (in clock ticks, sysconf(_SC_CLK_TCK) a second): what a server
// spends on a workload is the difference between a reading before it and one after.

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace caseledger::bench {

// The fields of a /proc/<pid>/stat line that the readings below use.
struct ProcessStat {
  pid_t pid = 0;
  std::string command;  // comm, without its parentheses; may hold spaces and parentheses
  char state = '?';
  pid_t parent_pid = 0;
  // Clock ticks spent by the process's threads, live and exited, in user and kernel mode.
  uint64_t user_ticks = 0;
  uint64_t system_ticks = 0;
  // The same for the children it has waited for, with theirs in turn.
  uint64_t waited_children_user_ticks = 0;
  uint64_t waited_children_system_ticks = 0;
};

// Parses one line of /proc/<pid>/stat. The command runs to the line's last ')', so one that
// holds spaces or parentheses parses as the kernel wrote it. InvalidArgument when the line is
// not one.
absl::StatusOr<ProcessStat> ParseProcessStat(absl::string_view line);

// Reads /proc/<pid>/stat. NotFound when no such process is there (any more).
absl::StatusOr<ProcessStat> ReadProcessStat(pid_t pid);

// The CPU time the process has used: its utime and stime. NotFound when it is not there.
absl::StatusOr<absl::Duration> ProcessCpu(pid_t pid);

// The CPU time the process and its descendants have used: for each of them alive (or not yet
// waited for), its utime and stime, and its cutime and cstime, which hold the children it
// waited for. So a child that exits between two readings still counts in the second, through
// whoever waited for it. For a server that forks a process per connection, as PostgreSQL's
// postmaster does. A process that exits and is waited for while a reading scans /proc may
// count twice in it. NotFound when the process itself is not there.
absl::StatusOr<absl::Duration> ProcessTreeCpu(pid_t pid);

// Clock ticks as a duration.
absl::Duration ClockTicks(uint64_t ticks);

}  // namespace caseledger::bench
