// A primary and read replicas replicated through a real three-node NATS JetStream cluster:
// sync replication, reads of one's own writes from every replica, failover with fencing, a
// lost NATS node, a tampered stream, erasure everywhere and a store rebuilt from the stream.

#include <signal.h>
#include <sodium.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "caseledger/v1/event_record.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/relay/replication_node.h"
#include "tests/relay/stream_reader.h"
#include "tests/support/nats_cluster.h"
#include "tests/support/nats_server.h"
#include "tests/support/temp_dir.h"

namespace caseledger {
namespace {

using ::testing::HasSubstr;
using testing::Node;

// 32 bytes, as hex, that every node wraps subject keys under.
constexpr char kKeyEncryptionKey[] =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

class ReplicationTest : public ::testing::Test {
 protected:
  ReplicationTest() { std::ofstream(kek_file_) << kKeyEncryptionKey << "\n"; }

  std::vector<std::string> Broker() const {
    return {
        "--nats-replicas", "3",    "--key-encryption-key-file", kek_file_, "--nats-batch", "200",
        "--durability",    "fsync"};
  }
  std::unique_ptr<Node> Primary(const std::string& data) {
    std::vector<std::string> flags = Broker();
    flags.insert(flags.end(), {"--nats-url", nats_.url(), "--replication", "sync"});
    return std::make_unique<Node>(data, flags);
  }
  std::unique_ptr<Node> Replica(const std::string& data) {
    std::vector<std::string> flags = Broker();
    flags.insert(flags.end(), {"--follow", nats_.url(), "--replication", "sync"});
    return std::make_unique<Node>(data, flags);
  }

  // Waits until `node` has copied `position`.
  static bool CaughtUp(Node& node, uint64_t position, absl::Duration timeout = absl::Seconds(30)) {
    const absl::Time until = absl::Now() + timeout;
    while (absl::Now() < until) {
      if (node.Replication().position() >= position) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }

  testing::TempDir dir_;
  testing::NatsCluster nats_;
  const std::string kek_file_ = dir_.Sub("kek");
};

TEST_F(ReplicationTest, SyncWritesAreReadFromTwoReplicasAndCommandsThereAreRefused) {
  auto primary = Primary(dir_.Sub("primary"));
  auto first = Replica(dir_.Sub("replica-1"));
  auto second = Replica(dir_.Sub("replica-2"));

  uint64_t last = 0;
  for (int i = 0; i < 20; ++i) {
    const std::string id = absl::StrCat("case-", i);
    v1::CommandResult opened;
    grpc::Status open = primary->OpenCase(id, "open-" + id, opened);
    ASSERT_TRUE(open.ok()) << open.error_message();
    last = opened.position();
    // Read your own write from either replica, personal field opened with the replicated key.
    for (Node* replica : {first.get(), second.get()}) {
      v1::CaseView view;
      grpc::Status read = replica->GetCase(id, opened.position(), view);
      ASSERT_TRUE(read.ok()) << read.error_message();
      EXPECT_EQ(view.state().client_ref(), "CREF-" + id);
    }
  }
  ASSERT_TRUE(CaughtUp(*first, last));
  v1::RelayStatusResponse replica = first->Replication();
  EXPECT_EQ(replica.role(), "replica");
  EXPECT_EQ(replica.primary(), primary->address());
  EXPECT_GE(replica.head(), last);
  EXPECT_TRUE(primary->Replication().sync());
  EXPECT_EQ(primary->Replication().role(), "primary");

  // A replica serves reads, not commands, and says so.
  testing::ChildProcess whole({CASELEDGER_PATH, "--server", first->address(), "health"});
  EXPECT_EQ(whole.Wait(absl::Seconds(30)), 0) << whole.Stdout() << whole.Stderr();
  testing::ChildProcess commands({CASELEDGER_PATH, "--server", first->address(), "health",
                                  "--service", "caseledger.v1.CaseCommands"});
  EXPECT_NE(commands.Wait(absl::Seconds(30)), 0);

  // A command sent to a replica is refused, naming the primary.
  v1::CommandResult refused;
  grpc::Status command = first->OpenCase("case-x", "open-case-x", refused);
  EXPECT_EQ(command.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(command.error_message(), HasSubstr(primary->address()));

  // The reads on the replicas were recorded, through the broker, in the primary's log.
  v1::ListCaseAccessRequest access;
  access.set_case_id("case-0");
  v1::ListCaseAccessResponse entries;
  for (int i = 0; i < 200; ++i) {
    entries.Clear();
    ASSERT_TRUE(primary->audit()
                    .ListCaseAccess(Node::Context(testing::Caller::kComplianceOfficer).get(),
                                    access, &entries)
                    .ok());
    if (entries.entries_size() >= 2) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_GE(entries.entries_size(), 2) << "each replica's read of case-0";

  // Every copy is the same chain.
  const uint64_t head = primary->Replication().head();
  ASSERT_TRUE(CaughtUp(*first, head));
  ASSERT_TRUE(CaughtUp(*second, head));
  v1::VerifyLogRequest up_to;
  up_to.set_to_position(head);
  std::vector<std::string> hashes;
  for (Node* node : {primary.get(), first.get(), second.get()}) {
    v1::VerifyLogResponse verified;
    ASSERT_TRUE(
        node->audit()
            .VerifyLog(Node::Context(testing::Caller::kComplianceOfficer).get(), up_to, &verified)
            .ok());
    EXPECT_TRUE(verified.ok()) << verified.problem();
    hashes.push_back(verified.last_hash());
  }
  EXPECT_EQ(hashes[0], hashes[1]);
  EXPECT_EQ(hashes[0], hashes[2]);
}

TEST_F(ReplicationTest, AKilledPrimaryIsReplacedByAReplicaThatHoldsEveryAcknowledgedCommand) {
  const std::string old_data = dir_.Sub("primary");
  auto primary = Primary(old_data);
  auto first = Replica(dir_.Sub("replica-1"));
  auto second = Replica(dir_.Sub("replica-2"));

  // Four clients open cases until the primary dies.
  std::mutex mu;
  std::map<std::string, uint64_t> acknowledged;  // command id -> position
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; !stop; ++i) {
        const std::string id = absl::StrCat("case-", c, "-", i);
        v1::CommandResult opened;
        if (primary->OpenCase(id, "open-" + id, opened).ok()) {
          std::lock_guard<std::mutex> lock(mu);
          acknowledged["open-" + id] = opened.position();
        }
      }
    });
  }
  absl::SleepFor(absl::Seconds(2));
  primary->process().Signal(SIGKILL);
  primary->process().Wait(absl::Seconds(30));
  stop = true;
  for (std::thread& client : clients) client.join();
  ASSERT_GT(acknowledged.size(), 10u);

  v1::PromoteResponse promoted;
  grpc::Status promote = first->Promote(promoted);
  ASSERT_TRUE(promote.ok()) << promote.error_message();
  EXPECT_EQ(first->Replication().role(), "primary");

  // Every acknowledged command is there once: sent again, it is answered with its first result.
  for (const auto& [command_id, position] : acknowledged) {
    v1::CommandResult again;
    const std::string case_id = command_id.substr(std::string("open-").size());
    grpc::Status resent = first->OpenCase(case_id, command_id, again);
    ASSERT_TRUE(resent.ok()) << command_id << ": " << resent.error_message();
    EXPECT_TRUE(again.duplicate()) << command_id;
    EXPECT_EQ(again.position(), position) << command_id;
  }
  // The new primary takes commands; the other replica follows it.
  v1::CommandResult after;
  ASSERT_TRUE(first->OpenCase("case-after", "open-case-after", after).ok());
  v1::CaseView view;
  ASSERT_TRUE(second->GetCase("case-after", after.position(), view).ok());
  EXPECT_EQ(second->Replication().primary(), first->address());

  // The old primary, started again as a primary, is fenced: the stream is not its own.
  {
    auto old = Primary(old_data);
    v1::RelayStatusResponse status;
    for (int i = 0; i < 300 && status.role() != "fenced"; ++i) {
      absl::SleepFor(absl::Milliseconds(50));
      status = old->Replication();
    }
    EXPECT_EQ(status.role(), "fenced") << status.last_error();
    v1::CommandResult refused;
    grpc::Status command = old->OpenCase("case-old", "open-case-old", refused);
    EXPECT_EQ(command.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
        << command.error_message();
    old->process().Signal(SIGTERM);
    old->process().Wait(absl::Seconds(30));
  }
  // ... and rejoins as a replica, any tail of its own set aside.
  auto rejoined = Replica(old_data);
  const uint64_t head = first->Replication().head();
  ASSERT_TRUE(CaughtUp(*rejoined, head));
  EXPECT_EQ(rejoined->Replication().role(), "replica");
  ASSERT_TRUE(rejoined->GetCase("case-after", after.position(), view).ok());
  EXPECT_TRUE(rejoined->Verify().ok());
}

TEST_F(ReplicationTest, WritingGoesOnWithOneNatsNodeKilled) {
  auto primary = Primary(dir_.Sub("primary"));
  auto replica = Replica(dir_.Sub("replica"));
  v1::CommandResult opened;
  ASSERT_TRUE(primary->OpenCase("case-0", "open-case-0", opened).ok());
  nats_.Kill(1);
  // A leader may have to be elected again: each command is retried with its id until a deadline.
  for (int i = 1; i <= 20; ++i) {
    const std::string id = absl::StrCat("case-", i);
    grpc::Status status;
    const absl::Time until = absl::Now() + absl::Seconds(60);
    do {
      status = primary->OpenCase(id, "open-" + id, opened);
    } while (!status.ok() && absl::Now() < until);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  // The replica subscribes again once the broker answers, which may take another election; its
  // read is recorded through the broker too, refused as UNAVAILABLE while the broker cannot take
  // the record yet. Either is retried until a deadline.
  v1::CaseView view;
  grpc::Status read;
  const absl::Time until = absl::Now() + absl::Seconds(90);
  do {
    read = replica->GetCase("case-20", opened.position(), view);
  } while ((read.error_code() == grpc::StatusCode::UNAVAILABLE ||
            read.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) &&
           absl::Now() < until);
  ASSERT_TRUE(read.ok()) << read.error_message() << "\nthe replica's log:\n"
                         << replica->process().Stderr();
  nats_.Start(1);
}

TEST_F(ReplicationTest, ErasureReachesEveryReplicaAndLeavesNoKeyInAnyNatsNodesFiles) {
  auto primary = Primary(dir_.Sub("primary"));
  auto replica = Replica(dir_.Sub("replica"));
  v1::CommandResult opened;
  ASSERT_TRUE(primary->OpenCase("case-e", "open-case-e", opened, "subject-e").ok());
  v1::CaseView view;
  ASSERT_TRUE(replica->GetCase("case-e", opened.position(), view).ok());
  ASSERT_EQ(view.state().client_ref(), "CREF-case-e");

  // The subject's key as the broker holds it, opened with the key-encryption key.
  std::string key;
  {
    ASSERT_EQ(sodium_init() >= 0, true);
    natsConnection* connection = nullptr;
    jsCtx* js = nullptr;
    kvStore* kv = nullptr;
    ASSERT_EQ(natsConnection_ConnectTo(&connection, nats_.url().c_str()), NATS_OK);
    ASSERT_EQ(natsConnection_JetStream(&js, connection, nullptr), NATS_OK);
    ASSERT_EQ(js_KeyValue(&kv, js, "CASELEDGER_KEYS"), NATS_OK);
    kvKeysList keys;
    ASSERT_EQ(kvStore_Keys(&keys, kv, nullptr), NATS_OK);
    for (int i = 0; i < keys.Count; ++i) {
      std::string row;
      ASSERT_TRUE(absl::WebSafeBase64Unescape(keys.Keys[i], &row));
      if (!absl::StartsWith(row, "k/") || !absl::EndsWith(row, "/subject-e")) continue;
      kvEntry* entry = nullptr;
      ASSERT_EQ(kvStore_Get(&entry, kv, keys.Keys[i]), NATS_OK);
      const std::string wrapped(static_cast<const char*>(kvEntry_Value(entry)),
                                kvEntry_ValueLen(entry));
      kvEntry_Destroy(entry);
      const std::string kek = absl::HexStringToBytes(kKeyEncryptionKey);
      const size_t nonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
      key.resize(wrapped.size());
      unsigned long long length = 0;
      ASSERT_EQ(crypto_aead_xchacha20poly1305_ietf_decrypt(
                    reinterpret_cast<unsigned char*>(key.data()), &length, nullptr,
                    reinterpret_cast<const unsigned char*>(wrapped.data()) + nonce,
                    wrapped.size() - nonce, reinterpret_cast<const unsigned char*>(row.data()),
                    row.size(), reinterpret_cast<const unsigned char*>(wrapped.data()),
                    reinterpret_cast<const unsigned char*>(kek.data())),
                0);
      key.resize(length);
    }
    kvKeysList_Destroy(&keys);
    kvStore_Destroy(kv);
    jsCtx_Destroy(js);
    natsConnection_Destroy(connection);
  }
  ASSERT_EQ(key.size(), 32u) << "the subject's key is in the broker, wrapped";

  v1::EraseSubjectRequest erase;
  erase.set_subject_id("subject-e");
  erase.set_reason("request SAR-1");
  v1::EraseSubjectResponse erased;
  grpc::Status status = primary->subjects().EraseSubject(
      Node::Context(testing::Caller::kAdministrator).get(), erase, &erased);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // The replica reads the case as erased once it has the erasure.
  const uint64_t head = primary->Replication().head();
  ASSERT_TRUE(CaughtUp(*replica, head));
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(replica->GetCase("case-e", head, view).ok());
    if (view.state().client_ref() != "CREF-case-e") break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(view.state().client_ref(), "[erased]");
  EXPECT_TRUE(replica->Verify().ok());

  // No file of any NATS node, nor of the replica, holds the key.
  auto holds_key = [&](const std::string& folder) {
    for (const auto& file : std::filesystem::recursive_directory_iterator(folder)) {
      if (!file.is_regular_file()) continue;
      std::ifstream in(file.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      if (bytes.find(key) != std::string::npos) return file.path().string();
    }
    return std::string();
  };
  for (int node = 0; node < testing::NatsCluster::kNodes; ++node) {
    EXPECT_EQ(holds_key(nats_.data_dir(node)), "") << "NATS node " << node;
  }
  // The replica erases the key from its store (compacting it away) as the primary does.
  std::string in_replica;
  for (int i = 0; i < 100; ++i) {
    in_replica = holds_key(dir_.Sub("replica"));
    if (in_replica.empty()) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(in_replica, "");
}

TEST_F(ReplicationTest, AStoreRebuiltFromTheStreamAloneEndsAtItsLastRecordWithItsCommands) {
  auto primary = Primary(dir_.Sub("primary"));
  v1::CommandResult opened;
  for (int i = 0; i < 30; ++i) {
    const std::string id = absl::StrCat("case-", i);
    // A sync primary refuses a command the broker did not take in time (while the new
    // cluster's stream elects its leader, say): its client sends it again with the same id.
    grpc::Status open;
    const absl::Time deadline = absl::Now() + absl::Seconds(60);
    do {
      open = primary->OpenCase(id, "open-" + id, opened);
    } while ((open.error_code() == grpc::StatusCode::UNAVAILABLE ||
              open.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) &&
             absl::Now() < deadline);
    ASSERT_TRUE(open.ok()) << id << ": " << open.error_message();
  }
  const v1::VerifyLogResponse original = primary->Verify();
  ASSERT_TRUE(original.ok());

  // A new machine: an empty disk, the stream, and then (for the test) no broker at all.
  const std::string restored = dir_.Sub("restored");
  testing::ChildProcess restore({CASELEDGERD_PATH, "--data-dir", restored, "--restore-from",
                                 nats_.url(), "--listen", "127.0.0.1:0", "--metrics-listen", "",
                                 "--http-listen", ""});
  ASSERT_TRUE(testing::WaitForListening(restore, absl::Seconds(60)).has_value())
      << restore.Stderr();
  EXPECT_THAT(restore.Stderr(), HasSubstr("restored its log from the broker's stream"));
  restore.Signal(SIGTERM);
  ASSERT_EQ(restore.Wait(absl::Seconds(30)), 0);

  Node alone(restored, {});
  const v1::VerifyLogResponse copy = alone.Verify();
  EXPECT_TRUE(copy.ok()) << copy.problem();
  EXPECT_EQ(copy.to_position(), original.to_position());
  EXPECT_EQ(copy.last_hash(), original.last_hash());
  // Its idempotency records came with it.
  v1::CommandResult again;
  ASSERT_TRUE(alone.OpenCase("case-29", "open-case-29", again).ok());
  EXPECT_TRUE(again.duplicate());
  EXPECT_EQ(again.position(), opened.position());
}

// One broker is enough to show a replica refusing a record that does not follow its log.
TEST(ReplicaChecks, ATamperedRecordInTheStreamStopsAReplicaNamingItsPosition) {
  testing::TempDir dir;
  testing::NatsServer nats;
  const std::string kek = dir.Sub("kek");
  std::ofstream(kek) << kKeyEncryptionKey << "\n";
  uint64_t head = 0;
  std::string last_record;
  {
    Node primary(dir.Sub("primary"), {"--nats-url", nats.url(), "--replication", "sync",
                                      "--key-encryption-key-file", kek});
    v1::CommandResult opened;
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(
          primary.OpenCase(absl::StrCat("case-", i), absl::StrCat("open-", i), opened).ok());
    }
    head = primary.Replication().head();
    primary.process().Signal(SIGTERM);
    primary.process().Wait(absl::Seconds(30));
  }
  std::vector<testing::StoredMessage> messages = testing::ReadStream(nats.url(), "CASELEDGER");
  ASSERT_EQ(messages.size(), head);
  // The next record, altered after it was hashed, published as if by the relay.
  v1::EventRecord forged;
  ASSERT_TRUE(forged.ParseFromString(messages.back().data));
  forged.set_position(head + 1);
  forged.set_stream_revision(forged.stream_revision() + 1);
  forged.set_prev_hash(forged.hash());
  forged.set_payload("altered");
  ASSERT_TRUE(testing::PublishAsTheRelay(nats.url(), messages.back().subject,
                                         forged.SerializeAsString(), "forged", head + 1));

  Node replica(dir.Sub("replica"), {"--follow", nats.url(), "--key-encryption-key-file", kek});
  v1::RelayStatusResponse status;
  for (int i = 0; i < 300 && status.role() != "stopped"; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
    status = replica.Replication();
  }
  EXPECT_EQ(status.role(), "stopped");
  EXPECT_THAT(status.last_error(), HasSubstr(absl::StrCat("position ", head + 1)));
  EXPECT_EQ(status.position(), head) << "everything before it was copied";
  testing::ChildProcess health({CASELEDGER_PATH, "--server", replica.address(), "health",
                                "--service", "caseledger.v1.Caseload"});
  EXPECT_NE(health.Wait(absl::Seconds(30)), 0) << "its reads are not served";
}

}  // namespace
}  // namespace caseledger
