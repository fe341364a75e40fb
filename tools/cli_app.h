#pragma once

#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "tools/cli_client.h"

namespace caseledger::cli {

// The subcommands and what each does once the command line is parsed.
struct Commands {
  using Action = std::function<void(Client&)>;
  std::vector<std::pair<CLI::App*, Action>> actions;

  // Registers `action` for `command`; `flags` holds what the command's options bind to.
  template <typename Flags>
  void On(CLI::App* command, std::shared_ptr<Flags> flags,
          std::function<void(Client&, const Flags&)> action) {
    actions.emplace_back(command, [flags, action](Client& client) { action(client, *flags); });
  }
};

void AddCaseCommands(CLI::App& app, Commands& commands);
void AddViews(CLI::App& app, Commands& commands);
void AddDemo(CLI::App& app, Commands& commands);
void AddConsume(CLI::App& app, Commands& commands);
void AddTail(CLI::App& app, Commands& commands);
void AddSubjects(CLI::App& app, Commands& commands);
void AddProvidersAndProgramme(CLI::App& app, Commands& commands);
void AddInspections(CLI::App& app, Commands& commands);
void AddWorkPlans(CLI::App& app, Commands& commands);
void AddFollowThrough(CLI::App& app, Commands& commands);
void AddSupervision(CLI::App& app, Commands& commands);
void AddReport(CLI::App& app, Commands& commands);
void AddOperations(CLI::App& app, Commands& commands);

}  // namespace caseledger::cli
