#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "app/command_stages.h"
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
// code with its latency; each case command's time by stage (app/command_stages.h); the log
// writer's groups and their write (fsync) time; and, read at each scrape from what they
// watch, the gauges of the running server (see server_gauges.h) and of the process.
// Thread-safe.
class Metrics final : public app::CommandStageObserver {
 public:
  // Serves /metrics on `listen` (host:port; port 0 picks a free one). UNAVAILABLE when the
  // address can't be bound.
  static absl::StatusOr<std::unique_ptr<Metrics>> Serve(const std::string& listen);
  ~Metrics() override;

  int port() const { return port_; }

  // For eventstore::StoreOptions::on_group_commit.
  void ObserveGroupCommit(const eventstore::GroupCommit& commit);
  void Observe(app::CommandStage stage, absl::Duration took) override;
  // For relay::NodeOptions::on_copied: a read replica's lag behind its primary.
  void ObserveReplicaLag(absl::Duration lag);
  // A method's call counters (one per status code, made when first needed) and latency
  // histogram, made once and kept, so a call costs no lookup of its labels.
  class MethodMetrics {
   public:
    MethodMetrics(Metrics& metrics, std::string service, std::string method);
    // Counts and times one finished call.
    void Observe(grpc::StatusCode code, double seconds);

   private:
    static constexpr int kCodes = 17;
    Metrics& metrics_;
    const std::string service_;
    const std::string method_;
    prometheus::Histogram& seconds_;
    std::atomic<prometheus::Counter*> calls_[kCodes] = {};
  };
  // The metrics of `method` ("/package.Service/Method").
  MethodMetrics& ForMethod(absl::string_view method);
  // Read at each scrape for as long as the collectable lives.
  void Expose(const std::weak_ptr<prometheus::Collectable>& collectable);

  // An interceptor for grpc::ServerBuilder that counts and times every call.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> CallInterceptor();

 private:
  Metrics(std::unique_ptr<prometheus::Exposer> exposer, int port);

  absl::Mutex methods_mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodMetrics>> methods_
      ABSL_GUARDED_BY(methods_mu_);
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& call_seconds_;
  prometheus::Family<prometheus::Histogram>& stage_seconds_;
  // stage_seconds_'s histogram of each stage, by CommandStage.
  std::vector<prometheus::Histogram*> stages_;
  prometheus::Histogram& group_appends_;
  prometheus::Histogram& group_write_seconds_;
  prometheus::Counter& events_appended_;
  prometheus::Histogram& replica_lag_seconds_;
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
