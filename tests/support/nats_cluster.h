#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace caseledger::testing {

// Three real nats-servers with JetStream in one cluster, each on free loopback ports (client,
// route, monitoring) and storing in a folder of its own; every node stopped on destruction.
// Not thread-safe: one test drives it.
class NatsCluster {
 public:
  static constexpr int kNodes = 3;

  // Starts the three nodes and waits until JetStream runs clustered: every node names the same
  // meta leader, which sees the other two current. Throws std::runtime_error, with the nodes'
  // stderr, when that takes more than 30 s.
  NatsCluster();
  ~NatsCluster();
  NatsCluster(const NatsCluster&) = delete;
  NatsCluster& operator=(const NatsCluster&) = delete;

  // Every node's client URL, comma-separated: a server list for natsConnection_ConnectTo (not
  // for natsOptions_SetURL, which takes one URL; give urls() to natsOptions_SetServers).
  std::string url() const;
  std::vector<std::string> urls() const;
  // nats://127.0.0.1:PORT of `node` (0 to kNodes - 1) alone.
  std::string url(int node) const;
  // The node's server_name: how JetStream names a stream's leader and replicas.
  std::string server_name(int node) const;
  // The node's JetStream store_dir, kept across Kill, Stop and Start, so a test can search it.
  std::string data_dir(int node) const;

  // SIGKILL, as a crash would, and waits for the exit.
  void Kill(int node);
  // SIGTERM, and waits for the exit.
  void Stop(int node);
  // Starts a killed or stopped node again on its ports and folder, and waits until it is back in
  // the cluster; throws std::runtime_error as the constructor does.
  void Start(int node);

 private:
  struct Node {
    int client_port = 0;
    int cluster_port = 0;
    int http_port = 0;
    std::unique_ptr<ChildProcess> process;  // null while stopped
  };

  // node's folder, holding its nats.conf and its store_dir.
  std::string NodeDir(int node) const;
  void WriteConfig(int node) const;
  // Throws unless every running node names one meta leader that sees each other running node
  // current within 30 s.
  void WaitUntilClustered() const;
  bool Clustered() const;

  TempDir dir_;
  std::array<Node, kNodes> nodes_;
};

}  // namespace caseledger::testing
