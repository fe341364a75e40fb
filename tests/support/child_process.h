#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace caseledger::testing {

// A program run by a test, its stdout and stderr read as they come by a thread of the test's
// (so a program that writes a lot never waits for the test to read). Killed (SIGKILL) on
// destruction if still running.
class ChildProcess {
 public:
  enum class Stream { kStdout, kStderr };

  // Starts `argv[0]` with `argv`, in the test's environment plus `environment` ("NAME=value").
  // Throws std::runtime_error when it can't be started.
  explicit ChildProcess(std::vector<std::string> argv, std::vector<std::string> environment = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits until a line of `stream` containing `needle` appears, after the lines an earlier
  // call returned or passed over; returns that line, or nullopt at `timeout` or when the
  // program closes the stream.
  std::optional<std::string> WaitForLine(const std::string& needle, absl::Duration timeout,
                                         Stream stream = Stream::kStdout);

  pid_t pid() const { return pid_; }
  void Signal(int signal_number);
  // Waits for exit; returns the exit code (128 + signal when killed), or nullopt at timeout.
  std::optional<int> Wait(absl::Duration timeout);

  // Everything written so far (everything, once the program has exited and Wait returned).
  std::string Stdout();
  std::string Stderr();

 private:
  struct Output {
    std::string text;
    size_t scanned = 0;
    bool closed = false;
  };
  void Read(int stdout_fd, int stderr_fd);

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  absl::Mutex mu_;
  Output out_[2] ABSL_GUARDED_BY(mu_);
  std::thread reader_;
};

// The address a caseledgerd run as `server` listens on, from its log line `message` ("caseledgerd
// listening" for gRPC, "caseledgerd metrics listening" for metrics), text or JSON; nullopt when
// none appears within `timeout`.
std::optional<std::string> WaitForListening(ChildProcess& server, absl::Duration timeout,
                                            absl::string_view message = "caseledgerd listening");

}  // namespace caseledger::testing
