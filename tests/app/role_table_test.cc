// The role table against the API it guards: every method of every service has exactly one
// row, and the README prints the table the authorizer enforces.

#include <fstream>
#include <sstream>

#include "app/methods.h"
#include "app/roles.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace caseledger::app {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(RoleTableTest, EveryMethodOfTheApiHasExactlyOneRowAndEveryRowAMethod) {
  // A method added to a proto without a row, a row left after its method went, or a name
  // misspelt in methods.h, is listed here (and caseledgerd refuses to start).
  EXPECT_THAT(RoleTableProblems(), IsEmpty());
  EXPECT_GE(Permissions().size(), 35u);
}

TEST(RoleTableTest, AMethodTheTableDoesNotNameIsAMistakeNotARefusal) {
  Actor ana{"ana", kCaseworker, "north", "default"};
  const RoleAuthorizer roles;
  EXPECT_THAT(roles.Authorize(ana, "CaseCommands.RecrodNote", Target()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no row in the role table")));
  EXPECT_THAT(roles.Authorize(ana, methods::kRecordNote, Target::Case("c1", nullptr)), IsOk());
  EXPECT_THAT(roles.Authorize(ana, methods::kEraseSubject, Target()),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr(methods::kEraseSubject)));
}

TEST(RoleTableTest, TheReadmePrintsTheTableTheAuthorizerEnforces) {
  std::ifstream readme(README_PATH);
  ASSERT_TRUE(readme.good()) << README_PATH;
  std::stringstream text;
  text << readme.rdbuf();
  EXPECT_NE(text.str().find(PermissionsMarkdown()), std::string::npos)
      << "paste `caseledgerd --print-roles` into the README";
}

}  // namespace
}  // namespace caseledger::app
