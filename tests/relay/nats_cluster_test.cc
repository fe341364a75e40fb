// A three-node JetStream cluster (tests/support/nats_cluster.h) driven with nats.c, as the relay
// drives its broker: a stream of three replicas acknowledges every publish while a node is down,
// and each node keeps the stream in its own folder.

#include "tests/support/nats_cluster.h"

#include <nats/nats.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace caseledger::relay {
namespace {

using ::caseledger::testing::NatsCluster;

constexpr char kStream[] = "CLUSTERED";
constexpr char kSubject[] = "clustered.events";

// A connection to whichever of `urls` answers, moving to another when that one dies, and its
// JetStream context.
class ClusterClient {
 public:
  explicit ClusterClient(const std::vector<std::string>& urls) {
    natsOptions* options = nullptr;
    status_ = natsOptions_Create(&options);
    std::vector<const char*> servers;
    for (const std::string& server : urls) servers.push_back(server.c_str());
    if (status_ == NATS_OK) {
      status_ = natsOptions_SetServers(options, servers.data(), static_cast<int>(servers.size()));
    }
    if (status_ == NATS_OK) status_ = natsOptions_SetMaxReconnect(options, -1);
    if (status_ == NATS_OK) status_ = natsOptions_SetReconnectWait(options, 100);
    if (status_ == NATS_OK) status_ = natsConnection_Connect(&connection_, options);
    jsOptions js_options;
    jsOptions_Init(&js_options);
    js_options.Wait = 1000;  // a lost acknowledgement is tried again soon
    if (status_ == NATS_OK) status_ = natsConnection_JetStream(&js_, connection_, &js_options);
    natsOptions_Destroy(options);
  }
  ~ClusterClient() {
    jsCtx_Destroy(js_);
    natsConnection_Destroy(connection_);
  }

  natsStatus status() const { return status_; }

  // A file stream of three replicas taking kSubject.
  natsStatus CreateStream() {
    const char* subjects[] = {kSubject};
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = kStream;
    config.Subjects = subjects;
    config.SubjectsLen = 1;
    config.Storage = js_FileStorage;
    config.Replicas = 3;
    jsStreamInfo* info = nullptr;
    const natsStatus s = js_AddStream(&info, js_, &config, nullptr, nullptr);
    jsStreamInfo_Destroy(info);
    return s;
  }

  // Publishes message `n` with Nats-Msg-Id `n`, so a publish tried again after a lost
  // acknowledgement is stored once, until a node acknowledges it or for 20 s while the stream
  // has no leader (no responders) or the acknowledgement does not come (a timeout). The stream
  // sequence acknowledged, or 0.
  uint64_t Publish(int n, const std::string& payload) {
    const std::string id = absl::StrCat("message-", n);
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MsgId = id.c_str();
    const absl::Time deadline = absl::Now() + absl::Seconds(20);
    while (true) {
      jsPubAck* ack = nullptr;
      jsErrCode error = static_cast<jsErrCode>(0);
      const natsStatus s = js_Publish(&ack, js_, kSubject, payload.data(),
                                      static_cast<int>(payload.size()), &options, &error);
      if (s == NATS_OK) {
        const uint64_t sequence = std::string(ack->Stream) == kStream ? ack->Sequence : 0;
        jsPubAck_Destroy(ack);
        return sequence;
      }
      last_error_ = absl::StrCat(natsStatus_GetText(s), " (JetStream error ", error, ")");
      const bool transient = s == NATS_TIMEOUT || s == NATS_NO_RESPONDERS ||
                             s == NATS_CONNECTION_DISCONNECTED || error == JSClusterNotAvailErr;
      if (!transient || absl::Now() > deadline) return 0;
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  const std::string& last_error() const { return last_error_; }

  // The stream's messages and its cluster as its leader reports them; false when it can't.
  bool Info(uint64_t& messages, std::string& leader, int& current_replicas) {
    jsStreamInfo* info = nullptr;
    if (js_GetStreamInfo(&info, js_, kStream, nullptr, nullptr) != NATS_OK) return false;
    messages = info->State.Msgs;
    leader =
        info->Cluster != nullptr && info->Cluster->Leader != nullptr ? info->Cluster->Leader : "";
    current_replicas = 0;
    for (int i = 0; info->Cluster != nullptr && i < info->Cluster->ReplicasLen; ++i) {
      if (info->Cluster->Replicas[i]->Current && !info->Cluster->Replicas[i]->Offline) {
        ++current_replicas;
      }
    }
    jsStreamInfo_Destroy(info);
    return true;
  }

 private:
  natsStatus status_ = NATS_OK;
  natsConnection* connection_ = nullptr;
  jsCtx* js_ = nullptr;
  std::string last_error_;
};

// Every byte under `folder`, and whether some file there holds `needle`.
struct FolderContents {
  uintmax_t bytes = 0;
  bool holds = false;
};
FolderContents Contents(const std::string& folder, const std::string& needle) {
  FolderContents out;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder, ignored)) {
    if (!entry.is_regular_file(ignored)) continue;
    out.bytes += entry.file_size(ignored);
    std::ifstream file(entry.path(), std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    out.holds = out.holds || text.find(needle) != std::string::npos;
  }
  return out;
}

TEST(NatsClusterTest, AStreamOfThreeReplicasAcknowledgesEveryPublishWhileItsLeaderIsDown) {
  NatsCluster cluster;
  ClusterClient client(cluster.urls());
  ASSERT_EQ(client.status(), NATS_OK) << "connecting to " << cluster.url();
  ASSERT_EQ(client.CreateStream(), NATS_OK);
  for (int n = 1; n <= 100; ++n) {
    ASSERT_EQ(client.Publish(n, absl::StrCat("event ", n)), static_cast<uint64_t>(n))
        << "message " << n << ": " << client.last_error();
  }

  uint64_t messages = 0;
  std::string leader;
  int current = 0;
  ASSERT_TRUE(client.Info(messages, leader, current));
  int down = -1;
  for (int i = 0; i < NatsCluster::kNodes; ++i) {
    if (cluster.server_name(i) == leader) down = i;
  }
  ASSERT_GE(down, 0) << "the stream's leader is no node: " << leader;
  cluster.Kill(down);  // the other two elect a new leader between them
  for (int n = 101; n <= 200; ++n) {
    ASSERT_EQ(client.Publish(n, absl::StrCat("event ", n)), static_cast<uint64_t>(n))
        << "message " << n << " with " << leader << " down: " << client.last_error();
  }
  ASSERT_TRUE(client.Info(messages, leader, current));
  EXPECT_EQ(messages, 200u) << "each message once, none lost with the node";
  EXPECT_NE(leader, cluster.server_name(down));

  // Back on its folder, the node catches up: both followers current again.
  cluster.Start(down);
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (absl::Now() < deadline && !(client.Info(messages, leader, current) && current == 2)) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(current, 2) << "the restarted node did not catch up";
  EXPECT_EQ(messages, 200u);
}

TEST(NatsClusterTest, EveryNodeKeepsTheStreamInItsOwnFolder) {
  NatsCluster cluster;
  ClusterClient client(cluster.urls());
  ASSERT_EQ(client.status(), NATS_OK) << "connecting to " << cluster.url();
  ASSERT_EQ(client.CreateStream(), NATS_OK);
  std::vector<uintmax_t> before;
  for (int i = 0; i < NatsCluster::kNodes; ++i) {
    before.push_back(Contents(cluster.data_dir(i), "").bytes);
  }
  natsConnection* listed = nullptr;  // url(), a server list, reaches the cluster too
  ASSERT_EQ(natsConnection_ConnectTo(&listed, cluster.url().c_str()), NATS_OK) << cluster.url();
  natsConnection_Destroy(listed);
  const std::string marker = "only-in-the-stream-7Q2";
  for (int n = 1; n <= 20; ++n) {
    ASSERT_EQ(client.Publish(n, absl::StrCat(marker, " ", n, std::string(500, '.'))),
              static_cast<uint64_t>(n))
        << client.last_error();
  }

  // Acknowledged once two nodes have it; the third applies it just after.
  for (int i = 0; i < NatsCluster::kNodes; ++i) {
    FolderContents now;
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (absl::Now() < deadline) {
      now = Contents(cluster.data_dir(i), marker + " 20");
      if (now.holds && now.bytes >= before[i] + 20 * 500) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    EXPECT_TRUE(now.holds) << cluster.server_name(i) << " has no copy in " << cluster.data_dir(i);
    EXPECT_GE(now.bytes, before[i] + 20 * 500)
        << cluster.server_name(i) << "'s folder did not grow";
  }
}

}  // namespace
}  // namespace caseledger::relay
