// The relay against a real nats-server with JetStream, started by the test.

#include "relay/nats_relay.h"

#include "absl/strings/str_cat.h"
#include "eventstore/keys.h"
#include "gtest/gtest.h"
#include "privacy/sealing.h"
#include "tests/relay/stream_reader.h"
#include "tests/support/damaged_log.h"
#include "tests/support/nats_server.h"
#include "tests/support/run_command.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace caseledger::relay {
namespace {

using ::caseledger::testing::IsOk;

class NatsRelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    eventstore::StoreOptions options;
    options.path = dir_.Sub("data");
    options.durability = eventstore::Durability::kOs;
    store_ = *eventstore::RocksDbEventStore::Open(options);
  }
  void TearDown() override {
    relay_.reset();
    store_.reset();
  }

  void StartRelay() {
    RelayOptions options;
    options.url = nats_.url();
    options.max_backoff = absl::Milliseconds(500);
    auto relay = NatsRelay::Start(*store_, store_->storage().checkpoints, options);
    ASSERT_THAT(relay, IsOk());
    relay_ = *std::move(relay);
  }

  // Appends `n` one-event commands over a few cases; every one must be acknowledged.
  void Append(int n, const std::string& tag) {
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        for (int i = w; i < n; i += 4) {
          eventstore::AppendRequest request;
          request.stream_id = absl::StrCat("case-", tag, "-", i % 50);
          request.command_id = absl::StrCat(tag, "-", i);
          eventstore::ProposedEvent event;
          event.type = i % 2 ? "NoteRecorded" : "DeadlineSet";
          event.payload = std::string(100, 'x');
          event.metadata.set_actor("ana");
          request.events.push_back(std::move(event));
          ASSERT_TRUE(store_->Append(std::move(request)).ok());
        }
      });
    }
    for (auto& t : writers) t.join();
  }

  bool CaughtUp(absl::Duration timeout = absl::Seconds(60)) {
    const absl::Time deadline = absl::Now() + timeout;
    while (absl::Now() < deadline) {
      if (relay_->Status().position == store_->Head().position) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }

  // The relay's status once it reports an error and has retried for a second.
  RelayStatus StatusOnceItFails() {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (absl::Now() < deadline && relay_->Status().last_error.empty()) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    absl::SleepFor(absl::Seconds(1));  // retries with backoff meanwhile
    return relay_->Status();
  }

  // The stream holds every event of the log exactly once, in log order, as the log holds it.
  void ExpectStreamIsTheLog() {
    const uint64_t head = store_->Head().position;
    std::vector<testing::StoredMessage> messages = testing::ReadStream(nats_.url(), "CASELEDGER");
    ASSERT_EQ(messages.size(), head) << "missing or doubled events";
    auto log = store_->ReadAll(1, head);
    ASSERT_THAT(log, IsOk());
    for (uint64_t i = 0; i < head; ++i) {
      ASSERT_EQ(messages[i].position, i + 1) << "out of order at stream sequence " << i + 1;
      ASSERT_EQ(messages[i].msg_id, (*log)[i].event_id());
      ASSERT_EQ(messages[i].subject, "caseledger.events." + (*log)[i].type());
      ASSERT_EQ(messages[i].data, (*log)[i].SerializeAsString()) << "the record as stored";
    }
  }

  testing::TempDir dir_;
  testing::NatsServer nats_;
  std::unique_ptr<eventstore::RocksDbEventStore> store_;
  std::unique_ptr<NatsRelay> relay_;
};

TEST_F(NatsRelayTest, TenThousandEventsArriveInLogOrderOnceEach) {
  StartRelay();
  Append(10000, "a");
  ASSERT_TRUE(CaughtUp());
  ExpectStreamIsTheLog();
  const RelayStatus status = relay_->Status();
  EXPECT_TRUE(status.connected);
  EXPECT_EQ(status.position, 10000u);
  EXPECT_EQ(status.lag_seconds, 0);
}

TEST_F(NatsRelayTest, ThePersonalFieldsOfRelayedEventsAreSealedAndReadErasedAfterErasure) {
  testing::OpenRunner commands(store_->storage());
  privacy::SubjectKeys* keys = &commands.keys();
  tools::GeneratedCommand open;
  v1::OpenCaseRequest opening;
  opening.mutable_header()->set_command_id("open-p1");
  opening.mutable_header()->set_case_id("p1");
  opening.set_kind(v1::ADVICE);
  opening.set_category("debt");
  opening.set_client_ref("C-P1");
  opening.set_complexity(v1::LOW);
  opening.set_subject_id("subject-p");
  opening.set_summary("Secret-R4T bailiffs at the door");
  open.request = opening;
  open.actor = "ana";
  open.role = "caseworker";
  ASSERT_THAT(testing::RunCommand(commands.runner(), open), IsOk());
  StartRelay();
  ASSERT_TRUE(CaughtUp());
  std::vector<testing::StoredMessage> messages = testing::ReadStream(nats_.url(), "CASELEDGER");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].data.find("Secret-R4T"), std::string::npos) << "the broker holds it sealed";

  // A consumer with the key (caseledger itself) reads it; once the key is gone, no one does.
  v1::EventRecord record;
  ASSERT_TRUE(record.ParseFromString(messages[0].data));
  v1::CaseEvent event;
  ASSERT_TRUE(event.ParseFromString(record.payload()));
  v1::CaseEvent opened = event;
  ASSERT_THAT(privacy::Unseal(*keys, "p1", opened), IsOk());
  EXPECT_EQ(opened.case_opened().summary(), "Secret-R4T bailiffs at the door");
  ASSERT_THAT(keys->Erase(privacy::KeyId("default", "subject-p")), IsOk());
  ASSERT_THAT(privacy::Unseal(*keys, "p1", event), IsOk());
  EXPECT_EQ(event.case_opened().summary(), "[erased]");
  EXPECT_EQ(event.case_opened().client_ref(), "[erased]");
  relay_.reset();
}

TEST_F(NatsRelayTest, ARelayThatCrashedBeforeSavingItsCheckpointSendsNoDuplicate) {
  StartRelay();
  Append(3000, "b");
  ASSERT_TRUE(CaughtUp());
  relay_.reset();
  // As if it died after the broker acknowledged events 1001.. but before saving that.
  ASSERT_THAT(store_->storage().checkpoints.Save(NatsRelay::CheckpointName("CASELEDGER"), 1000),
              IsOk());
  StartRelay();
  EXPECT_EQ(relay_->Status().position, 1000u) << "it resumes from its checkpoint";
  Append(500, "c");
  ASSERT_TRUE(CaughtUp());
  ExpectStreamIsTheLog();
}

TEST_F(NatsRelayTest, ARecordThatDoesNotParseStopsTheRelayJustBeforeItWithNothingSentTwice) {
  Append(10, "f");
  ASSERT_TRUE(testing::DamageRecord(*store_, 6));
  StartRelay();
  const RelayStatus status = StatusOnceItFails();
  EXPECT_EQ(status.position, 5u);
  EXPECT_NE(status.last_error.find("position 6 is corrupt"), std::string::npos)
      << status.last_error;
  std::vector<testing::StoredMessage> messages = testing::ReadStream(nats_.url(), "CASELEDGER");
  ASSERT_EQ(messages.size(), 5u) << "the events before it once each, and none after it";
  for (uint64_t i = 0; i < 5; ++i) EXPECT_EQ(messages[i].position, i + 1);
}

TEST_F(NatsRelayTest, AnEventIsStoredOnlyRightAfterTheOneBeforeIt) {
  StartRelay();
  Append(100, "g");
  ASSERT_TRUE(CaughtUp());
  relay_.reset();
  Append(10, "h");
  // The stream's last message is no longer event 100, as when a publish was lost and one
  // sent after it arrived: the relay must not store 101 and on after it.
  ASSERT_TRUE(testing::PublishAsTheRelay(nats_.url(), "caseledger.events.Stray", "stray",
                                         "stray-message", 0));
  StartRelay();
  const RelayStatus status = StatusOnceItFails();
  EXPECT_EQ(status.position, 100u);
  EXPECT_FALSE(status.last_error.empty());
  std::vector<testing::StoredMessage> messages = testing::ReadStream(nats_.url(), "CASELEDGER");
  ASSERT_EQ(messages.size(), 101u) << "nothing stored after the stray message";
  for (uint64_t i = 0; i < 100; ++i) EXPECT_EQ(messages[i].position, i + 1);
  EXPECT_EQ(messages[100].msg_id, "stray-message");
}

TEST_F(NatsRelayTest, AStreamThatForgetsDuplicatesTooSoonIsRefused) {
  // Made beforehand by someone else, with JetStream's default two-minute window.
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  ASSERT_EQ(natsConnection_ConnectTo(&connection, nats_.url().c_str()), NATS_OK);
  ASSERT_EQ(natsConnection_JetStream(&js, connection, nullptr), NATS_OK);
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = "CASELEDGER";
  const char* subjects[] = {"caseledger.events.>"};
  config.Subjects = subjects;
  config.SubjectsLen = 1;
  config.Duplicates = absl::ToInt64Nanoseconds(absl::Minutes(2));
  jsStreamInfo* info = nullptr;
  EXPECT_EQ(js_AddStream(&info, js, &config, nullptr, nullptr), NATS_OK);
  if (info != nullptr) jsStreamInfo_Destroy(info);
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);

  Append(10, "i");
  StartRelay();
  const RelayStatus status = StatusOnceItFails();
  EXPECT_EQ(status.position, 0u);
  EXPECT_NE(status.last_error.find("drops duplicates for 2m"), std::string::npos)
      << status.last_error;
  EXPECT_TRUE(testing::ReadStream(nats_.url(), "CASELEDGER").empty());
}

TEST_F(NatsRelayTest, AppendsGoOnWhileTheBrokerIsDownAndTheRelayCatchesUp) {
  StartRelay();
  Append(1000, "d");
  ASSERT_TRUE(CaughtUp());
  nats_.Stop();
  Append(2000, "e");  // every append acknowledged without the broker
  EXPECT_EQ(store_->Head().position, 3000u);
  absl::SleepFor(absl::Milliseconds(300));
  const RelayStatus waiting = relay_->Status();
  EXPECT_LT(waiting.position, 3000u);
  EXPECT_GT(waiting.lag_seconds, 0);
  nats_.Start();
  ASSERT_TRUE(CaughtUp());
  ExpectStreamIsTheLog();
}

}  // namespace
}  // namespace caseledger::relay
