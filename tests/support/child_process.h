#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace caseledger::testing {

// A program run by a test, with its stdout and stderr captured. Killed (SIGKILL) on
// destruction if still running.
class ChildProcess {
 public:
  // Starts `argv[0]` with `argv`. Throws std::runtime_error when it can't be started.
  explicit ChildProcess(std::vector<std::string> argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads stdout until a line containing `needle` appears; returns that line, or nullopt
  // at `timeout` or when the process closes stdout.
  std::optional<std::string> WaitForLine(const std::string& needle, absl::Duration timeout);

  void Signal(int signal_number);
  // Waits for exit; returns the exit code (128 + signal when killed), or nullopt at timeout.
  std::optional<int> Wait(absl::Duration timeout);

  // Everything read so far, plus the rest once the process has exited.
  std::string Stdout();
  std::string Stderr();

 private:
  void Drain(int fd, std::string& into);

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string stdout_;
  std::string stderr_;
  size_t scanned_ = 0;
  std::optional<int> exit_code_;
};

}  // namespace caseledger::testing
