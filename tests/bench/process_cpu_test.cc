#include "bench/process_cpu.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace caseledger::bench {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::Ge;
using ::testing::Lt;

// The CPU each spinning process uses in these tests, and what a reading must show of it: the
// kernel rounds utime and stime down to a tick each.
constexpr absl::Duration kSpin = absl::Milliseconds(300);
constexpr absl::Duration kSpinShown = absl::Milliseconds(250);

absl::Duration OwnCpu() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return absl::DurationFromTimespec(now);
}

// Keeps the processor busy until this process has used `cpu` of it.
void Spin(absl::Duration cpu) {
  const absl::Duration start = OwnCpu();
  while (OwnCpu() - start < cpu) {
  }
}

// A process forked from the test in a process group of its own: it runs `body` when told to,
// then waits to be killed, with everything it started, when this is destroyed.
class Forked {
 public:
  explicit Forked(std::function<void()> body) {
    if (pipe(go_) != 0 || pipe(done_) != 0) ADD_FAILURE() << "pipe: " << errno;
    pid_ = fork();
    if (pid_ < 0) ADD_FAILURE() << "fork: " << errno;
    if (pid_ == 0) {
      setpgid(0, 0);
      char byte;
      if (read(go_[0], &byte, 1) != 1) _exit(1);
      body();
      if (write(done_[1], "d", 1) != 1) _exit(1);
      while (true) pause();
    }
    if (pid_ > 0) setpgid(pid_, pid_);  // here too, so the group exists whichever runs first
  }
  ~Forked() {
    if (pid_ > 0) {
      kill(-pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    for (int fd : {go_[0], go_[1], done_[0], done_[1]}) close(fd);
  }
  Forked(const Forked&) = delete;
  Forked& operator=(const Forked&) = delete;

  // Lets the process run its body; returns once it has.
  void Run() {
    char byte;
    ASSERT_EQ(write(go_[1], "g", 1), 1);
    ASSERT_EQ(read(done_[0], &byte, 1), 1);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int go_[2] = {-1, -1};
  int done_[2] = {-1, -1};
};

// A reading of the tree under `parent`, which only waited while its child spun, shows the
// child's spin where one of the parent alone does not.
void ExpectTheChildsSpinInTheTreeOnly(pid_t parent) {
  const auto tree = ProcessTreeCpu(parent);
  ASSERT_THAT(tree, IsOk());
  EXPECT_THAT(*tree, Ge(kSpinShown));
  const auto own = ProcessCpu(parent);
  ASSERT_THAT(own, IsOk());
  EXPECT_THAT(*own, Lt(kSpinShown));
}

TEST(ProcessStatTest, ParsesACommandHoldingSpacesAndParentheses) {
  const auto stat = ParseProcessStat(
      "4242 (post (gres) ) x) S 17 4242 4242 0 -1 4194560 1200 3400 0 0 250 75 12 3 20 0 1 0 "
      "9876 123456789 2048 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n");
  ASSERT_THAT(stat, IsOk());
  EXPECT_EQ(stat->pid, 4242);
  EXPECT_EQ(stat->command, "post (gres) ) x");
  EXPECT_EQ(stat->state, 'S');
  EXPECT_EQ(stat->parent_pid, 17);
  EXPECT_EQ(stat->user_ticks, 250u);
  EXPECT_EQ(stat->system_ticks, 75u);
  EXPECT_EQ(stat->waited_children_user_ticks, 12u);
  EXPECT_EQ(stat->waited_children_system_ticks, 3u);
}

TEST(ProcessStatTest, RefusesWhatIsNotAStatLine) {
  for (const char* line : {
           "",
           "4242 postgres S 17 4242 4242 0 -1 4194560 1200 3400 0 0 250 75 12 3 20 0",
           "4242 (postgres) S 17 4242 4242 0 -1 4194560 1200 3400 0 0 250 75",
           "4242 (postgres) S 17 4242 4242 0 -1 4194560 1200 3400 0 0 2x0 75 12 3 20 0",
           "x (postgres) S 17 4242 4242 0 -1 4194560 1200 3400 0 0 250 75 12 3 20 0",
       }) {
    EXPECT_THAT(ParseProcessStat(line), StatusIs(absl::StatusCode::kInvalidArgument)) << line;
  }
}

TEST(ProcessStatTest, ReadsThisProcess) {
  const auto stat = ReadProcessStat(getpid());
  ASSERT_THAT(stat, IsOk());
  EXPECT_EQ(stat->pid, getpid());
  EXPECT_EQ(stat->parent_pid, getppid());
  EXPECT_EQ(stat->state, 'R');
  // The kernel keeps the first 15 characters of the program's name.
  EXPECT_EQ(stat->command, std::string(program_invocation_short_name).substr(0, 15));
}

TEST(ProcessCpuTest, GrowsByWhatASpinningProcessUses) {
  Forked spinner([] { Spin(kSpin); });
  const auto before = ProcessCpu(spinner.pid());
  ASSERT_THAT(before, IsOk());
  spinner.Run();
  const auto after = ProcessCpu(spinner.pid());
  ASSERT_THAT(after, IsOk());
  EXPECT_THAT(*after - *before, Ge(kSpinShown));
}

TEST(ProcessCpuTest, IsNotFoundForAProcessThatHasGone) {
  const pid_t pid = fork();
  if (pid == 0) _exit(0);
  ASSERT_EQ(waitpid(pid, nullptr, 0), pid);
  EXPECT_THAT(ProcessCpu(pid), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(ProcessTreeCpu(pid), StatusIs(absl::StatusCode::kNotFound));
}

TEST(ProcessTreeCpuTest, CountsAChildStillRunning) {
  Forked parent([] {
    int ready[2];
    if (pipe(ready) != 0) _exit(1);
    if (fork() == 0) {
      Spin(kSpin);
      if (write(ready[1], "r", 1) != 1) _exit(1);
      while (true) pause();
    }
    char byte;
    if (read(ready[0], &byte, 1) != 1) _exit(1);
  });
  parent.Run();
  ExpectTheChildsSpinInTheTreeOnly(parent.pid());
}

TEST(ProcessTreeCpuTest, CountsAChildThatHasExitedAndBeenWaitedFor) {
  Forked parent([] {
    const pid_t child = fork();
    if (child == 0) {
      Spin(kSpin);
      _exit(0);
    }
    if (waitpid(child, nullptr, 0) != child) _exit(1);
  });
  parent.Run();
  ExpectTheChildsSpinInTheTreeOnly(parent.pid());
}

}  // namespace
}  // namespace caseledger::bench
