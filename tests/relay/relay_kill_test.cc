// caseledgerd with a relay, killed with SIGKILL midway through relaying and started again:
// the broker ends up with every event once, in log order.

#include <signal.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "caseledger/v1/event_record.pb.h"
#include "caseledger/v1/events.grpc.pb.h"
#include "eventstore/rocksdb_event_store.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "tests/relay/stream_reader.h"
#include "tests/support/child_process.h"
#include "tests/support/nats_server.h"
#include "tests/support/temp_dir.h"

namespace caseledger {
namespace {

class Daemon {
 public:
  Daemon(const std::string& data, const std::string& nats_url) {
    process_ = std::make_unique<testing::ChildProcess>(std::vector<std::string>{
        CASELEDGERD_PATH, "--data-dir", data, "--listen", "127.0.0.1:0", "--metrics-listen",
        "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--durability", "os", "--nats-url", nats_url,
        "--nats-batch", "20"});
    std::optional<std::string> address = testing::WaitForListening(*process_, absl::Seconds(30));
    if (!address.has_value()) throw std::runtime_error(process_->Stderr());
    address_ = *address;
    events_ =
        v1::Events::NewStub(grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
  }
  v1::RelayStatusResponse Status() {
    grpc::ClientContext context;
    context.AddMetadata("x-caseledger-actor", "ops");
    context.AddMetadata("x-caseledger-role", "administrator");
    v1::RelayStatusResponse response;
    events_->RelayStatus(&context, v1::RelayStatusRequest(), &response);
    return response;
  }
  testing::ChildProcess& process() { return *process_; }
  const std::string& address() const { return address_; }

 private:
  std::unique_ptr<testing::ChildProcess> process_;
  std::string address_;
  std::unique_ptr<v1::Events::Stub> events_;
};

TEST(RelayKillTest, AKilledRelayResumesAndDeliversEveryEventOnce) {
  testing::TempDir dir;
  testing::NatsServer nats;
  nats.Stop();  // events pile up in the log while the broker is away
  const std::string data = dir.Sub("data");
  uint64_t head = 0;
  {
    Daemon daemon(data, nats.url());
    testing::ChildProcess demo({CASELEDGER_PATH, "--server", daemon.address(), "demo", "--cases",
                                "60", "--workers", "4", "--providers", "0"});
    ASSERT_EQ(demo.Wait(absl::Seconds(120)), 0) << demo.Stderr();
    v1::RelayStatusResponse before = daemon.Status();
    EXPECT_TRUE(before.enabled());
    EXPECT_FALSE(before.connected());
    EXPECT_EQ(before.position(), 0u);
    head = before.head();
    EXPECT_EQ(before.lag_events(), head);
    EXPECT_GT(before.lag_seconds(), 0);

    nats.Start();
    // Kill it as soon as the relay has made some progress.
    uint64_t progress = 0;
    for (int i = 0; i < 5000 && progress == 0; ++i) {
      progress = daemon.Status().position();
      if (progress == 0) absl::SleepFor(absl::Milliseconds(1));
    }
    daemon.process().Signal(SIGKILL);
    EXPECT_GT(progress, 0u);
    EXPECT_LT(progress, head) << "killed midway";
    daemon.process().Wait(absl::Seconds(30));
  }
  Daemon again(data, nats.url());
  v1::RelayStatusResponse status;
  for (int i = 0; i < 3000; ++i) {
    status = again.Status();
    if (status.position() == head) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_EQ(status.position(), head);
  EXPECT_TRUE(status.connected());
  EXPECT_EQ(status.lag_events(), 0u);

  std::vector<testing::StoredMessage> messages = testing::ReadStream(nats.url(), "CASELEDGER");
  ASSERT_EQ(messages.size(), head) << "an event missing or delivered twice";
  for (uint64_t i = 0; i < head; ++i) ASSERT_EQ(messages[i].position, i + 1);

  // A consumer in another process builds the caseload from the stream, once.
  const std::vector<std::string> consume = {CASELEDGER_PATH, "consume",     "--nats-url",
                                            nats.url(),      "--state-dir", dir.Sub("consumer"),
                                            "--idle",        "0.5"};
  testing::ChildProcess first(consume);
  ASSERT_EQ(first.Wait(absl::Seconds(60)), 0) << first.Stderr();
  EXPECT_THAT(first.Stdout(), ::testing::HasSubstr(absl::StrCat("consumed ", head, " messages")));
  // The consumer folds every event of a case; the demo's others are its policy and the
  // workers' records.
  uint64_t case_events = 0;
  for (const testing::StoredMessage& m : messages) {
    v1::EventRecord record;
    ASSERT_TRUE(record.ParseFromString(m.data));
    if (absl::StartsWith(record.stream_id(), "case-")) ++case_events;
  }
  EXPECT_LT(case_events, head - 1) << "the demo writes to workers' records too";
  EXPECT_THAT(first.Stdout(),
              ::testing::HasSubstr(absl::StrCat("folded ", case_events, " new events")));
  EXPECT_THAT(first.Stdout(), ::testing::HasSubstr("CASE      RAG")) << first.Stdout();
  testing::ChildProcess second(consume);
  ASSERT_EQ(second.Wait(absl::Seconds(60)), 0) << second.Stderr();
  EXPECT_THAT(second.Stdout(), ::testing::HasSubstr("consumed 0 messages"))
      << "the durable consumer resumes where it acknowledged";
  // One organisation's consumer reads its subjects only: the demo's are the default
  // organisation's.
  auto of = [&](const std::string& organisation) {
    return std::vector<std::string>{CASELEDGER_PATH,  "consume",
                                    "--nats-url",     nats.url(),
                                    "--state-dir",    dir.Sub(organisation),
                                    "--durable",      organisation + "-view",
                                    "--organisation", organisation,
                                    "--idle",         "0.5"};
  };
  testing::ChildProcess own(of("default"));
  ASSERT_EQ(own.Wait(absl::Seconds(60)), 0) << own.Stderr();
  EXPECT_THAT(own.Stdout(), ::testing::HasSubstr(absl::StrCat("consumed ", head, " messages")));
  testing::ChildProcess other(of("elsewhere"));
  ASSERT_EQ(other.Wait(absl::Seconds(60)), 0) << other.Stderr();
  EXPECT_THAT(other.Stdout(), ::testing::HasSubstr("consumed 0 messages"));
  again.process().Signal(SIGTERM);
  EXPECT_EQ(again.process().Wait(absl::Seconds(30)), 0);
}

}  // namespace
}  // namespace caseledger
