// deploy/systemd's unit, run as systemd would run it: exactly its ExecStart line, with its
// environment file, paths moved into a temporary folder; readiness, the watchdog and stopping
// are seen through NOTIFY_SOCKET as systemd would see them.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace caseledger {
namespace {

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The unit's ExecStart= command line.
std::string ExecStart(const std::string& unit) {
  for (const std::string& line : Lines(unit)) {
    if (absl::StartsWith(line, "ExecStart=")) return line.substr(10);
  }
  return "";
}

// NAME=value lines of an EnvironmentFile=, comments and blank lines left out.
absl::flat_hash_map<std::string, std::string> Environment(const std::string& file) {
  absl::flat_hash_map<std::string, std::string> values;
  for (const std::string& line : Lines(file)) {
    absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || text[0] == '#') continue;
    const size_t equals = text.find('=');
    if (equals == absl::string_view::npos) continue;
    values[std::string(text.substr(0, equals))] = std::string(text.substr(equals + 1));
  }
  return values;
}

// The command line's words as systemd makes them: "${NAME}" becomes one word, "$NAME" as many
// words as its value has.
std::vector<std::string> Expand(const std::string& command,
                                const absl::flat_hash_map<std::string, std::string>& env) {
  std::vector<std::string> words;
  for (absl::string_view word : absl::StrSplit(command, ' ', absl::SkipEmpty())) {
    if (absl::StartsWith(word, "${") && absl::EndsWith(word, "}")) {
      auto it = env.find(word.substr(2, word.size() - 3));
      words.push_back(it == env.end() ? "" : it->second);
    } else if (absl::StartsWith(word, "$")) {
      auto it = env.find(word.substr(1));
      if (it == env.end()) continue;
      for (absl::string_view part : absl::StrSplit(it->second, ' ', absl::SkipEmpty())) {
        words.emplace_back(part);
      }
    } else {
      words.emplace_back(word);
    }
  }
  return words;
}

// A datagram socket bound where NOTIFY_SOCKET points, as systemd's.
class NotifySocket {
 public:
  explicit NotifySocket(std::string path) : path_(std::move(path)) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path_.copy(address.sun_path, sizeof(address.sun_path) - 1);
    bound_ = bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    const timeval tick{0, 100'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof(tick));
  }
  ~NotifySocket() { close(fd_); }
  bool bound() const { return bound_; }

  // Waits for a message holding `line` (e.g. READY=1) until `timeout`; returns every message
  // read meanwhile.
  std::optional<std::string> Await(const std::string& line, absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    std::string seen;
    while (absl::Now() < deadline) {
      char buffer[4096];
      const ssize_t got = recv(fd_, buffer, sizeof(buffer), 0);
      if (got <= 0) continue;
      std::string message(buffer, static_cast<size_t>(got));
      seen += message + "\n";
      for (absl::string_view part : absl::StrSplit(message, '\n')) {
        if (part == line) return seen;
      }
    }
    return std::nullopt;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
};

TEST(SystemdUnitTest, TheUnitsCommandLineStartsAServerThatTellsSystemdItIsReady) {
  testing::TempDir dir;
  const std::string unit = std::string(DEPLOY_PATH) + "/systemd/caseledgerd.service";
  std::string command = ExecStart(unit);
  ASSERT_FALSE(command.empty()) << "no ExecStart in " << unit;
  ASSERT_TRUE(absl::StartsWith(command, "/usr/local/bin/caseledgerd ")) << command;
  command = absl::StrReplaceAll(command, {{"/usr/local/bin/caseledgerd", CASELEDGERD_PATH}});

  auto env = Environment(std::string(DEPLOY_PATH) + "/systemd/caseledgerd.env");
  ASSERT_TRUE(env.contains("CASELEDGER_DATA_DIR"));
  for (auto& [name, value] : env) {
    value = absl::StrReplaceAll(value, {{"/var/lib/caseledger", dir.Sub("state")}});
  }
  // Any free port: tests run side by side.
  env["CASELEDGER_LISTEN"] = "127.0.0.1:0";
  env["CASELEDGER_METRICS_LISTEN"] = "127.0.0.1:0";
  env["CASELEDGER_HTTP_LISTEN"] = "127.0.0.1:0";
  const std::vector<std::string> argv = Expand(command, env);
  ASSERT_GT(argv.size(), 4u);

  NotifySocket notify(dir.Sub("notify"));
  ASSERT_TRUE(notify.bound());
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");
  unsetenv("WATCHDOG_PID");
  testing::ChildProcess server(argv,
                               {"NOTIFY_SOCKET=" + dir.Sub("notify"), "WATCHDOG_USEC=800000"});

  std::optional<std::string> ready = notify.Await("READY=1", absl::Seconds(60));
  ASSERT_TRUE(ready.has_value()) << server.Stderr();
  EXPECT_TRUE(notify.Await("WATCHDOG=1", absl::Seconds(5)).has_value())
      << "the watchdog is pinged while every thread makes progress";
  EXPECT_TRUE(std::filesystem::exists(dir.Sub("state") + "/data/CURRENT"))
      << "the store is where the environment file says";
  // JSON log lines, as the unit asks (read from the pipe as the server writes them).
  EXPECT_TRUE(server
                  .WaitForLine("\"msg\":\"caseledgerd listening\"", absl::Seconds(10),
                               testing::ChildProcess::Stream::kStderr)
                  .has_value())
      << server.Stderr();

  server.Signal(SIGTERM);
  EXPECT_TRUE(notify.Await("STOPPING=1", absl::Seconds(30)).has_value());
  EXPECT_EQ(server.Wait(absl::Seconds(60)), 0) << server.Stderr();
}

}  // namespace
}  // namespace caseledger
