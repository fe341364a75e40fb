#pragma once

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "app/application.h"
#include "eventstore/event_store.h"
#include "grpcpp/health_check_service_interface.h"
#include "projections/projection_engine.h"

namespace caseledger::services {

struct HealthReport;

// When the health service stops calling a part of the server SERVING.
struct HealthOptions {
  // A projection whose first unapplied event has waited longer than this: its reads are stale.
  absl::Duration projection_lag_limit = absl::Seconds(30);
  // A projection whose batches have failed for longer than this.
  absl::Duration projection_failure_limit = absl::Seconds(10);
  // A thread that has not gone round its loop (a projection) or has not written what waits
  // for it (the log's writer) for longer than this is taken as wedged.
  absl::Duration stall_limit = absl::Seconds(30);
  // How often it looks.
  absl::Duration interval = absl::Milliseconds(250);
  // On a server replicated through a broker: marks what a read replica does not serve (set by
  // the server). Optional.
  std::function<void(HealthReport&)> replication;
};

// What the server can be trusted to do now, and why not when it can't.
struct HealthReport {
  // Commands: the log takes appends.
  bool commands = true;
  std::string commands_reason;
  // Queries: every view is current enough and its projection is running.
  bool queries = true;
  std::string queries_reason;
  // A read replica: it takes no commands by design, and as a whole serves when its queries do.
  bool read_only = false;
  // The writer and every projection thread are making progress (the systemd watchdog's test).
  bool threads = true;
  std::string threads_reason;
};

// Judges the server's health from the store's and the projections' own statuses. Pure.
HealthReport JudgeHealth(const eventstore::StoreStats& store,
                         const std::vector<projections::ProjectionStatus>& projections,
                         absl::Time now, const HealthOptions& options);

// Keeps grpc.health.v1 honest: on its own thread, judges the application's health and sets
// the command services, the query services and the server as a whole ("") SERVING or
// NOT_SERVING, logging each change with its reason. Thread-safe.
class HealthWatch {
 public:
  struct Services {
    std::vector<std::string> commands;
    std::vector<std::string> queries;
    std::vector<std::string> both;    // commands and reads of views: serving when both are
    std::vector<std::string> others;  // serving while the server is up
  };

  // `health` and `app` must outlive the watch. Judges once before returning.
  HealthWatch(app::Application& app, grpc::HealthCheckServiceInterface& health, Services services,
              HealthOptions options);
  // Stop()s.
  ~HealthWatch();

  HealthReport Latest() const;
  // Stops judging and reports every service NOT_SERVING (the server is draining).
  void Stop();

 private:
  void Run();
  void Judge();
  void Publish(const HealthReport& report);

  app::Application& app_;
  grpc::HealthCheckServiceInterface& health_;
  const Services services_;
  const HealthOptions options_;
  mutable absl::Mutex mu_;
  HealthReport latest_ ABSL_GUARDED_BY(mu_);
  bool published_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace caseledger::services
