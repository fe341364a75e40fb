// Every fuzz target over every input of its committed corpus (fuzz/corpus/<target>/): the
// inputs that found faults stay fixed, and each property the targets check is held by the
// suite, under ASan and UBSan in CI, without a fuzzing run.

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzz/targets.h"
#include "gtest/gtest.h"

namespace caseledger::fuzz {
namespace {

struct Target {
  const char* name;
  int (*run)(const uint8_t* data, size_t size);
};

class CorpusTest : public ::testing::TestWithParam<Target> {};

TEST_P(CorpusTest, EveryInputOfTheCorpusIsTakenWithEveryPropertyHeld) {
  const std::filesystem::path folder = std::filesystem::path(FUZZ_CORPUS_DIR) / GetParam().name;
  ASSERT_TRUE(std::filesystem::is_directory(folder)) << folder;
  size_t inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string input = bytes.str();
    // A property that fails traps: the test dies naming the input in its last line.
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(GetParam().run(reinterpret_cast<const uint8_t*>(input.data()), input.size()), 0);
    ++inputs;
  }
  EXPECT_GE(inputs, 5u) << "a corpus of at least the seeds";
}

INSTANTIATE_TEST_SUITE_P(Targets, CorpusTest,
                         ::testing::Values(Target{"ConnectFrames", &ConnectFrames},
                                           Target{"ConnectRequest", &ConnectRequest},
                                           Target{"StoredRecord", &StoredRecord},
                                           Target{"BearerToken", &BearerToken},
                                           Target{"CliArguments", &CliArguments},
                                           Target{"Commands", &Commands}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace caseledger::fuzz
