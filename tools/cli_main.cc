// caseledger: the command-line client of caseledgerd.

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "CLI/CLI.hpp"
#include "tools/cli_app.h"

namespace {

std::string Env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace caseledger::cli;
  CLI::App app{"caseledger: record casework and see caseloads, workload, the diary and audit "
               "trails, through caseledgerd's gRPC API."};
  app.fallthrough();
  app.require_subcommand(1);
  Connection connection;
  connection.actor = Env("CASELEDGER_ACTOR", "");
  connection.role = Env("CASELEDGER_ROLE", "caseworker");
  app.add_option("--server", connection.server, "caseledgerd's address")->capture_default_str();
  app.add_option("--actor", connection.actor,
                 "Who you are (default: $CASELEDGER_ACTOR, else your login name)");
  app.add_option("--role", connection.role,
                 "caseworker, inspector, supervisor, compliance_officer or administrator "
                 "(default: $CASELEDGER_ROLE, else caseworker)");
  connection.team = Env("CASELEDGER_TEAM", "");
  connection.token = Env("CASELEDGER_TOKEN", "");
  app.add_option("--team", connection.team, "Your team (default: $CASELEDGER_TEAM)");
  app.add_option("--timeout", connection.timeout_seconds, "Seconds to wait for an answer")
      ->capture_default_str();
  app.add_flag("--json", connection.json, "Print Protobuf's JSON mapping, for machines");
  app.add_option("--tls-ca", connection.tls_ca, "Use TLS, trusting this PEM CA");
  app.add_option("--tls-cert", connection.tls_cert, "This client's PEM certificate (mutual TLS)");
  app.add_option("--tls-key", connection.tls_key, "This client's PEM private key (mutual TLS)");

  Commands commands;
  AddCaseCommands(app, commands);
  AddViews(app, commands);
  AddDemo(app, commands);
  AddConsume(app, commands);
  AddTail(app, commands);
  AddSubjects(app, commands);
  AddProvidersAndProgramme(app, commands);
  AddInspections(app, commands);
  AddWorkPlans(app, commands);
  AddFollowThrough(app, commands);
  AddSupervision(app, commands);
  AddReport(app, commands);
  AddOperations(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "caseledger: " << e.what() << " (see --help)\n";
    return 2;
  }
  if (connection.actor.empty()) connection.actor = Env("USER", "");
  if (connection.actor.empty()) {
    if (const passwd* user = getpwuid(getuid()); user != nullptr) connection.actor = user->pw_name;
  }
  try {
    Client client(connection);
    for (auto& [command, action] : commands.actions) {
      if (command->parsed()) action(client);
    }
  } catch (const Failure& failure) {
    std::cerr << "caseledger: " << failure.message << "\n";
    return 1;
  }
  return 0;
}
