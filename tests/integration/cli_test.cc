// The caseledger CLI binary against a real caseledgerd binary on loopback.

#include <signal.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "caseledger/v1/case_commands.pb.h"
#include "caseledger/v1/caseload.pb.h"
#include "caseledger/v1/team_report.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace caseledger {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ChildProcess>(std::vector<std::string>{
        CASELEDGERD_PATH, "--data-dir", dir_.Sub("data"), "--listen", "127.0.0.1:0", "--durability",
        "os", "--metrics-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"});
    std::optional<std::string> address = testing::WaitForListening(*server_, absl::Seconds(30));
    ASSERT_TRUE(address.has_value()) << server_->Stderr();
    address_ = *address;
  }
  void TearDown() override {
    server_->Signal(SIGTERM);
    EXPECT_EQ(server_->Wait(absl::Seconds(30)), 0);
  }

  // Runs the CLI as `actor` (ana unless the first two arguments are "--actor" and who).
  Outcome Cli(std::vector<std::string> args) {
    // Ana, unless the test says who.
    std::vector<std::string> argv = {CASELEDGER_PATH, "--server", address_};
    if (std::find(args.begin(), args.end(), "--actor") == args.end()) {
      argv.insert(argv.end(), {"--actor", "ana"});
    }
    argv.insert(argv.end(), args.begin(), args.end());
    testing::ChildProcess cli(argv);
    auto code = cli.Wait(absl::Seconds(60));
    return {code.value_or(-1), cli.Stdout(), cli.Stderr()};
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ChildProcess> server_;
  std::string address_;
};

TEST_F(CliTest, OpensACaseAndShowsItInTheCaseload) {
  Outcome opened = Cli({"open", "c1", "--category", "housing", "--client-ref", "C-77",
                        "--complexity", "high", "--team", "north"});
  ASSERT_EQ(opened.code, 0) << opened.err;
  EXPECT_THAT(opened.out, HasSubstr("opened case c1: revision 1"));
  // Allocation is a supervisor's.
  EXPECT_EQ(Cli({"assign", "c1", "--worker", "ana"}).code, 1);
  ASSERT_EQ(
      Cli({"--role", "supervisor", "--team", "north", "assign", "c1", "--worker", "ana"}).code, 0);
  Outcome assessed = Cli({"assess", "c1", "--score", "risk_of_harm=5", "--score",
                          "deadline_urgency=5", "--score", "vulnerability=4", "--score", "impact=5",
                          "--rationale", "Possession hearing next week"});
  ASSERT_EQ(assessed.code, 0) << assessed.err;

  Outcome caseload = Cli({"caseload"});  // ana's own
  ASSERT_EQ(caseload.code, 0) << caseload.err;
  EXPECT_THAT(caseload.out, HasSubstr("CASE"));
  EXPECT_THAT(caseload.out, HasSubstr("c1"));
  EXPECT_THAT(caseload.out, HasSubstr("RED"));
  EXPECT_THAT(caseload.out, Not(HasSubstr("\033["))) << "no colour when not on a terminal";

  Outcome history = Cli({"history", "c1"});
  ASSERT_EQ(history.code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr("PriorityAssessed"));
  // Open, assign and assess, and the access log's two records: the refused assignment and
  // ana's view of the history.
  Outcome verify = Cli({"--role", "compliance_officer", "verify"});
  ASSERT_EQ(verify.code, 0) << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("log verified: 5 records"));

  Outcome tail = Cli({"--role", "compliance_officer", "tail", "--case", "c1", "--type",
                      "PriorityAssessed", "--count", "1"});
  ASSERT_EQ(tail.code, 0) << tail.err;
  EXPECT_THAT(tail.out, HasSubstr("case-c1#3  PriorityAssessed  ana"));
}

TEST_F(CliTest, JsonOutputParsesBackIntoTheApiMessages) {
  Outcome opened = Cli({"--json", "open", "j1", "--category", "debt", "--client-ref", "C-1"});
  ASSERT_EQ(opened.code, 0) << opened.err;
  v1::CommandResult result;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(opened.out, &result).ok()) << opened.out;
  EXPECT_EQ(result.case_id(), "j1");
  EXPECT_EQ(result.revision(), 1u);

  Outcome caseload = Cli({"--role", "compliance_officer", "caseload", "--json", "--min-position",
                          std::to_string(result.position())});
  ASSERT_EQ(caseload.code, 0) << caseload.err;
  v1::ListCaseloadResponse response;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(caseload.out, &response).ok())
      << caseload.out;
  ASSERT_EQ(response.items_size(), 1);
  EXPECT_EQ(response.items(0).summary().case_id(), "j1");
}

TEST_F(CliTest, ABadArgumentIsOneClearLineAndANonZeroExit) {
  Outcome unknown = Cli({"open", "--category", "debt", "--kind", "spaceship"});
  EXPECT_NE(unknown.code, 0);
  EXPECT_THAT(unknown.err, HasSubstr("--kind: 'spaceship' is not one of advice, inspection"));
  EXPECT_EQ(std::count(unknown.err.begin(), unknown.err.end(), '\n'), 1) << unknown.err;

  Outcome named = Cli({"open", "b1", "--category", "debt", "--client-ref", "Jane Smith"});
  EXPECT_EQ(named.code, 1);
  EXPECT_THAT(named.err, HasSubstr("INVALID_ARGUMENT: bad request: client_ref may hold only"));
  EXPECT_EQ(std::count(named.err.begin(), named.err.end(), '\n'), 1) << named.err;

  Outcome missing = Cli({"note"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("caseledger:"));

  Outcome no_case = Cli({"note", "nope", "--text", "hello"});
  EXPECT_EQ(no_case.code, 1);
  EXPECT_THAT(no_case.err, HasSubstr("NOT_FOUND: case nope does not exist"));
}

TEST_F(CliTest, TheDemoMakesAnOrganisationToLookAt) {
  Outcome demo = Cli({"demo", "--cases", "12", "--workers", "3"});
  ASSERT_EQ(demo.code, 0) << demo.err;
  EXPECT_THAT(demo.out,
              HasSubstr("Try next, as a caseworker, a supervisor and a compliance officer:"));
  Outcome workload = Cli({"--role", "compliance_officer", "workload"});
  ASSERT_EQ(workload.code, 0) << workload.err;
  EXPECT_THAT(workload.out, HasSubstr("(all)"));
  Outcome replay = Cli({"--role", "compliance_officer", "replay", "d1-00001", "--revision", "2"});
  ASSERT_EQ(replay.code, 0) << replay.err;
  EXPECT_THAT(replay.out, HasSubstr("case d1-00001 (revision 2)"));
  // The inspection team: an inspector's programme, providers and work plan, and one
  // over-committed plan her manager sees.
  const std::vector<std::string> ines = {"--actor",   "ines",   "--role",
                                         "inspector", "--team", "insp-north"};
  auto as_ines = [&ines](std::vector<std::string> args) {
    args.insert(args.begin(), ines.begin(), ines.end());
    return args;
  };
  Outcome programme = Cli(as_ines({"programme"}));
  ASSERT_EQ(programme.code, 0) << programme.err;
  EXPECT_THAT(programme.out, HasSubstr("providers due or overdue"));
  EXPECT_THAT(programme.out, HasSubstr("is not verified: a follow-up inspection"))
      << "the overdue action plan's follow-up is in the programme";
  Outcome providers = Cli(as_ines({"providers"}));
  ASSERT_EQ(providers.code, 0) << providers.err;
  EXPECT_THAT(providers.out, HasSubstr("30 providers:"));
  Outcome non_compliant = Cli(as_ines({"caseload", "--compliance", "non-compliant"}));
  ASSERT_EQ(non_compliant.code, 0) << non_compliant.err;
  EXPECT_THAT(non_compliant.out, HasSubstr("insp-case"));
  Outcome ivan =
      Cli({"--actor", "mo", "--role", "supervisor", "--team", "insp-north", "workplan", "ivan",
           absl::StrCat(absl::ToCivilYear(absl::Now(), absl::UTCTimeZone()).year())});
  ASSERT_EQ(ivan.code, 0) << ivan.err;
  EXPECT_THAT(ivan.out, HasSubstr("OVER-COMMITTED"));
  // The team's supervisor reads the team report as a table with a chart, and as JSON.
  const std::vector<std::string> supervisor = {"--actor",    "sup-team-0", "--role",
                                               "supervisor", "--team",     "team-0"};
  auto as_supervisor = [&](std::vector<std::string> args) {
    args.insert(args.begin(), supervisor.begin(), supervisor.end());
    return Cli(args);
  };
  Outcome report = as_supervisor({"report"});
  ASSERT_EQ(report.code, 0) << report.err;
  EXPECT_THAT(report.out, HasSubstr("MONTH"));
  EXPECT_THAT(report.out, HasSubstr("(total)"));
  EXPECT_THAT(report.out, HasSubstr("cases opened (#) and closed (=)"));
  Outcome json = as_supervisor({"--json", "report"});
  ASSERT_EQ(json.code, 0) << json.err;
  v1::TeamReport parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &parsed).ok()) << json.out;
  EXPECT_EQ(parsed.team_id(), "team-0");
  EXPECT_EQ(parsed.months_size(), 12);
  EXPECT_GT(parsed.total().opened(), 0u);
  // The demo set the levels the files due for review follow, and held sessions.
  Outcome due = as_supervisor({"due-reviews"});
  ASSERT_EQ(due.code, 0) << due.err;
  EXPECT_THAT(due.out, ::testing::ContainsRegex("files a month|before advice|every file every"));
  EXPECT_THAT(due.out, ::testing::Not(HasSubstr("(default)")));
  Outcome inbox = as_supervisor({"inbox"});
  ASSERT_EQ(inbox.code, 0) << inbox.err;
  EXPECT_THAT(inbox.out, HasSubstr("awaiting acknowledgement"));
  // The same seed again changes nothing: every command id was used before.
  Outcome again = Cli({"demo", "--cases", "12", "--workers", "3"});
  ASSERT_EQ(again.code, 0) << again.err;
  Outcome verify = Cli({"--role", "compliance_officer", "verify"});
  EXPECT_EQ(verify.code, 0) << verify.err;
}

TEST_F(CliTest, AttentionAndTheDiaryPrintEveryPage) {
  ASSERT_EQ(Cli({"demo", "--cases", "12", "--workers", "3"}).code, 0);
  const std::vector<std::string> officer = {"--role", "compliance_officer"};
  auto as_officer = [&officer](std::vector<std::string> args) {
    args.insert(args.begin(), officer.begin(), officer.end());
    return args;
  };
  // One page of each, as JSON, is what the paged text must hold, in the same order.
  Outcome json = Cli(as_officer({"--json", "attention", "--page-size", "1000"}));
  ASSERT_EQ(json.code, 0) << json.err;
  v1::ListAttentionResponse attention;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &attention).ok()) << json.out;
  ASSERT_GT(attention.items_size(), 2);
  Outcome paged = Cli(as_officer({"attention", "--page-size", "2"}));
  ASSERT_EQ(paged.code, 0) << paged.err;
  EXPECT_THAT(paged.out, HasSubstr(absl::StrCat(attention.items_size(), " cases need attention")));
  size_t at = 0;
  for (const auto& item : attention.items()) {
    at = paged.out.find(item.summary().case_id(), at);
    ASSERT_NE(at, std::string::npos) << item.summary().case_id() << " in order in " << paged.out;
    ++at;
  }

  // One end for both reads: "+30d" read twice would end the window a second apart.
  const std::string to =
      absl::FormatTime(absl::RFC3339_full, absl::Now() + absl::Hours(24 * 30), absl::UTCTimeZone());
  json = Cli(as_officer({"--json", "diary", "--to", to, "--page-size", "1000"}));
  ASSERT_EQ(json.code, 0) << json.err;
  v1::ListDiaryResponse diary;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &diary).ok()) << json.out;
  ASSERT_GT(diary.entries_size(), 2);
  paged = Cli(as_officer({"diary", "--to", to, "--page-size", "2"}));
  ASSERT_EQ(paged.code, 0) << paged.err;
  EXPECT_THAT(paged.out, HasSubstr(absl::StrCat(diary.entries_size(), " entries")));
  at = 0;
  for (const auto& entry : diary.entries()) {
    at = paged.out.find(entry.deadline().deadline_id(), at);
    ASSERT_NE(at, std::string::npos) << entry.deadline().deadline_id() << " in " << paged.out;
    ++at;
  }
}

TEST_F(CliTest, HealthSaysWhetherTheServerServes) {
  Outcome health = Cli({"health"});
  EXPECT_EQ(health.code, 0) << health.err;
  EXPECT_EQ(health.out, "SERVING\n");
  Outcome commands = Cli({"health", "--service", "caseledger.v1.CaseCommands"});
  EXPECT_EQ(commands.code, 0) << commands.err;
  Outcome unknown = Cli({"health", "--service", "caseledger.v1.Nothing"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("NOT_FOUND"));
}

TEST_F(CliTest, NoPersonalFieldEverReachesTheServersLog) {
  ASSERT_EQ(Cli({"demo", "--cases", "12", "--workers", "3"}).code, 0);
  // Personal fields of our own, through the paths that log: commands refused, bad fields,
  // erasure, export and a backup.
  ASSERT_EQ(Cli({"open", "p1", "--category", "housing", "--summary", "Summary-M9Q of a client",
                 "--client-ref", "CREF-M9Q", "--subject", "subject-M9Q", "--team", "north"})
                .code,
            0);
  EXPECT_EQ(Cli({"note", "p1", "--text", std::string(40 * 1024, 'x') + "Note-M9Q"}).code, 1);
  EXPECT_EQ(Cli({"--role", "compliance_officer", "note", "p1", "--text", "Note-R4T"}).code, 1);
  EXPECT_EQ(Cli({"--role", "compliance_officer", "export-subject", "subject-M9Q"}).code, 0);
  EXPECT_EQ(Cli({"--role", "administrator", "erase-subject", "subject-M9Q", "--reason",
                 "Erasure request ER-1"})
                .code,
            0);
  EXPECT_EQ(Cli({"--role", "administrator", "backup", "--to", dir_.Sub("backup")}).code, 0);
  server_->Signal(SIGTERM);
  ASSERT_EQ(server_->Wait(absl::Seconds(30)), 0);
  const std::string log = server_->Stderr();
  ASSERT_THAT(log, HasSubstr("caseledgerd listening"));
  ASSERT_THAT(log, HasSubstr("backup taken"));
  for (const char* personal :
       {"Summary-M9Q", "CREF-M9Q", "Note-M9Q", "Note-R4T", "Client seeks advice", "C-10001",
        "Client called about the letter", "Reviewed the bank statements", "Drafted a reply",
        "the situation is unchanged", "the creditor's agent", "updated care plans"}) {
    EXPECT_THAT(log, Not(HasSubstr(personal))) << personal;
  }
  server_ = std::make_unique<testing::ChildProcess>(std::vector<std::string>{
      CASELEDGERD_PATH, "--data-dir", dir_.Sub("data"), "--listen", "127.0.0.1:0", "--durability",
      "os", "--metrics-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"});
  ASSERT_TRUE(testing::WaitForListening(*server_, absl::Seconds(30)).has_value());
}

}  // namespace
}  // namespace caseledger
