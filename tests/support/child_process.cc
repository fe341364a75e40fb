#include "tests/support/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "absl/strings/match.h"
#include "absl/time/clock.h"

extern char** environ;

namespace caseledger::testing {

ChildProcess::ChildProcess(std::vector<std::string> argv, std::vector<std::string> environment) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  std::vector<char*> args;
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  std::vector<char*> env;
  for (char** e = environ; *e != nullptr; ++e) env.push_back(*e);
  for (std::string& e : environment) env.push_back(e.data());
  env.push_back(nullptr);
  const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    close(out[0]);
    close(err[0]);
    throw std::runtime_error("cannot start " + argv[0]);
  }
  reader_ =
      std::thread([this, stdout_fd = out[0], stderr_fd = err[0]] { Read(stdout_fd, stderr_fd); });
}

ChildProcess::~ChildProcess() {
  if (!exit_code_.has_value() && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  // The program is gone, so both pipes close and the reader ends.
  if (reader_.joinable()) reader_.join();
}

void ChildProcess::Read(int stdout_fd, int stderr_fd) {
  pollfd fds[2] = {{stdout_fd, POLLIN, 0}, {stderr_fd, POLLIN, 0}};
  int open = 2;
  while (open > 0) {
    if (poll(fds, 2, -1) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      absl::MutexLock lock(&mu_);
      if (n > 0) {
        out_[i].text.append(buffer, static_cast<size_t>(n));
      } else {
        out_[i].closed = true;
        close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
}

std::optional<std::string> ChildProcess::WaitForLine(const std::string& needle,
                                                     absl::Duration timeout, Stream stream) {
  const absl::Time deadline = absl::Now() + timeout;
  absl::MutexLock lock(&mu_);
  Output& output = out_[stream == Stream::kStdout ? 0 : 1];
  while (true) {
    size_t end;
    while ((end = output.text.find('\n', output.scanned)) != std::string::npos) {
      std::string line = output.text.substr(output.scanned, end - output.scanned);
      output.scanned = end + 1;
      if (line.find(needle) != std::string::npos) return line;
    }
    if (output.closed) return std::nullopt;
    const size_t seen = output.text.size();
    auto more = [&output, seen]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return output.text.size() > seen || output.closed;
    };
    if (!mu_.AwaitWithDeadline(absl::Condition(&more), deadline)) return std::nullopt;
  }
}

void ChildProcess::Signal(int signal_number) {
  if (!exit_code_.has_value()) kill(pid_, signal_number);
}

std::optional<int> ChildProcess::Wait(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!exit_code_.has_value()) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (absl::Now() > deadline) return std::nullopt;
    absl::SleepFor(absl::Milliseconds(10));
  }
  // What the program wrote before it exited is read once its pipes close.
  absl::MutexLock lock(&mu_);
  auto drained = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return out_[0].closed && out_[1].closed;
  };
  mu_.AwaitWithTimeout(absl::Condition(&drained), absl::Seconds(5));
  return exit_code_;
}

std::string ChildProcess::Stdout() {
  absl::MutexLock lock(&mu_);
  return out_[0].text;
}

std::string ChildProcess::Stderr() {
  absl::MutexLock lock(&mu_);
  return out_[1].text;
}

std::optional<std::string> WaitForListening(ChildProcess& server, absl::Duration timeout,
                                            absl::string_view message) {
  std::optional<std::string> line =
      server.WaitForLine(std::string(message), timeout, ChildProcess::Stream::kStderr);
  if (!line.has_value()) return std::nullopt;
  // text: ... address=HOST:PORT ...; JSON: ..."address":"HOST:PORT"...
  for (const std::string& key : {std::string("address="), std::string("\"address\":\"")}) {
    const size_t at = line->find(key);
    if (at == std::string::npos) continue;
    const size_t from = at + key.size();
    const size_t to = line->find_first_of(" \"", from);
    return line->substr(from, to == std::string::npos ? std::string::npos : to - from);
  }
  return std::nullopt;
}

}  // namespace caseledger::testing
