// Events.Subscribe over a real channel: catch-up, the switch to live, filters, slow consumers.
// The raw events appended here are the default organisation's, as their case's opening says,
// and the subscribers are its compliance officer.

#include <limits>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "tests/integration/command_client.h"
#include "tests/support/damaged_log.h"

namespace caseledger {
namespace {

class EventsTest : public testing::ServerFixture {
 protected:
  // Opens case stream `stream` in the default organisation, as OpenCase would.
  void OpenRaw(const std::string& stream) {
    v1::CaseEvent opened;
    opened.mutable_case_opened()->set_org_id("default");
    eventstore::AppendRequest request;
    request.stream_id = stream;
    request.events.emplace_back();
    request.events.back().type = "CaseOpened";
    request.events.back().payload = opened.SerializeAsString();
    ASSERT_TRUE(store_->Append(std::move(request)).ok());
  }

  void AppendRaw(int n, const std::string& stream, size_t payload_bytes = 64,
                 const std::string& type = "NoteRecorded") {
    for (int i = 0; i < n; ++i) {
      eventstore::AppendRequest request;
      request.stream_id = stream;
      eventstore::ProposedEvent event;
      event.type = type;
      event.payload = std::string(payload_bytes, 'x');
      event.metadata.set_actor("ana");
      request.events.push_back(std::move(event));
      ASSERT_TRUE(store_->Append(std::move(request)).ok());
    }
  }

  // A client whose receive window stays at 64 KiB (no bandwidth probing), as a slow link's
  // would.
  std::unique_ptr<v1::Events::Stub> SmallWindowStub() {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 65536);
    return v1::Events::NewStub(
        grpc::CreateCustomChannel(server_->address(), grpc::InsecureChannelCredentials(), args));
  }

  // Reads the stream to its end; returns the positions seen.
  static std::vector<uint64_t> ReadToEnd(grpc::ClientReader<v1::SubscribeResponse>& reader) {
    std::vector<uint64_t> positions;
    v1::SubscribeResponse response;
    while (reader.Read(&response)) {
      for (const v1::EventRecord& record : response.records())
        positions.push_back(record.position());
    }
    return positions;
  }

  // Reads the stream until `last` arrives; returns the positions seen.
  std::vector<uint64_t> ReadUntil(grpc::ClientReader<v1::SubscribeResponse>& reader,
                                  uint64_t last) {
    std::vector<uint64_t> positions;
    v1::SubscribeResponse response;
    while (reader.Read(&response)) {
      for (const v1::EventRecord& record : response.records())
        positions.push_back(record.position());
      if (!positions.empty() && positions.back() >= last) break;
    }
    return positions;
  }
};

TEST_F(EventsTest, CatchesUpThenStreamsLiveAppendsWithNoGapOrDuplicate) {
  OpenRaw("case-a");
  AppendRaw(500, "case-a");
  OpenRaw("case-b");
  v1::SubscribeRequest request;
  request.set_after_position(100);
  auto context = As("cora", "compliance_officer");
  auto reader = events_->Subscribe(context.get(), request);
  std::thread writer([&] { AppendRaw(1500, "case-b"); });
  writer.join();
  const uint64_t head = store_->Head().position;
  std::vector<uint64_t> positions = ReadUntil(*reader, head);
  ASSERT_EQ(positions.size(), head - 100);
  for (size_t i = 0; i < positions.size(); ++i) ASSERT_EQ(positions[i], 101 + i);
  context->TryCancel();
}

TEST_F(EventsTest, AnAfterPositionPastTheHeadIsOutOfRange) {
  AppendRaw(5, "case-a");
  for (uint64_t after : {uint64_t{6}, std::numeric_limits<uint64_t>::max()}) {
    v1::SubscribeRequest request;
    request.set_after_position(after);
    auto context = As("cora", "compliance_officer");
    auto reader = events_->Subscribe(context.get(), request);
    v1::SubscribeResponse response;
    EXPECT_FALSE(reader->Read(&response)) << "nothing is sent";
    const grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE) << after;
    EXPECT_THAT(status.error_message(), ::testing::HasSubstr("past the log's head 5"));
  }
}

TEST_F(EventsTest, FiltersByTypeCaseAndWorker) {
  v1::OpenCaseRequest open;
  for (const char* id : {"f1", "f2"}) {
    *open.mutable_header() = Header(absl::StrCat("open-", id), id);
    open.set_kind(v1::ADVICE);
    open.set_category("debt");
    open.set_client_ref("C-1");
    open.set_complexity(v1::LOW);
    open.set_team_id("north");
    v1::CommandResult result;
    ASSERT_TRUE(cases_->OpenCase(As("ana").get(), open, &result).ok());
  }
  v1::AssignCaseRequest assign;
  *assign.mutable_header() = Header("assign-f2", "f2");
  assign.set_worker_id("w7");
  v1::CommandResult assigned;
  ASSERT_TRUE(cases_->AssignCase(As("sam", "supervisor", "north").get(), assign, &assigned).ok());
  v1::ReprioritiseRequest override;
  *override.mutable_header() = Header("rag-f2", "f2");
  override.set_rag(v1::RED);
  override.set_rationale("Bailiffs booked");
  v1::CommandResult last;
  ASSERT_TRUE(cases_->Reprioritise(As("ana").get(), override, &last).ok());

  auto collect = [&](v1::SubscribeRequest request) {
    auto context = As("cora", "compliance_officer");
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
    auto reader = events_->Subscribe(context.get(), request);
    std::vector<std::string> seen;
    v1::SubscribeResponse response;
    while (reader->Read(&response)) {
      for (const v1::EventRecord& record : response.records()) {
        seen.push_back(absl::StrCat(record.stream_id(), ":", record.type()));
      }
    }
    return seen;
  };
  v1::SubscribeRequest by_type;
  by_type.add_event_types("CaseOpened");
  EXPECT_THAT(collect(by_type), ::testing::ElementsAre("case-f1:CaseOpened", "case-f2:CaseOpened"));
  v1::SubscribeRequest by_case;
  by_case.set_case_id("f1");
  EXPECT_THAT(collect(by_case), ::testing::ElementsAre("case-f1:CaseOpened"));
  v1::SubscribeRequest by_worker;
  by_worker.set_worker_id("w7");
  EXPECT_THAT(collect(by_worker),
              ::testing::ElementsAre("case-f2:CaseAssigned", "case-f2:PriorityOverridden"));
}

TEST_F(EventsTest, CatchingUpSendsManyEventsInEachMessageInOrder) {
  OpenRaw("case-many");
  AppendRaw(3000, "case-many", 100);
  const uint64_t head = store_->Head().position;
  // A subscriber that reads only once the server has read the log: at most the receive
  // window's worth can have gone out before the rest waited.
  auto small_window = SmallWindowStub();
  v1::SubscribeRequest request;
  auto context = As("cora", "compliance_officer");
  auto reader = small_window->Subscribe(context.get(), request);
  absl::SleepFor(absl::Milliseconds(100));  // well within the server's patience (300 ms here)
  std::vector<uint64_t> positions;
  int messages = 0;
  v1::SubscribeResponse response;
  while (positions.size() < head && reader->Read(&response)) {
    ++messages;
    ASSERT_GE(response.records_size(), 1);
    ASSERT_LE(response.records_size(), 500);
    for (const v1::EventRecord& record : response.records()) positions.push_back(record.position());
  }
  context->TryCancel();
  ASSERT_EQ(positions.size(), head);
  for (size_t i = 0; i < positions.size(); ++i) ASSERT_EQ(positions[i], i + 1);
  EXPECT_LT(messages, 1000) << "events that were waiting go out together";
}

TEST_F(EventsTest, ARecordThatIsNotWellFormedEndsTheStreamWithDataLossAfterThoseBeforeIt) {
  OpenRaw("case-1");
  AppendRaw(5, "case-1");
  ASSERT_TRUE(testing::DamageRecord(*store_, 4));
  for (bool filtered : {false, true}) {
    v1::SubscribeRequest request;
    if (filtered) request.add_event_types("NoteRecorded");
    auto context = As("cora", "compliance_officer");
    auto reader = events_->Subscribe(context.get(), request);
    const std::vector<uint64_t> positions = ReadToEnd(*reader);
    grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
    EXPECT_THAT(status.error_message(), ::testing::HasSubstr("position 4"));
    EXPECT_EQ(positions,
              filtered ? (std::vector<uint64_t>{2, 3}) : (std::vector<uint64_t>{1, 2, 3}))
        << (filtered ? "filtered" : "all");
  }
}

TEST_F(EventsTest, AWorkersSubscriberWhoseCaseHistoryCannotBeReadGetsDataLossNotAGap) {
  // Case w1's assignment to ana is damaged; the subscription begins after it, so only the
  // filter reads it, to tell whose case w1's later events are.
  v1::CaseEvent assigned;
  assigned.mutable_case_assigned()->set_worker_id("ana");
  OpenRaw("case-w1");
  AppendRaw(1, "case-w1", 0, "CaseAssigned");
  OpenRaw("case-w2");
  eventstore::AppendRequest assignment;
  assignment.stream_id = "case-w2";
  assignment.events.emplace_back();
  assignment.events.back().type = "CaseAssigned";
  assignment.events.back().payload = assigned.SerializeAsString();
  ASSERT_TRUE(store_->Append(std::move(assignment)).ok());
  AppendRaw(1, "case-w2");
  AppendRaw(1, "case-w1");
  ASSERT_TRUE(testing::DamageRecord(*store_, 2));
  v1::SubscribeRequest request;
  request.set_after_position(2);
  request.set_worker_id("ana");
  auto context = As("cora", "compliance_officer");
  auto reader = events_->Subscribe(context.get(), request);
  const std::vector<uint64_t> positions = ReadToEnd(*reader);
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("cannot tell whose case case-w1"));
  EXPECT_EQ(positions, (std::vector<uint64_t>{4, 5})) << "ana's case w2, then the stop at w1";
}

TEST_F(EventsTest, ASlowSubscriberIsCutOffWithItsResumePositionAndResumesWithoutLoss) {
  auto slow = SmallWindowStub();
  v1::SubscribeRequest request;
  auto context = As("cora", "compliance_officer");
  auto reader = slow->Subscribe(context.get(), request);
  // Large events, and a subscriber that reads nothing: the server's buffer fills.
  OpenRaw("case-big");
  AppendRaw(2000, "case-big", 64 * 1024);
  const uint64_t head = store_->Head().position;
  const std::vector<uint64_t> positions = ReadToEnd(*reader);
  grpc::Status status = reader->Finish();
  ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  auto trailer = context->GetServerTrailingMetadata().find("x-caseledger-resume-after");
  ASSERT_NE(trailer, context->GetServerTrailingMetadata().end());
  const uint64_t resume_after =
      std::stoull(std::string(trailer->second.data(), trailer->second.size()));
  ASSERT_LT(resume_after, head) << "it was cut off before the end";
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr(std::to_string(resume_after)));
  for (size_t i = 0; i < positions.size(); ++i) ASSERT_EQ(positions[i], i + 1);
  ASSERT_GE(positions.size(), resume_after) << "everything up to the resume position arrived";

  // Resuming after the given position brings the rest, with nothing lost or repeated. A reader
  // slowed by a loaded machine may be cut off again: it resumes again, as any client would.
  std::vector<uint64_t> rest;
  uint64_t after = resume_after;
  for (int attempt = 0; attempt < 20 && after < head; ++attempt) {
    v1::SubscribeRequest resume;
    resume.set_after_position(after);
    auto again = As("cora", "compliance_officer");
    auto rest_reader = events_->Subscribe(again.get(), resume);
    std::vector<uint64_t> read = ReadUntil(*rest_reader, head);
    rest.insert(rest.end(), read.begin(), read.end());
    if (!rest.empty() && rest.back() == head) {
      again->TryCancel();
      break;
    }
    grpc::Status ended = rest_reader->Finish();
    ASSERT_EQ(ended.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << ended.error_message();
    auto again_trailer = again->GetServerTrailingMetadata().find("x-caseledger-resume-after");
    ASSERT_NE(again_trailer, again->GetServerTrailingMetadata().end());
    after = std::stoull(std::string(again_trailer->second.data(), again_trailer->second.size()));
    while (!rest.empty() && rest.back() > after) rest.pop_back();  // sent again from `after`
  }
  ASSERT_FALSE(rest.empty());
  EXPECT_EQ(rest.front(), resume_after + 1);
  EXPECT_EQ(rest.back(), head);
  for (size_t i = 1; i < rest.size(); ++i) ASSERT_EQ(rest[i], rest[i - 1] + 1);
}

}  // namespace
}  // namespace caseledger
