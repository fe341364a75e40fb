// caseledgerd's Prometheus metrics: read straight from /metrics, and scraped by Debian's real
// prometheus server with deploy/monitoring's configuration.

#include <cctype>
#include <chrono>
#include <csignal>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "caseledger/v1/case_commands.grpc.pb.h"
#include "eventstore/rocksdb_event_store.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "services/metrics.h"
#include "services/server.h"
#include "tests/integration/command_client.h"
#include "tests/support/child_process.h"
#include "tests/support/http_get.h"
#include "tests/support/nats_server.h"
#include "tests/support/temp_dir.h"

namespace caseledger {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

// The value of the sample of `name` whose labels include all of `labels`, in Prometheus's
// text format; nullopt when there is none.
std::optional<double> Sample(const std::string& text, const std::string& name,
                             const Labels& labels = {}) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    const size_t name_end = line.find_first_of("{ ");
    if (name_end == absl::string_view::npos || line.substr(0, name_end) != name) continue;
    bool all = true;
    for (const auto& [key, value] : labels) {
      all = all && line.find(absl::StrCat(key, "=\"", value, "\"")) != absl::string_view::npos;
    }
    if (!all) continue;
    double sample = 0;
    if (absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &sample)) return sample;
  }
  return std::nullopt;
}

grpc::Status Open(v1::CaseCommands::Stub& cases, const v1::OpenCaseRequest& request) {
  grpc::ClientContext context;
  context.AddMetadata("x-caseledger-actor", "ana");
  context.AddMetadata("x-caseledger-role", "caseworker");
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::CommandResult result;
  return cases.OpenCase(&context, request, &result);
}

TEST(MetricsTest, CountsAndTimesEveryCallAndShowsTheServersGauges) {
  auto metrics = services::Metrics::Serve("127.0.0.1:0");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  testing::TempDir dir;
  eventstore::StoreOptions store_options;
  store_options.path = dir.Sub("data");
  store_options.on_group_commit = [m = metrics->get()](const eventstore::GroupCommit& commit) {
    m->ObserveGroupCommit(commit);
  };
  auto store = eventstore::RocksDbEventStore::Open(store_options);
  ASSERT_TRUE(store.ok()) << store.status();
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.retention_interval = absl::ZeroDuration();
  options.metrics = metrics->get();
  auto server = services::Server::Start(options, (*store)->storage());
  ASSERT_TRUE(server.ok()) << server.status();
  auto cases = v1::CaseCommands::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));

  // The three calls as their client saw them, from sending to the answer.
  absl::Duration called;
  for (int i = 1; i <= 3; ++i) {
    const absl::Time sent = absl::Now();
    ASSERT_TRUE(Open(*cases, testing::AdviceCase(absl::StrCat("case-", i))).ok());
    called += absl::Now() - sent;
  }
  v1::OpenCaseRequest bad = testing::AdviceCase("case-4");
  bad.set_category("");
  ASSERT_EQ(Open(*cases, bad).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  const std::string address = absl::StrCat("127.0.0.1:", (*metrics)->port());
  absl::StatusOr<std::string> text = testing::HttpGet(address, "/metrics");
  ASSERT_TRUE(text.ok()) << text.status();
  const Labels open{{"service", "caseledger.v1.CaseCommands"}, {"method", "OpenCase"}};
  Labels ok = open;
  ok.emplace_back("code", "OK");
  Labels invalid = open;
  invalid.emplace_back("code", "INVALID_ARGUMENT");
  EXPECT_EQ(Sample(*text, "caseledger_grpc_server_handled_total", ok), 3) << *text;
  EXPECT_EQ(Sample(*text, "caseledger_grpc_server_handled_total", invalid), 1);
  EXPECT_EQ(Sample(*text, "caseledger_grpc_server_handling_seconds_count", open), 4);
  EXPECT_GT(*Sample(*text, "caseledger_grpc_server_handling_seconds_sum", open), 0);
  // Each opening is one append of its events (and the access log appends nothing here).
  const double head = static_cast<double>((*store)->Head().position);
  EXPECT_EQ(Sample(*text, "caseledger_log_head_position"), head);
  EXPECT_EQ(Sample(*text, "caseledger_log_events_appended_total"), head);
  EXPECT_EQ(Sample(*text, "caseledger_log_group_appends_sum"), 3);
  EXPECT_GE(*Sample(*text, "caseledger_log_write_seconds_count"), 1);
  EXPECT_EQ(Sample(*text, "caseledger_log_writer_refusing_appends"), 0);
  EXPECT_TRUE(Sample(*text, "caseledger_projection_lag_events", {{"projection", "caseload"}}));
  EXPECT_TRUE(Sample(*text, "caseledger_rocksdb_live_sst_bytes"));
  EXPECT_TRUE(Sample(*text, "caseledger_rocksdb_memtable_bytes"));
  EXPECT_EQ(Sample(*text, "caseledger_subscribers"), 0);
  EXPECT_EQ(Sample(*text, "caseledger_erasures_total"), 0);
  EXPECT_GT(*Sample(*text, "process_open_fds"), 0);
  EXPECT_GT(*Sample(*text, "process_resident_memory_bytes"), 0);
  EXPECT_GT(*Sample(*text, "process_cpu_seconds_total"), 0);
  EXPECT_FALSE(Sample(*text, "caseledger_relay_lag_events")) << "no broker, no relay metrics";

  // Each command that reached the store is timed once in every stage (the refused one in
  // none); the stages lie within the calls, so they add up to no more than the calls took as
  // their client saw them. (The server's own call time ends before the reply is sent, within
  // the reply stage.) A stage is told once its call is finished: the last may come just after
  // its client has the answer.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (Sample(*text, "caseledger_command_stage_seconds_count", {{"stage", "reply"}}) != 3 &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
    text = testing::HttpGet(address, "/metrics");
    ASSERT_TRUE(text.ok()) << text.status();
  }
  double stages = 0;
  for (const char* stage : {"admit", "decide", "append", "complete", "reply"}) {
    const Labels labels{{"stage", stage}};
    EXPECT_EQ(Sample(*text, "caseledger_command_stage_seconds_count", labels), 3) << stage;
    stages += Sample(*text, "caseledger_command_stage_seconds_sum", labels).value_or(0);
  }
  EXPECT_GT(stages, 0);
  EXPECT_LE(stages, absl::ToDoubleSeconds(called));
  (*server)->Shutdown(absl::Seconds(1));
}

TEST(MetricsTest, AnAddressInUseIsAnError) {
  auto first = services::Metrics::Serve("127.0.0.1:0");
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = services::Metrics::Serve(absl::StrCat("127.0.0.1:", (*first)->port()));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string UrlEncode(absl::string_view text) {
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '_' || c == '.' || c == '-') {
      encoded += static_cast<char>(c);
    } else {
      encoded += absl::StrCat("%", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return encoded;
}

// The first value of an instant query to Prometheus's HTTP API; nullopt while it has none.
std::optional<std::string> Query(const std::string& prometheus, const std::string& query) {
  absl::StatusOr<std::string> body =
      testing::HttpGet(prometheus, absl::StrCat("/api/v1/query?query=", UrlEncode(query)));
  if (!body.ok()) return std::nullopt;
  // {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},
  //  "value":[<time>,"<value>"]}]}}
  google::protobuf::Struct answer;
  if (!google::protobuf::util::JsonStringToMessage(*body, &answer).ok()) return std::nullopt;
  const auto& data = answer.fields().find("data");
  if (data == answer.fields().end()) return std::nullopt;
  const auto& result = data->second.struct_value().fields().find("result");
  if (result == data->second.struct_value().fields().end() ||
      result->second.list_value().values_size() == 0) {
    return std::nullopt;
  }
  const auto& first = result->second.list_value().values(0).struct_value().fields();
  const auto value = first.find("value");
  if (value == first.end() || value->second.list_value().values_size() != 2) return std::nullopt;
  return value->second.list_value().values(1).string_value();
}

// Calls `read` until it gives `wanted` or 60 seconds pass; returns its last answer.
template <typename T, typename Read>
std::optional<T> Await(const Read& read, const T& wanted) {
  std::optional<T> last;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (absl::Now() < deadline) {
    if (std::optional<T> value = read(); value.has_value()) {
      last = value;
      if (*last == wanted) break;
    }
    absl::SleepFor(absl::Milliseconds(250));
  }
  return last;
}

// Polls `query` until it answers `wanted`; returns the last answer.
std::string AwaitQuery(const std::string& prometheus, const std::string& query,
                       const std::string& wanted) {
  return Await([&] { return Query(prometheus, query); }, wanted).value_or("(no answer)");
}

// Polls caseledgerd's /metrics until `name` is `wanted`; returns the last value.
std::optional<double> AwaitSample(const std::string& metrics, const std::string& name,
                                  double wanted) {
  return Await(
      [&]() -> std::optional<double> {
        absl::StatusOr<std::string> text = testing::HttpGet(metrics, "/metrics");
        return text.ok() ? Sample(*text, name) : std::nullopt;
      },
      wanted);
}

TEST(MetricsTest, PrometheusScrapesCaseledgerdWithTheDeployedConfig) {
  testing::TempDir dir;
  testing::ChildProcess server({CASELEDGERD_PATH, "--data-dir", dir.Sub("data"), "--listen",
                                "127.0.0.1:0", "--durability", "os", "--metrics-listen",
                                "127.0.0.1:0", "--http-listen", "127.0.0.1:0"});
  std::optional<std::string> grpc_address = testing::WaitForListening(server, absl::Seconds(30));
  ASSERT_TRUE(grpc_address.has_value()) << server.Stderr();
  std::optional<std::string> metrics_address =
      testing::WaitForListening(server, absl::Seconds(30), "caseledgerd metrics listening");
  ASSERT_TRUE(metrics_address.has_value()) << server.Stderr();

  // deploy/monitoring's files, pointed at this server and scraping every second.
  std::string config = ReadFile(absl::StrCat(DEPLOY_PATH, "/monitoring/prometheus.yml"));
  ASSERT_NE(config.find("127.0.0.1:9464"), std::string::npos) << config;
  config = absl::StrReplaceAll(config, {{"127.0.0.1:9464", *metrics_address},
                                        {"scrape_interval: 15s", "scrape_interval: 1s"}});
  std::ofstream(dir.Sub("prometheus.yml")) << config;
  std::ofstream(dir.Sub("alerts.yml"))
      << ReadFile(absl::StrCat(DEPLOY_PATH, "/monitoring/alerts.yml"));
  const std::string prometheus = absl::StrCat("127.0.0.1:", testing::FreeLoopbackPort());
  testing::ChildProcess scraper(
      {"/usr/bin/prometheus", "--config.file=" + dir.Sub("prometheus.yml"),
       "--storage.tsdb.path=" + dir.Sub("tsdb"), "--web.listen-address=" + prometheus});
  ASSERT_EQ(AwaitQuery(prometheus, "up{job=\"caseledgerd\"}", "1"), "1") << scraper.Stderr();
  ASSERT_EQ(AwaitQuery(prometheus, "caseledger_log_head_position", "0"), "0");

  auto cases = v1::CaseCommands::NewStub(
      grpc::CreateChannel(*grpc_address, grpc::InsecureChannelCredentials()));
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(Open(*cases, testing::AdviceCase(absl::StrCat("case-", i))).ok());

  EXPECT_EQ(
      AwaitQuery(prometheus,
                 "caseledger_grpc_server_handled_total{method=\"OpenCase\",code=\"OK\"}", "5"),
      "5");
  EXPECT_EQ(AwaitQuery(prometheus,
                       "caseledger_grpc_server_handling_seconds_count{method=\"OpenCase\"}", "5"),
            "5");
  EXPECT_EQ(AwaitQuery(prometheus,
                       "caseledger_grpc_server_handling_seconds_bucket{method=\"OpenCase\","
                       "le=\"+Inf\"}",
                       "5"),
            "5");
  EXPECT_EQ(AwaitQuery(prometheus, "caseledger_log_writer_refusing_appends", "0"), "0");
}

TEST(MetricsTest, ASubscriberThatVanishesMidStreamIsLetGo) {
  testing::TempDir dir;
  testing::ChildProcess server({CASELEDGERD_PATH, "--data-dir", dir.Sub("data"), "--listen",
                                "127.0.0.1:0", "--durability", "os", "--metrics-listen",
                                "127.0.0.1:0"});
  std::optional<std::string> grpc_address = testing::WaitForListening(server, absl::Seconds(30));
  ASSERT_TRUE(grpc_address.has_value()) << server.Stderr();
  std::optional<std::string> metrics_address =
      testing::WaitForListening(server, absl::Seconds(30), "caseledgerd metrics listening");
  ASSERT_TRUE(metrics_address.has_value()) << server.Stderr();
  auto cases = v1::CaseCommands::NewStub(
      grpc::CreateChannel(*grpc_address, grpc::InsecureChannelCredentials()));
  ASSERT_TRUE(Open(*cases, testing::AdviceCase("case-1")).ok());

  {
    testing::ChildProcess tail({CASELEDGER_PATH, "--server", *grpc_address, "--actor", "cora",
                                "--role", "compliance_officer", "tail"});
    ASSERT_TRUE(tail.WaitForLine("CaseOpened", absl::Seconds(30)).has_value())
        << tail.Stdout() << tail.Stderr();
    ASSERT_EQ(AwaitSample(*metrics_address, "caseledger_subscribers", 1), 1);
    tail.Signal(SIGKILL);
    ASSERT_TRUE(tail.Wait(absl::Seconds(10)).has_value());
  }
  // The subscriber's connection is gone without a word: its stream is ended and its place freed.
  EXPECT_EQ(AwaitSample(*metrics_address, "caseledger_subscribers", 0), 0);
  EXPECT_TRUE(Open(*cases, testing::AdviceCase("case-2")).ok()) << "the server serves on";
}

}  // namespace
}  // namespace caseledger
