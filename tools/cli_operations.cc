// Running the service: health, backup, replication and promotion.

#include <chrono>
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
    std::cout << "backed up to " << response.folder() << " at position " << response.head_position()
              << ", hash " << response.head_hash() << "\n";
  });
}

struct PromoteFlags {
  uint32_t catch_up_seconds = 30;
};

void AddPromote(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<PromoteFlags>();
  CLI::App* c = app.add_subcommand(
      "promote", "Make the read replica at --server the primary, once it holds every record of the "
                 "broker's stream (stop the old primary first)");
  c->add_option("--catch-up-seconds", f->catch_up_seconds,
                "How long the replica may take to copy what the stream holds")
      ->capture_default_str();
  commands.On<PromoteFlags>(c, f, [](Client& client, const PromoteFlags& f) {
    v1::PromoteRequest request;
    request.set_catch_up_seconds(f.catch_up_seconds);
    v1::PromoteResponse response;
    auto context = client.Context();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(f.catch_up_seconds + 10));
    Check(client.operations().Promote(context.get(), request, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    std::cout << "promoted to primary at position " << response.head_position() << ", hash "
              << response.head_hash() << "\n";
  });
}

void AddReplication(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<bool>();
  CLI::App* c = app.add_subcommand(
      "replication", "The server's role (primary, replica, fenced, stopped), and its lag");
  commands.On<bool>(c, f, [](Client& client, const bool&) {
    v1::RelayStatusRequest request;
    v1::RelayStatusResponse response;
    Check(client.events().RelayStatus(client.Context().get(), request, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    std::cout << (response.role().empty() ? "standalone" : response.role())
              << (response.sync() ? " (sync)" : "") << ": position " << response.position()
              << " of " << response.head() << ", lag " << response.lag_events() << " events, "
              << response.lag_seconds() << " s";
    if (!response.primary().empty()) std::cout << ", primary " << response.primary();
    if (!response.last_error().empty()) std::cout << ", last error: " << response.last_error();
    std::cout << "\n";
  });
}

}  // namespace

void AddOperations(CLI::App& app, Commands& commands) {
  AddHealth(app, commands);
  AddBackup(app, commands);
  AddPromote(app, commands);
  AddReplication(app, commands);
}

}  // namespace caseledger::cli
