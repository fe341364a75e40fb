// Bearer tokens: signed, unexpired, naming an actor and a role; anything else refused.

#include "app/jwt_authenticator.h"

#include <jwt.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tokens.h"

namespace caseledger::app {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::caseledger::testing::Token;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1790000000);

app::HeaderMap Bearer(const std::string& token) { return {{"authorization", "Bearer " + token}}; }

class JwtAuthenticatorTest : public ::testing::Test {
 protected:
  ManualClock clock_{kNow};
  const std::string secret_ = "a shared secret of at least thirty-two bytes";
  JwtAuthenticator hs256_{JwtOptions{JwtOptions::Algorithm::kHs256, secret_, &clock_}};
};

TEST_F(JwtAuthenticatorTest, AValidTokenNamesTheActorRoleAndTeam) {
  auto actor = hs256_.Authenticate(
      Bearer(Token(JWT_ALG_HS256, secret_, "ana", "caseworker", kNow + absl::Hours(1))));
  ASSERT_THAT(actor, IsOk());
  EXPECT_EQ(actor->id, "ana");
  EXPECT_EQ(actor->role, "caseworker");
  EXPECT_EQ(actor->team_id, "north");
}

TEST_F(JwtAuthenticatorTest, TheOrganisationIsTheTokensOrgOrTheDefault) {
  auto north = hs256_.Authenticate(Bearer(
      Token(JWT_ALG_HS256, secret_, "ana", "caseworker", kNow + absl::Hours(1), "north-org")));
  ASSERT_THAT(north, IsOk());
  EXPECT_EQ(north->org_id, "north-org");
  auto unnamed = hs256_.Authenticate(
      Bearer(Token(JWT_ALG_HS256, secret_, "ana", "caseworker", kNow + absl::Hours(1))));
  ASSERT_THAT(unnamed, IsOk());
  EXPECT_EQ(unnamed->org_id, "default");
}

TEST_F(JwtAuthenticatorTest, AnOrganisationThatIsNotAnIdIsRefused) {
  for (const std::string& org : std::vector<std::string>{"north org", "north.*", ">",
                                                         "north\tsouth", std::string(129, 'n')}) {
    const std::string token =
        Token(JWT_ALG_HS256, secret_, "ana", "caseworker", kNow + absl::Hours(1), org);
    EXPECT_THAT(hs256_.Authenticate(Bearer(token)),
                StatusIs(absl::StatusCode::kUnauthenticated,
                         HasSubstr("the bearer token's org is not an organisation's id")))
        << org;
  }
  DevelopmentAuthenticator development;
  EXPECT_THAT(development.Authenticate(HeaderMap{{"x-caseledger-actor", "ana"},
                                                 {"x-caseledger-role", "caseworker"},
                                                 {"x-caseledger-org", "north org"}}),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("x-caseledger-org")));
  auto dotted = development.Authenticate(HeaderMap{{"x-caseledger-actor", "ana"},
                                                   {"x-caseledger-role", "caseworker"},
                                                   {"x-caseledger-org", "north.east:2"}});
  ASSERT_THAT(dotted, IsOk());
  EXPECT_EQ(dotted->org_id, "north.east:2");
}

TEST_F(JwtAuthenticatorTest, MissingForgedExpiredAndUnsignedTokensAreRefused) {
  EXPECT_THAT(hs256_.Authenticate(app::HeaderMap()),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("bearer token")));
  const std::string forged = Token(JWT_ALG_HS256, "another secret that is also long enough", "ana",
                                   "caseworker", kNow + absl::Hours(1));
  EXPECT_THAT(hs256_.Authenticate(Bearer(forged)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("does not verify")));
  const std::string expired =
      Token(JWT_ALG_HS256, secret_, "ana", "caseworker", kNow - absl::Seconds(1));
  EXPECT_THAT(hs256_.Authenticate(Bearer(expired)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
  const std::string unsigned_token =
      Token(JWT_ALG_NONE, "", "ana", "caseworker", kNow + absl::Hours(1));
  EXPECT_THAT(hs256_.Authenticate(Bearer(unsigned_token)),
              StatusIs(absl::StatusCode::kUnauthenticated));
  const std::string no_role = Token(JWT_ALG_HS256, secret_, "ana", "wizard", kNow + absl::Hours(1));
  EXPECT_THAT(hs256_.Authenticate(Bearer(no_role)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("role")));
  EXPECT_THAT(hs256_.Authenticate(Bearer("not.a.token")),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(JwtAuthenticatorTest, Rs256TokensVerifyWithThePublicKeyOnly) {
  testing::TempDir dir;
  auto run = [](std::vector<std::string> args) {
    testing::ChildProcess openssl(args);
    return openssl.Wait(absl::Seconds(60));
  };
  ASSERT_EQ(run({"/usr/bin/openssl", "genrsa", "-out", dir.Sub("key.pem"), "2048"}), 0);
  ASSERT_EQ(run({"/usr/bin/openssl", "rsa", "-in", dir.Sub("key.pem"), "-pubout", "-out",
                 dir.Sub("public.pem")}),
            0);
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string private_key = read(dir.Sub("key.pem"));
  JwtAuthenticator rs256(
      JwtOptions{JwtOptions::Algorithm::kRs256, read(dir.Sub("public.pem")), &clock_});
  EXPECT_THAT(rs256.Authenticate(Bearer(
                  Token(JWT_ALG_RS256, private_key, "ines", "inspector", kNow + absl::Hours(1)))),
              IsOk());
  // An HS256 token "signed" with the public key is the classic confusion: refused.
  EXPECT_THAT(rs256.Authenticate(Bearer(Token(JWT_ALG_HS256, read(dir.Sub("public.pem")), "ines",
                                              "inspector", kNow + absl::Hours(1)))),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

}  // namespace
}  // namespace caseledger::app
