#include "eventstore/info_log.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/eventstore/store_fixture.h"

namespace caseledger::eventstore {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(InfoLogTest, WritesALineForEachMessageAndKeepsThePreviousLogAsLogOld) {
  testing::TempDir dir;
  {
    InfoLog log(dir.path());
    rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &log, "opened %d families", 6);
    rocksdb::Log(rocksdb::InfoLogLevel::DEBUG_LEVEL, &log, "below the level");
    const std::string long_line(5000, 'y');
    rocksdb::Log(rocksdb::InfoLogLevel::WARN_LEVEL, &log, "%s", long_line.c_str());
  }
  const std::string first = Contents(dir.Sub("LOG"));
  EXPECT_THAT(first, HasSubstr(" opened 6 families\n"));
  EXPECT_THAT(first, Not(HasSubstr("below the level")));
  EXPECT_THAT(first, HasSubstr(std::string(5000, 'y') + "\n")) << "a long line whole";

  { InfoLog log(dir.path()); }
  EXPECT_EQ(Contents(dir.Sub("LOG.old")), first);
  EXPECT_EQ(Contents(dir.Sub("LOG")), "");
}

TEST(InfoLogTest, ALogPastItsLimitIsMovedAsideAndANewOneBegun) {
  testing::TempDir dir;
  InfoLog log(dir.path(), /*max_bytes=*/100);
  rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &log, "%s", std::string(120, 'a').c_str());
  rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &log, "next");
  EXPECT_THAT(Contents(dir.Sub("LOG.old")), HasSubstr(std::string(120, 'a')));
  EXPECT_THAT(Contents(dir.Sub("LOG")), EndsWith(" next\n"));
}

using StoreInfoLogTest = StoreTest;

TEST_F(StoreInfoLogTest, RocksDbsMessagesGoToTheLogTheStoreWrites) {
  EXPECT_THAT(Contents(dir_.Sub("data/LOG")), HasSubstr("RocksDB version: "));
}

}  // namespace
}  // namespace caseledger::eventstore
