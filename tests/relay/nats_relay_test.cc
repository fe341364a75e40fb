// The relay against a real nats-server with JetStream, started by the test.

#include "relay/nats_relay.h"

#include "absl/strings/str_cat.h"
#include "app/case_commands.h"
#include "eventstore/keys.h"
#include "gtest/gtest.h"
#include "privacy/sealing.h"
#include "projections/event_organisations.h"
#include "relay/subjects.h"
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
    organisations_ = std::make_unique<projections::EventOrganisations>(*store_);
  }
  void TearDown() override {
    relay_.reset();
    organisations_.reset();
    store_.reset();
  }

  void StartRelay() {
    RelayOptions options;
    options.url = nats_.url();
    options.max_backoff = absl::Milliseconds(500);
    options.organisation_of = [this](const v1::EventRecord& record) {
      return organisations_->Of(record);
    };
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
      absl::StatusOr<std::string> org_id = organisations_->Of((*log)[i]);
      ASSERT_THAT(org_id, IsOk());
      ASSERT_EQ(messages[i].subject, EventSubject("caseledger", *org_id, (*log)[i].type()));
      ASSERT_EQ(messages[i].data, (*log)[i].SerializeAsString()) << "the record as stored";
    }
  }

  // Creates stream CASELEDGER as someone other than the relay would, taking `subjects` and
  // dropping duplicates for `window`.
  void MakeStream(const std::vector<const char*>& subjects, absl::Duration window) {
    natsConnection* connection = nullptr;
    jsCtx* js = nullptr;
    ASSERT_EQ(natsConnection_ConnectTo(&connection, nats_.url().c_str()), NATS_OK);
    ASSERT_EQ(natsConnection_JetStream(&js, connection, nullptr), NATS_OK);
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = "CASELEDGER";
    config.Subjects = const_cast<const char**>(subjects.data());
    config.SubjectsLen = static_cast<int>(subjects.size());
    config.Duplicates = absl::ToInt64Nanoseconds(window);
    jsStreamInfo* info = nullptr;
    EXPECT_EQ(js_AddStream(&info, js, &config, nullptr, nullptr), NATS_OK);
    if (info != nullptr) jsStreamInfo_Destroy(info);
    jsCtx_Destroy(js);
    natsConnection_Destroy(connection);
  }

  testing::TempDir dir_;
  testing::NatsServer nats_;
  std::unique_ptr<eventstore::RocksDbEventStore> store_;
  std::unique_ptr<projections::EventOrganisations> organisations_;
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
  ASSERT_TRUE(testing::PublishAsTheRelay(nats_.url(), "caseledger.stray.events.Stray", "stray",
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
  MakeStream({"caseledger.*.events.>"}, absl::Minutes(2));
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

TEST_F(NatsRelayTest, EachEventsSubjectNamesItsOrganisation) {
  testing::OpenRunner commands(store_->storage());
  auto open = [&](const std::string& case_id, const std::string& org_id) {
    v1::OpenCaseRequest request;
    request.mutable_header()->set_command_id("open-" + case_id);
    request.mutable_header()->set_case_id(case_id);
    request.set_kind(v1::ADVICE);
    request.set_category("debt");
    request.set_client_ref("C-" + case_id);
    request.set_complexity(v1::LOW);
    app::Actor actor{"ana", "caseworker", "north", org_id};
    return testing::RunAndWait(commands.runner(), app::ToCommand(request), actor);
  };
  ASSERT_THAT(open("n1", "north-org"), IsOk());
  ASSERT_THAT(open("s1", "south-org"), IsOk());
  ASSERT_THAT(open("e1", "north.east"), IsOk());
  v1::RecordNoteRequest note;
  note.mutable_header()->set_command_id("note-n1");
  note.mutable_header()->set_case_id("n1");
  note.mutable_note()->set_kind(v1::FACT);
  note.mutable_note()->set_contact_type(v1::PHONE);
  note.mutable_note()->set_text("Called the client");
  ASSERT_THAT(testing::RunAndWait(commands.runner(), app::ToCommand(note),
                                  app::Actor{"ana", "caseworker", "north", "north-org"}),
              IsOk());
  // The relay of a process started after the cases were opened: the note's organisation is
  // its case's opening's.
  StartRelay();
  ASSERT_TRUE(CaughtUp());
  std::vector<testing::StoredMessage> messages = testing::ReadStream(nats_.url(), "CASELEDGER");
  std::vector<std::string> subjects;
  for (const auto& m : messages) subjects.push_back(m.subject);
  EXPECT_EQ(subjects, (std::vector<std::string>{"caseledger.north-org.events.CaseOpened",
                                                "caseledger.south-org.events.CaseOpened",
                                                "caseledger.north%2Eeast.events.CaseOpened",
                                                "caseledger.north-org.events.NoteRecorded"}));

  // A consumer of one organisation's subjects is given that organisation's events only.
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  natsSubscription* north = nullptr;
  ASSERT_EQ(natsConnection_ConnectTo(&connection, nats_.url().c_str()), NATS_OK);
  ASSERT_EQ(natsConnection_JetStream(&js, connection, nullptr), NATS_OK);
  ASSERT_EQ(js_PullSubscribe(&north, js, OrganisationSubjects("caseledger", "north-org").c_str(),
                             "north", nullptr, nullptr, nullptr),
            NATS_OK);
  std::vector<std::string> cases;
  for (natsStatus fetched = NATS_OK; fetched == NATS_OK;) {
    natsMsgList list{};
    fetched = natsSubscription_Fetch(&list, north, 10, 500, nullptr);
    for (int i = 0; i < list.Count; ++i) {
      v1::EventRecord record;
      EXPECT_TRUE(record.ParseFromArray(natsMsg_GetData(list.Msgs[i]),
                                        natsMsg_GetDataLength(list.Msgs[i])));
      cases.push_back(record.stream_id());
    }
    natsMsgList_Destroy(&list);
  }
  natsSubscription_Destroy(north);
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);
  EXPECT_EQ(cases, (std::vector<std::string>{"case-n1", "case-n1"}));
}

TEST_F(NatsRelayTest, AStreamWithoutTheOrganisationsSubjectsStopsTheRelayUntilItHasThem) {
  // Made by a caseledger from before organisations, on caseledger.events.>.
  MakeStream({"caseledger.events.>"}, absl::Hours(24));
  Append(10, "j");
  StartRelay();
  const RelayStatus status = StatusOnceItFails();
  EXPECT_EQ(status.position, 0u);
  EXPECT_NE(status.last_error.find("exists without subjects caseledger.*.events.>"),
            std::string::npos)
      << status.last_error;
  relay_.reset();

  // One whose subjects cover them, however written, is used as it is.
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  ASSERT_EQ(natsConnection_ConnectTo(&connection, nats_.url().c_str()), NATS_OK);
  ASSERT_EQ(natsConnection_JetStream(&js, connection, nullptr), NATS_OK);
  EXPECT_EQ(js_DeleteStream(js, "CASELEDGER", nullptr, nullptr), NATS_OK);
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);
  MakeStream({"caseledger.>"}, absl::Hours(24));
  StartRelay();
  ASSERT_TRUE(CaughtUp());
  ExpectStreamIsTheLog();
}

TEST(SubjectsTest, AnOrganisationIsOneTokenAndNoTwoShareOne) {
  EXPECT_EQ(OrganisationToken("north-org"), "north-org");
  EXPECT_EQ(OrganisationToken("Team_7:a"), "Team_7:a");
  EXPECT_EQ(OrganisationToken("north.east"), "north%2Eeast");
  EXPECT_EQ(OrganisationToken("north%2Eeast"), "north%252Eeast");
  EXPECT_EQ(OrganisationToken("*"), "%2A");
  EXPECT_EQ(OrganisationToken(">"), "%3E");
  EXPECT_EQ(OrganisationToken("a b"), "a%20b");
  EXPECT_EQ(OrganisationToken(""), "%");
  EXPECT_EQ(EventSubject("caseledger", "north.east", "CaseOpened"),
            "caseledger.north%2Eeast.events.CaseOpened");
  EXPECT_EQ(OrganisationSubjects("caseledger", "north.east"), "caseledger.north%2Eeast.events.>");
  EXPECT_TRUE(SubjectCovers("caseledger.*.events.>", "caseledger.*.events.>"));
  EXPECT_TRUE(SubjectCovers("caseledger.>", "caseledger.*.events.>"));
  EXPECT_TRUE(SubjectCovers(">", "caseledger.*.events.>"));
  EXPECT_TRUE(SubjectCovers("caseledger.*.*.>", "caseledger.*.events.>"));
  EXPECT_FALSE(SubjectCovers("caseledger.events.>", "caseledger.*.events.>"));
  EXPECT_FALSE(SubjectCovers("caseledger.north.events.>", "caseledger.*.events.>"));
  EXPECT_FALSE(SubjectCovers("caseledger.*.events.*", "caseledger.*.events.>"));
  EXPECT_FALSE(SubjectCovers("caseledger.*.events", "caseledger.*.events.>"));
}

}  // namespace
}  // namespace caseledger::relay
