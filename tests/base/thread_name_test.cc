// A thread's name is what the system shows for it, cut to the 15 bytes Linux keeps.

#include "base/thread_name.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace caseledger {
namespace {

// The name the system shows for the calling thread.
std::string ShownName() {
  std::ifstream comm(absl::StrCat("/proc/self/task/", syscall(SYS_gettid), "/comm"));
  std::string name;
  std::getline(comm, name);
  return name;
}

TEST(ThreadNameTest, ANamedThreadIsShownByItsNameCutTo15Bytes) {
  std::string shown_short, shown_long;
  std::thread([&] {
    NameThisThread("log writer");
    shown_short = ShownName();
    NameThisThread("view team_report and more");
    shown_long = ShownName();
  }).join();
  EXPECT_EQ(shown_short, "log writer");
  EXPECT_EQ(shown_long, "view team_repor");
  EXPECT_NE(ShownName(), "log writer") << "only the thread that named itself";
}

}  // namespace
}  // namespace caseledger
