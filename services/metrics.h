#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "grpcpp/support/server_interceptor.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace caseledger::services {

// What caseledgerd shows Prometheus, over HTTP at /metrics: every call by method and status
// code with its latency; the log writer's groups and their write (fsync) time; and, read at
// each scrape from what they watch, the gauges of the running server (see server_gauges.h)
// and of the process. Thread-safe.
class Metrics {
 public:
  // Serves /metrics on `listen` (host:port; port 0 picks a free one). UNAVAILABLE when the
  // address can't be bound.
  static absl::StatusOr<std::unique_ptr<Metrics>> Serve(const std::string& listen);
  ~Metrics();

  int port() const { return port_; }

  // For eventstore::StoreOptions::on_group_commit.
  void ObserveGroupCommit(const eventstore::GroupCommit& commit);
  // Counts and times one finished call of `method` ("/package.Service/Method").
  void ObserveCall(const std::string& method, grpc::StatusCode code, double seconds);
  // Read at each scrape for as long as the collectable lives.
  void Expose(const std::weak_ptr<prometheus::Collectable>& collectable);

  // An interceptor for grpc::ServerBuilder that reports every call to ObserveCall.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> CallInterceptor();

 private:
  Metrics(std::unique_ptr<prometheus::Exposer> exposer, int port);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& call_seconds_;
  prometheus::Histogram& group_appends_;
  prometheus::Histogram& group_write_seconds_;
  prometheus::Counter& events_appended_;
  std::shared_ptr<prometheus::Collectable> process_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  const int port_;
};

// Family helpers for collectables that read their values at scrape time.
prometheus::MetricFamily GaugeFamily(std::string name, std::string help);
prometheus::MetricFamily CounterFamily(std::string name, std::string help);
// Adds a sample with labels given as name, value pairs.
void AddSample(prometheus::MetricFamily& family, double value,
               std::vector<prometheus::ClientMetric::Label> labels = {});

}  // namespace caseledger::services
