#include "tests/support/nats_cluster.h"

#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "tests/support/http_get.h"
#include "tests/support/nats_server.h"

namespace caseledger::testing {
namespace {

constexpr absl::Duration kClusterTimeout = absl::Seconds(30);

// The scalar after the first `"key":` at or after `from` in `json` (a string without its quotes,
// or a literal such as true); "" when there is none. The monitoring endpoint's JSON has no
// escaped quotes in the fields read here.
std::string ValueOf(const std::string& json, const std::string& key, size_t from = 0) {
  size_t at = json.find(absl::StrCat("\"", key, "\""), from);
  if (at == std::string::npos) return "";
  at = json.find_first_not_of(" \t\r\n:", at + key.size() + 2);
  if (at == std::string::npos) return "";
  if (json[at] == '"') {
    const size_t end = json.find('"', at + 1);
    return end == std::string::npos ? "" : json.substr(at + 1, end - at - 1);
  }
  return json.substr(at, json.find_first_of(",}\r\n", at) - at);
}

}  // namespace

NatsCluster::NatsCluster() {
  std::vector<int> taken;
  for (Node& node : nodes_) {
    for (int* port : {&node.client_port, &node.cluster_port, &node.http_port}) {
      do {
        *port = FreeLoopbackPort();
      } while (std::find(taken.begin(), taken.end(), *port) != taken.end());
      taken.push_back(*port);
    }
  }
  for (int i = 0; i < kNodes; ++i) {
    std::filesystem::create_directories(data_dir(i));
    WriteConfig(i);
  }
  for (int i = 0; i < kNodes; ++i) {
    nodes_[i].process = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/sbin/nats-server", "-c", NodeDir(i) + "/nats.conf"});
  }
  WaitUntilClustered();
}

NatsCluster::~NatsCluster() {
  for (Node& node : nodes_) {
    if (node.process != nullptr) node.process->Signal(SIGTERM);
  }
  for (Node& node : nodes_) {
    if (node.process != nullptr) node.process->Wait(absl::Seconds(30));
  }
}

std::string NatsCluster::url() const { return absl::StrJoin(urls(), ","); }

std::vector<std::string> NatsCluster::urls() const {
  std::vector<std::string> all;
  for (int i = 0; i < kNodes; ++i) all.push_back(url(i));
  return all;
}

std::string NatsCluster::url(int node) const {
  return absl::StrCat("nats://127.0.0.1:", nodes_.at(node).client_port);
}

std::string NatsCluster::server_name(int node) const { return absl::StrCat("node-", node); }

std::string NatsCluster::data_dir(int node) const { return NodeDir(node) + "/jetstream"; }

std::string NatsCluster::NodeDir(int node) const { return dir_.Sub(absl::StrCat("node-", node)); }

void NatsCluster::WriteConfig(int node) const {
  const Node& self = nodes_.at(node);
  std::vector<std::string> routes;
  for (int i = 0; i < kNodes; ++i) {
    if (i != node)
      routes.push_back(absl::StrCat("nats-route://127.0.0.1:", nodes_[i].cluster_port));
  }
  std::ofstream config(NodeDir(node) + "/nats.conf");
  config << "server_name: " << server_name(node) << "\n"
         << "listen: 127.0.0.1:" << self.client_port << "\n"
         << "http: 127.0.0.1:" << self.http_port << "\n"
         << "jetstream {\n  store_dir: \"" << data_dir(node) << "\"\n}\n"
         << "cluster {\n  name: caseledger-test\n  listen: 127.0.0.1:" << self.cluster_port
         << "\n  routes: [\n    " << absl::StrJoin(routes, "\n    ") << "\n  ]\n}\n";
  if (!config.flush()) throw std::runtime_error("could not write the config of " + NodeDir(node));
}

void NatsCluster::Kill(int node) {
  Node& n = nodes_.at(node);
  if (n.process == nullptr) return;
  n.process->Signal(SIGKILL);
  n.process->Wait(absl::Seconds(10));
  n.process.reset();
}

void NatsCluster::Stop(int node) {
  Node& n = nodes_.at(node);
  if (n.process == nullptr) return;
  n.process->Signal(SIGTERM);
  n.process->Wait(absl::Seconds(30));
  n.process.reset();
}

void NatsCluster::Start(int node) {
  Node& n = nodes_.at(node);
  if (n.process != nullptr) return;
  n.process = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/usr/sbin/nats-server", "-c", NodeDir(node) + "/nats.conf"});
  WaitUntilClustered();
}

void NatsCluster::WaitUntilClustered() const {
  const absl::Time deadline = absl::Now() + kClusterTimeout;
  while (absl::Now() < deadline) {
    if (Clustered()) return;
    absl::SleepFor(absl::Milliseconds(50));
  }
  std::string stderrs;
  for (int i = 0; i < kNodes; ++i) {
    if (nodes_[i].process == nullptr) continue;
    const std::string text = nodes_[i].process->Stderr();
    absl::StrAppend(&stderrs, "\n--- ", server_name(i), " ---\n",
                    text.size() > 4000 ? text.substr(text.size() - 4000) : text);
  }
  throw std::runtime_error("the nats-server cluster has no JetStream meta leader: " + stderrs);
}

bool NatsCluster::Clustered() const {
  std::string leader;
  std::array<std::string, kNodes> jsz;
  for (int i = 0; i < kNodes; ++i) {
    if (nodes_[i].process == nullptr) continue;
    absl::StatusOr<std::string> got =
        HttpGet(absl::StrCat("127.0.0.1:", nodes_[i].http_port), "/jsz", absl::Seconds(2));
    if (!got.ok()) return false;
    jsz[i] = *std::move(got);
    const std::string named = ValueOf(jsz[i], "leader");
    if (named.empty() || (!leader.empty() && named != leader)) return false;
    leader = named;
  }
  int leader_node = -1;
  for (int i = 0; i < kNodes; ++i) {
    if (nodes_[i].process != nullptr && server_name(i) == leader) leader_node = i;
  }
  if (leader_node < 0) return false;
  // Only the leader lists the replicas of the meta group, each with whether it is current.
  const std::string& view = jsz[leader_node];
  const size_t replicas = view.find("\"replicas\"");
  if (replicas == std::string::npos) return false;
  for (int i = 0; i < kNodes; ++i) {
    if (i == leader_node || nodes_[i].process == nullptr) continue;
    const size_t entry = view.find(absl::StrCat("\"", server_name(i), "\""), replicas);
    if (entry == std::string::npos || ValueOf(view, "current", entry) != "true") return false;
  }
  return true;
}

}  // namespace caseledger::testing
