// Running the service: health and backup.

#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "tools/cli_app.h"

namespace caseledger::cli {
namespace {

struct HealthFlags {
  std::string service;
};

void AddHealth(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<HealthFlags>();
  CLI::App* c = app.add_subcommand(
      "health", "Whether the server serves (exit code 0) or not (1), from grpc.health.v1");
  c->add_option("--service", f->service,
                "One service, e.g. caseledger.v1.CaseCommands; none: the server as a whole");
  commands.On<HealthFlags>(c, f, [](Client& client, const HealthFlags& f) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(f.service);
    grpc::health::v1::HealthCheckResponse response;
    Check(client.health().Check(client.Context().get(), request, &response));
    const std::string status =
        grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
    if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
      throw Failure{status};
    }
    std::cout << status << "\n";
  });
}

struct BackupFlags {
  std::string to;
};

void AddBackup(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<BackupFlags>();
  CLI::App* c = app.add_subcommand(
      "backup", "Copy the running server's whole store into a new folder on its machine");
  c->add_option("--to", f->to, "Absolute path of a folder that does not exist yet")->required();
  commands.On<BackupFlags>(c, f, [](Client& client, const BackupFlags& f) {
    v1::BackupRequest request;
    request.set_to(f.to);
    v1::BackupResponse response;
    Check(client.operations().Backup(client.Context().get(), request, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    std::cout << "backed up to " << response.folder() << " at position "
              << response.head_position() << ", hash " << response.head_hash() << "\n";
  });
}

}  // namespace

void AddOperations(CLI::App& app, Commands& commands) {
  AddHealth(app, commands);
  AddBackup(app, commands);
}

}  // namespace caseledger::cli
