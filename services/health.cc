#include "services/health.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/log.h"
#include "base/thread_name.h"

namespace caseledger::services {

HealthReport JudgeHealth(const eventstore::StoreStats& store,
                         const std::vector<projections::ProjectionStatus>& projections,
                         absl::Time now, const HealthOptions& options) {
  HealthReport report;
  if (!store.writer.ok()) {
    report.commands = false;
    report.commands_reason = std::string(store.writer.message());
  }
  if (store.oldest_waiting_append > options.stall_limit) {
    report.threads = false;
    report.threads_reason =
        absl::StrCat("an append has waited ", absl::FormatDuration(store.oldest_waiting_append),
                     " for the log's writer");
    report.commands = false;
    if (report.commands_reason.empty()) report.commands_reason = report.threads_reason;
  }
  for (const projections::ProjectionStatus& status : projections) {
    std::string reason;
    if (now - status.heartbeat > options.stall_limit) {
      reason = absl::StrCat("projection ", status.name, " has not gone round its loop for ",
                            absl::FormatDuration(now - status.heartbeat));
      if (report.threads) {
        report.threads = false;
        report.threads_reason = reason;
      }
    } else if (!status.required_by_reads) {
      // Reads go to the log while it is behind or failing (its metrics and log still say so).
    } else if (!status.failure.ok() &&
               now - status.failing_since > options.projection_failure_limit) {
      reason = absl::StrCat("projection ", status.name, " has failed for ",
                            absl::FormatDuration(now - status.failing_since), ": ",
                            status.failure.message());
    } else if (status.lag > options.projection_lag_limit) {
      reason = absl::StrCat("projection ", status.name, " is ", absl::FormatDuration(status.lag),
                            " behind the log");
    }
    if (!reason.empty() && report.queries) {
      report.queries = false;
      report.queries_reason = std::move(reason);
    }
  }
  return report;
}

HealthWatch::HealthWatch(app::Application& app, grpc::HealthCheckServiceInterface& health,
                         Services services, HealthOptions options)
    : app_(app), health_(health), services_(std::move(services)), options_(options) {
  Judge();
  thread_ = std::thread([this] {
    NameThisThread("health");
    Run();
  });
}

HealthWatch::~HealthWatch() { Stop(); }

HealthReport HealthWatch::Latest() const {
  absl::MutexLock lock(&mu_);
  return latest_;
}

void HealthWatch::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  health_.SetServingStatus(false);
}

void HealthWatch::Run() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.interval)) return;
    }
    Judge();
  }
}

void HealthWatch::Judge() {
  HealthReport report =
      JudgeHealth(app_.storage().log.Stats(), app_.projections().Statuses(), absl::Now(), options_);
  if (options_.replication) options_.replication(report);
  bool changed_commands = false;
  bool changed_queries = false;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    changed_commands = !published_ || report.commands != latest_.commands;
    changed_queries = !published_ || report.queries != latest_.queries;
    latest_ = report;
    published_ = true;
  }
  if (!changed_commands && !changed_queries) return;
  for (const std::string& service : services_.commands) {
    health_.SetServingStatus(service, report.commands);
  }
  for (const std::string& service : services_.queries) {
    health_.SetServingStatus(service, report.queries);
  }
  for (const std::string& service : services_.both) {
    health_.SetServingStatus(service, report.commands && report.queries);
  }
  for (const std::string& service : services_.others) health_.SetServingStatus(service, true);
  health_.SetServingStatus("", report.queries && (report.commands || report.read_only));
  if (changed_commands) {
    if (report.commands) {
      log::Info("command services serving");
    } else {
      log::Warn("command services not serving", {{"reason", report.commands_reason}});
    }
  }
  if (changed_queries) {
    if (report.queries) {
      log::Info("query services serving");
    } else {
      log::Warn("query services not serving", {{"reason", report.queries_reason}});
    }
  }
}

}  // namespace caseledger::services
