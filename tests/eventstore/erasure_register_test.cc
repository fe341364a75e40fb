// The erasure register: durable, append-only, read back in order without repeats, and a line a
// crash cut short is not taken for an erasure.

#include "eventstore/erasure_register.h"

#include <fstream>

#include "gmock/gmock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace caseledger::eventstore {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ErasureRegisterTest, KeepsEachErasureOnceInTheOrderAddedAcrossReopening) {
  testing::TempDir dir;
  const std::string path = dir.Sub("ERASURES");
  {
    ErasureRegister erasures(path);
    EXPECT_THAT(*erasures.All(), IsEmpty()) << "no file yet: nothing erased";
    ASSERT_THAT(erasures.Add("default/subject-2"), testing::IsOk());
    ASSERT_THAT(erasures.Add("default/subject-1"), testing::IsOk());
    ASSERT_THAT(erasures.Add("default/subject-2"), testing::IsOk());
  }
  ErasureRegister reopened(path);
  EXPECT_THAT(*reopened.All(), ElementsAre("default/subject-2", "default/subject-1"));
}

TEST(ErasureRegisterTest, ALineACrashCutShortIsNotAnErasure) {
  testing::TempDir dir;
  const std::string path = dir.Sub("ERASURES");
  std::ofstream(path) << "default/subject-1\ndefault/subj";
  EXPECT_THAT(*ErasureRegister::Read(path), ElementsAre("default/subject-1"));
  ErasureRegister erasures(path);
  EXPECT_THAT(erasures.Add(""), testing::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(erasures.Add("two\nlines"), testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ErasureRegisterTest, WriteReplacesTheRegisterAndMemoryKeepsOneWithoutAFile) {
  testing::TempDir dir;
  const std::string path = dir.Sub("ERASURES");
  ASSERT_THAT(ErasureRegister::Write(path, {"a/1", "b/2"}), testing::IsOk());
  ASSERT_THAT(ErasureRegister::Write(path, {"c/3"}), testing::IsOk());
  EXPECT_THAT(*ErasureRegister::Read(path), ElementsAre("c/3"));
  ErasureRegister in_memory("");
  ASSERT_THAT(in_memory.Add("a/1"), testing::IsOk());
  EXPECT_THAT(*in_memory.All(), ElementsAre("a/1"));
  EXPECT_THAT(ErasureRegister::Write(dir.Sub("missing/ERASURES"), {"a/1"}),
              testing::StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace caseledger::eventstore
