#include "services/metrics.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace caseledger::services {

namespace {

// Latency buckets from 100 µs to 10 s: a command's fsync is about a millisecond, a read a
// tenth of that, a large export seconds.
const prometheus::Histogram::BucketBoundaries& SecondsBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
  return *buckets;
}

// Buckets from 10 µs to 1 s for a stage of a command, most of which take tens of µs.
const prometheus::Histogram::BucketBoundaries& StageBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
      0.0025,  0.005,    0.01,    0.025,  0.05,    0.1,    1};
  return *buckets;
}

// "/caseledger.v1.CaseCommands/OpenCase" as service and method.
std::pair<std::string, std::string> SplitMethod(const std::string& full) {
  std::vector<std::string> parts = absl::StrSplit(full, '/', absl::SkipEmpty());
  if (parts.size() != 2) return {"unknown", full};
  return {parts[0], parts[1]};
}

// The process's CPU time, memory and file descriptors, from /proc, under the names every
// Prometheus client library uses.
class ProcessCollectable final : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> families;
    std::ifstream stat_file("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
    // Fields after the command name, which is in parentheses and may hold spaces.
    const size_t close = stat.rfind(')');
    if (close != std::string::npos) {
      std::vector<std::string> fields =
          absl::StrSplit(stat.substr(close + 2), ' ', absl::SkipEmpty());
      // fields[0] is field 3 (state): utime is field 14, stime 15, vsize 23, rss 24.
      if (fields.size() > 21) {
        const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
        const double cpu = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
        auto& cpu_family = families.emplace_back(
            CounterFamily("process_cpu_seconds_total", "User and system CPU time spent."));
        AddSample(cpu_family, cpu);
        auto& virtual_family = families.emplace_back(
            GaugeFamily("process_virtual_memory_bytes", "Virtual memory size."));
        AddSample(virtual_family, std::stod(fields[20]));
        auto& resident_family = families.emplace_back(
            GaugeFamily("process_resident_memory_bytes", "Resident memory size."));
        AddSample(resident_family,
                  std::stod(fields[21]) * static_cast<double>(sysconf(_SC_PAGESIZE)));
      }
    }
    std::error_code error;
    size_t open = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
         it.increment(error)) {
      ++open;
    }
    auto& open_family =
        families.emplace_back(GaugeFamily("process_open_fds", "Open file descriptors."));
    AddSample(open_family, static_cast<double>(open));
    auto& max_family =
        families.emplace_back(GaugeFamily("process_max_fds", "Most file descriptors allowed."));
    AddSample(max_family, static_cast<double>(sysconf(_SC_OPEN_MAX)));
    auto& start_family = families.emplace_back(GaugeFamily(
        "process_start_time_seconds", "When the process started, in seconds since the epoch."));
    AddSample(start_family, started_);
    return families;
  }

 private:
  const double started_ = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
};

// Times one call from its arrival to the status sent.
class CallInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit CallInterceptor(Metrics::MethodMetrics& method) : method_(method) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      method_.Observe(methods->GetSendStatus().error_code(),
                      absl::ToDoubleSeconds(absl::Now() - started_));
    }
    methods->Proceed();
  }

 private:
  Metrics::MethodMetrics& method_;
  const absl::Time started_ = absl::Now();
};

class CallInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallInterceptorFactory(Metrics& metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallInterceptor(metrics_.ForMethod(info->method()));
  }

 private:
  Metrics& metrics_;
};

std::string CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  if (index < 0 || index >= static_cast<int>(std::size(kNames))) return absl::StrCat(index);
  return kNames[index];
}

}  // namespace

prometheus::MetricFamily GaugeFamily(std::string name, std::string help) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = prometheus::MetricType::Gauge;
  return family;
}

prometheus::MetricFamily CounterFamily(std::string name, std::string help) {
  prometheus::MetricFamily family = GaugeFamily(std::move(name), std::move(help));
  family.type = prometheus::MetricType::Counter;
  return family;
}

void AddSample(prometheus::MetricFamily& family, double value,
               std::vector<prometheus::ClientMetric::Label> labels) {
  prometheus::ClientMetric& metric = family.metric.emplace_back();
  metric.label = std::move(labels);
  if (family.type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
}

absl::StatusOr<std::unique_ptr<Metrics>> Metrics::Serve(const std::string& listen) {
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    exposer = std::make_unique<prometheus::Exposer>(listen, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen, ": ", e.what()));
  }
  std::vector<int> ports = exposer->GetListeningPorts();
  if (ports.empty()) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen));
  }
  return std::unique_ptr<Metrics>(new Metrics(std::move(exposer), ports.front()));
}

Metrics::Metrics(std::unique_ptr<prometheus::Exposer> exposer, int port)
    : registry_(std::make_shared<prometheus::Registry>()),
      calls_(prometheus::BuildCounter()
                 .Name("caseledger_grpc_server_handled_total")
                 .Help("gRPC calls finished, by service, method and status code.")
                 .Register(*registry_)),
      call_seconds_(prometheus::BuildHistogram()
                        .Name("caseledger_grpc_server_handling_seconds")
                        .Help("Time from a call's arrival to its status, by service and method.")
                        .Register(*registry_)),
      stage_seconds_(
          prometheus::BuildHistogram()
              .Name("caseledger_command_stage_seconds")
              .Help("Time a case command spent in each stage inside the server: admit, "
                    "decide, append (the store, its fsync included), complete, reply (sending it).")
              .Register(*registry_)),
      group_appends_(prometheus::BuildHistogram()
                         .Name("caseledger_log_group_appends")
                         .Help("Appends the log's writer committed in one write.")
                         .Register(*registry_)
                         .Add({}, prometheus::Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64,
                                                                          128, 256, 1024, 4096})),
      group_write_seconds_(prometheus::BuildHistogram()
                               .Name("caseledger_log_write_seconds")
                               .Help("Time one group's write to the log took, its fsync included.")
                               .Register(*registry_)
                               .Add({}, SecondsBuckets())),
      events_appended_(prometheus::BuildCounter()
                           .Name("caseledger_log_events_appended_total")
                           .Help("Events the log's writer committed.")
                           .Register(*registry_)
                           .Add({})),
      replica_lag_seconds_(prometheus::BuildHistogram()
                               .Name("caseledger_replica_lag_seconds")
                               .Help("On a read replica: time from the primary's commit of a "
                                     "record to its copy here, for the last record of each write.")
                               .Register(*registry_)
                               .Add({}, StageBuckets())),
      process_(std::make_shared<ProcessCollectable>()),
      exposer_(std::move(exposer)),
      port_(port) {
  for (int stage = 0; stage < app::kCommandStages; ++stage) {
    stages_.push_back(&stage_seconds_.Add(
        {{"stage", std::string(app::CommandStageName(static_cast<app::CommandStage>(stage)))}},
        StageBuckets()));
  }
  exposer_->RegisterCollectable(registry_);
  exposer_->RegisterCollectable(process_);
}

Metrics::~Metrics() { exposer_.reset(); }

void Metrics::ObserveGroupCommit(const eventstore::GroupCommit& commit) {
  group_appends_.Observe(static_cast<double>(commit.appends));
  group_write_seconds_.Observe(absl::ToDoubleSeconds(commit.write));
  events_appended_.Increment(static_cast<double>(commit.events));
}

void Metrics::ObserveReplicaLag(absl::Duration lag) {
  replica_lag_seconds_.Observe(absl::ToDoubleSeconds(lag));
}

void Metrics::Observe(app::CommandStage stage, absl::Duration took) {
  stages_[static_cast<size_t>(stage)]->Observe(absl::ToDoubleSeconds(took));
}

Metrics::MethodMetrics::MethodMetrics(Metrics& metrics, std::string service, std::string method)
    : metrics_(metrics),
      service_(std::move(service)),
      method_(std::move(method)),
      seconds_(metrics.call_seconds_.Add({{"service", service_}, {"method", method_}},
                                         SecondsBuckets())) {}

void Metrics::MethodMetrics::Observe(grpc::StatusCode code, double seconds) {
  seconds_.Observe(seconds);
  const int index = static_cast<int>(code);
  if (index < 0 || index >= kCodes) return;
  prometheus::Counter* calls = calls_[index].load(std::memory_order_acquire);
  if (calls == nullptr) {
    // Family::Add returns the counter already made for the same labels.
    calls = &metrics_.calls_.Add(
        {{"service", service_}, {"method", method_}, {"code", CodeName(code)}});
    calls_[index].store(calls, std::memory_order_release);
  }
  calls->Increment();
}

Metrics::MethodMetrics& Metrics::ForMethod(absl::string_view method) {
  {
    absl::ReaderMutexLock lock(&methods_mu_);
    if (auto it = methods_.find(method); it != methods_.end()) return *it->second;
  }
  absl::MutexLock lock(&methods_mu_);
  auto& made = methods_[method];
  if (made == nullptr) {
    auto [service, name] = SplitMethod(std::string(method));
    made = std::make_unique<MethodMetrics>(*this, std::move(service), std::move(name));
  }
  return *made;
}

void Metrics::Expose(const std::weak_ptr<prometheus::Collectable>& collectable) {
  exposer_->RegisterCollectable(collectable);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> Metrics::CallInterceptor() {
  return std::make_unique<CallInterceptorFactory>(*this);
}

}  // namespace caseledger::services
