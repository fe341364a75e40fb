#pragma once

// A real caseledger server on a loopback port, its store, and clients of its services.

#include <memory>
#include <string>

#include "base/clock.h"
#include "caseledger/v1/audit.grpc.pb.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "caseledger/v1/caseload.grpc.pb.h"
#include "caseledger/v1/events.grpc.pb.h"
#include "caseledger/v1/inspection_commands.grpc.pb.h"
#include "caseledger/v1/operations.grpc.pb.h"
#include "caseledger/v1/policy_commands.grpc.pb.h"
#include "caseledger/v1/providers.grpc.pb.h"
#include "caseledger/v1/subjects.grpc.pb.h"
#include "caseledger/v1/supervision.grpc.pb.h"
#include "caseledger/v1/workplans.grpc.pb.h"
#include "eventstore/rocksdb_event_store.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "services/server.h"
#include "tests/support/faulty_file_system.h"
#include "tests/support/gated_key_store.h"
#include "tests/support/gated_view_store.h"
#include "tests/support/temp_dir.h"

namespace caseledger::testing {

// An advice case in team north for OpenCase, its command id made from its case id.
inline v1::OpenCaseRequest AdviceCase(const std::string& case_id) {
  v1::OpenCaseRequest request;
  request.mutable_header()->set_command_id("open-" + case_id);
  request.mutable_header()->set_case_id(case_id);
  request.set_kind(v1::ADVICE);
  request.set_category("housing");
  request.set_summary("Possession claim");
  request.set_client_ref("C-1042");
  request.set_complexity(v1::HIGH);
  request.set_team_id("north");
  return request;
}

class ServerFixture : public ::testing::Test {
 protected:
  // `retention_interval`: how often the server applies the retention rule; zero: never.
  // `gate_key_purges`: the subject keys' purges wait for gated_keys_->Release().
  // `gate_view_commits`: the views can be held still with gated_views_->Hold().
  // `serve_http`: the API over HTTP (Connect) too, on server_->http_port().
  // `faults`: the store syncs every append, on a file system these fail (faults_).
  explicit ServerFixture(absl::Duration retention_interval = absl::ZeroDuration(),
                         bool gate_key_purges = false, bool gate_view_commits = false,
                         bool serve_http = false, std::shared_ptr<DiskFaults> faults = nullptr)
      : faults_(std::move(faults)) {
    eventstore::StoreOptions store_options;
    store_options.path = dir_.Sub("data");
    store_options.durability = eventstore::Durability::kOs;
    store_options.clock = &clock_;
    if (faults_ != nullptr) {
      store_options.durability = eventstore::Durability::kFsync;
      store_options.wrap_file_system = OnFaultyFileSystem(faults_);
    }
    store_ = *eventstore::RocksDbEventStore::Open(store_options);
    services::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.clock = &clock_;
    options.subscribe_buffer = subscribe_buffer_;
    options.subscribe_stall = absl::Milliseconds(300);
    options.retention_interval = retention_interval;
    if (serve_http) {
      options.http.emplace();
      options.http->listen = "127.0.0.1:0";
    }
    const eventstore::Storage stored = store_->storage();
    if (gate_key_purges) gated_keys_ = std::make_unique<GatedKeyStore>(stored.keys);
    if (gate_view_commits) gated_views_ = std::make_unique<GatedViewStore>(stored.views);
    server_ = *services::Server::Start(
        options,
        eventstore::Storage{stored.log, gated_views_ != nullptr ? *gated_views_ : stored.views,
                            stored.checkpoints, gated_keys_ != nullptr ? *gated_keys_ : stored.keys,
                            stored.backups});
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    cases_ = v1::CaseCommands::NewStub(channel_);
    policies_ = v1::PolicyCommands::NewStub(channel_);
    caseload_ = v1::Caseload::NewStub(channel_);
    audit_ = v1::Audit::NewStub(channel_);
    events_ = v1::Events::NewStub(channel_);
    subjects_ = v1::Subjects::NewStub(channel_);
    inspections_ = v1::Inspections::NewStub(channel_);
    providers_ = v1::Providers::NewStub(channel_);
    work_plans_ = v1::WorkPlans::NewStub(channel_);
    supervision_ = v1::Supervision::NewStub(channel_);
    operations_ = v1::Operations::NewStub(channel_);
  }
  ~ServerFixture() override {
    if (gated_keys_ != nullptr) gated_keys_->Release();
    if (gated_views_ != nullptr) gated_views_->Release();
    server_.reset();
    store_.reset();
  }

  // A call context for `actor` in `role` (of `team`, in organisation `org`: the default one
  // when empty), with a deadline.
  static std::unique_ptr<grpc::ClientContext> As(const std::string& actor,
                                                 const std::string& role = "caseworker",
                                                 const std::string& team = "",
                                                 const std::string& org = "") {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!actor.empty()) context->AddMetadata("x-caseledger-actor", actor);
    if (!role.empty()) context->AddMetadata("x-caseledger-role", role);
    if (!team.empty()) context->AddMetadata("x-caseledger-team", team);
    if (!org.empty()) context->AddMetadata("x-caseledger-org", org);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  static v1::CommandHeader Header(const std::string& command_id, const std::string& case_id) {
    v1::CommandHeader header;
    header.set_command_id(command_id);
    header.set_case_id(case_id);
    return header;
  }

  // The actual revision a google.rpc.ErrorInfo in the status's details gives; empty if none.
  static std::string ActualRevision(const grpc::Status& status) {
    google::rpc::Status details;
    if (!details.ParseFromString(status.error_details())) return "";
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&info) && info.reason() == "REVISION_CONFLICT") {
        return info.metadata().at("actual_revision");
      }
    }
    return "";
  }

  // The fields a google.rpc.BadRequest in the status's details names.
  static std::vector<std::string> BadFields(const grpc::Status& status) {
    std::vector<std::string> fields;
    google::rpc::Status details;
    if (!details.ParseFromString(status.error_details())) return fields;
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad_request;
      if (!any.UnpackTo(&bad_request)) continue;
      for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
    }
    return fields;
  }

  // Events a subscriber may fall behind; small, so tests can overflow it.
  static constexpr size_t subscribe_buffer_ = 64;
  // Monday 2 March 2026, 09:00 in London (GMT): tests move it.
  ManualClock clock_{absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 0, 0), absl::UTCTimeZone())};
  TempDir dir_;
  std::shared_ptr<DiskFaults> faults_;
  std::unique_ptr<eventstore::RocksDbEventStore> store_;
  std::unique_ptr<GatedKeyStore> gated_keys_;
  std::unique_ptr<GatedViewStore> gated_views_;
  std::unique_ptr<services::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CaseCommands::Stub> cases_;
  std::unique_ptr<v1::PolicyCommands::Stub> policies_;
  std::unique_ptr<v1::Caseload::Stub> caseload_;
  std::unique_ptr<v1::Audit::Stub> audit_;
  std::unique_ptr<v1::Events::Stub> events_;
  std::unique_ptr<v1::Subjects::Stub> subjects_;
  std::unique_ptr<v1::Inspections::Stub> inspections_;
  std::unique_ptr<v1::Providers::Stub> providers_;
  std::unique_ptr<v1::WorkPlans::Stub> work_plans_;
  std::unique_ptr<v1::Supervision::Stub> supervision_;
  std::unique_ptr<v1::Operations::Stub> operations_;
};

}  // namespace caseledger::testing
