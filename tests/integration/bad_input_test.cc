// docs/bad-input.md, row by row: each class of bad input the API can receive, over a real
// channel, and the answer it gets. Nothing of a refused command is written.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "tests/integration/command_client.h"

namespace caseledger::testing {
namespace {

using ::testing::HasSubstr;

class BadInputTest : public ServerFixture {
 protected:
  void SetUp() override {
    v1::CommandResult opened;
    ASSERT_TRUE(
        cases_->OpenCase(As("ana", "caseworker", "north").get(), AdviceCase("c1"), &opened).ok());
    head_ = opened.position();
  }

  // A note on c1 that is good but for what `spoil` does to it.
  grpc::Status Note(const std::function<void(v1::RecordNoteRequest&)>& spoil) {
    v1::RecordNoteRequest request;
    *request.mutable_header() = Header(absl::StrCat("note-", ++notes_), "c1");
    request.mutable_note()->set_kind(v1::FACT);
    request.mutable_note()->set_contact_type(v1::PHONE);
    request.mutable_note()->set_text("Client called.");
    spoil(request);
    v1::CommandResult result;
    return cases_->RecordNote(As("ana", "caseworker", "north").get(), request, &result);
  }

  uint64_t head_ = 0;
  int notes_ = 0;
};

struct Row {
  const char* what;
  std::function<grpc::Status()> call;
  grpc::StatusCode code;
  const char* says;
};

TEST_F(BadInputTest, EachClassOfBadInputGetsItsAnswerAndWritesNothing) {
  const std::vector<Row> rows = {
      {"a missing field", [&] { return Note([](auto& r) { r.mutable_note()->clear_text(); }); },
       grpc::StatusCode::INVALID_ARGUMENT, "note.text is required"},
      {"an oversized field",
       [&] { return Note([](auto& r) { r.mutable_note()->set_text(std::string(40000, 'a')); }); },
       grpc::StatusCode::INVALID_ARGUMENT, "note.text is 40000 bytes; at most 32768"},
      {"an id too long",
       [&] {
         return Note([](auto& r) { r.mutable_header()->set_case_id(std::string(5000, 'c')); });
       },
       grpc::StatusCode::INVALID_ARGUMENT, "header.case_id is 5000 bytes; at most 128"},
      {"an id with a control byte",
       [&] {
         return Note([](auto& r) {
           r.mutable_header()->set_case_id("c\x01"
                                           "1");
         });
       },
       grpc::StatusCode::INVALID_ARGUMENT, "header.case_id may hold only letters, digits"},
      {"an enum number the API does not have",
       [&] {
         return Note([](auto& r) { r.mutable_note()->set_kind(static_cast<v1::NoteKind>(77)); });
       },
       grpc::StatusCode::INVALID_ARGUMENT, "note.kind 77 is not one of its values"},
      {"a huge repeated field",
       [&] {
         return Note([](auto& r) {
           for (int i = 0; i < 3001; ++i) r.mutable_note()->add_actions_taken("a");
         });
       },
       grpc::StatusCode::INVALID_ARGUMENT, "note.actions_taken holds 3001 items; at most 100"},
      {"a revision in the future",
       [&] { return Note([](auto& r) { r.mutable_header()->set_expected_revision(99); }); },
       grpc::StatusCode::ABORTED, "case c1 is at revision 1, not 99"},
      {"a time no Timestamp can hold",
       [&] {
         return Note([](auto& r) {
           r.mutable_header()->mutable_occurred_at()->set_seconds(int64_t{1} << 50);
         });
       },
       grpc::StatusCode::INVALID_ARGUMENT, "header.occurred_at is not a valid time"},
      {"a time with negative nanoseconds",
       [&] {
         return Note([](auto& r) { r.mutable_header()->mutable_occurred_at()->set_nanos(-1); });
       },
       grpc::StatusCode::INVALID_ARGUMENT, "header.occurred_at is not a valid time"},
      {"a log range that ends before it starts",
       [&] {
         v1::VerifyLogRequest request;
         request.set_from_position(5);
         request.set_to_position(2);
         v1::VerifyLogResponse response;
         return audit_->VerifyLog(As("cora", "compliance_officer").get(), request, &response);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "from_position 5 is after to_position 2"},
      {"a replay of a revision the case has not reached",
       [&] {
         v1::ReplayCaseRequest request;
         request.set_case_id("c1");
         request.set_revision(999);
         v1::ReplayCaseResponse response;
         return audit_->ReplayCase(As("cora", "compliance_officer").get(), request, &response);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "revision is past the case's last revision 1"},
      {"a position past the head",
       [&] {
         v1::ListCaseloadRequest request;
         request.set_worker_id("ana");
         request.set_min_position(head_ + 1000);
         v1::ListCaseloadResponse response;
         return caseload_->ListCaseload(As("ana", "caseworker", "north").get(), request, &response);
       },
       grpc::StatusCode::OUT_OF_RANGE, "is past the log's head"},
      {"a page token this server never gave",
       [&] {
         v1::ListCaseloadRequest request;
         request.set_worker_id("ana");
         request.set_page_token("zzzz");
         v1::ListCaseloadResponse response;
         return caseload_->ListCaseload(As("ana", "caseworker", "north").get(), request, &response);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "page_token is not a token this server gave"},
      {"a request over the message size limit",
       [&] { return Note([](auto& r) { r.mutable_note()->set_text(std::string(5 << 20, 'a')); }); },
       grpc::StatusCode::RESOURCE_EXHAUSTED, "larger than max"},
      {"no caller",
       [&] {
         v1::GetCaseRequest request;
         request.set_case_id("c1");
         v1::CaseView view;
         grpc::ClientContext context;
         return caseload_->GetCase(&context, request, &view);
       },
       grpc::StatusCode::UNAUTHENTICATED, "missing x-caseledger-actor"},
  };
  for (const Row& row : rows) {
    const grpc::Status status = row.call();
    EXPECT_EQ(status.error_code(), row.code) << row.what << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(row.says)) << row.what;
  }
  EXPECT_EQ(store_->Head().position, head_) << "no refused command wrote anything";
}

TEST_F(BadInputTest, AMinPositionPastTheHeadIsOutOfRangeForEveryRead) {
  v1::GetCaseRequest request;
  request.set_case_id("c1");
  request.set_min_position(head_ + 1000);
  v1::CaseView view;
  const grpc::Status status =
      caseload_->GetCase(As("ana", "caseworker", "north").get(), request, &view);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE) << status.error_message();
  EXPECT_FALSE(view.has_state()) << "nothing read as if at a position never reached";
}

TEST_F(BadInputTest, APagePastTheEndOfAHistoryIsEmpty) {
  v1::GetCaseHistoryRequest request;
  request.set_case_id("c1");
  request.set_from_revision(999);
  v1::GetCaseHistoryResponse response;
  ASSERT_TRUE(
      audit_->GetCaseHistory(As("cora", "compliance_officer").get(), request, &response).ok());
  EXPECT_EQ(response.entries_size(), 0);
}

TEST_F(BadInputTest, ACallWithNoDeadlineIsAnsweredAsAnyOther) {
  v1::GetCaseRequest request;
  request.set_case_id("c1");
  request.set_min_position(head_);
  v1::CaseView view;
  grpc::ClientContext context;
  context.AddMetadata("x-caseledger-actor", "ana");
  context.AddMetadata("x-caseledger-role", "caseworker");
  context.AddMetadata("x-caseledger-team", "north");
  ASSERT_TRUE(caseload_->GetCase(&context, request, &view).ok());
  EXPECT_EQ(view.state().case_id(), "c1");
}

// Bytes that are not the method's message in Protobuf's binary form, sent as they are.
grpc::Status SendRaw(std::shared_ptr<grpc::Channel> channel, const std::string& method,
                     const std::string& bytes) {
  grpc::GenericStub stub(std::move(channel));
  grpc::ClientContext context;
  context.AddMetadata("x-caseledger-actor", "ana");
  context.AddMetadata("x-caseledger-role", "caseworker");
  context.AddMetadata("x-caseledger-team", "north");
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::mutex mutex;
  std::condition_variable finished;
  std::optional<grpc::Status> answer;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) {
                   std::lock_guard<std::mutex> lock(mutex);
                   answer = std::move(status);
                   finished.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mutex);
  finished.wait(lock, [&] { return answer.has_value(); });
  return *answer;
}

// A string field (1: the header; 2: its case id) whose bytes are not UTF-8.
std::string NoteWithACaseIdThatIsNotUtf8() {
  const std::string case_id = "c\xff\xfe"
                              "1";
  std::string header =
      absl::StrCat("\x12", std::string(1, static_cast<char>(case_id.size())), case_id);
  return absl::StrCat("\x0a", std::string(1, static_cast<char>(header.size())), header);
}

// Field 1 as a group, nested inside itself 200 times: deeper than Protobuf reads (100).
std::string NestedPastTheDepthLimit() {
  std::string bytes;
  for (int i = 0; i < 200; ++i) bytes += "\x0b";
  for (int i = 0; i < 200; ++i) bytes += "\x0c";
  return bytes;
}

TEST_F(BadInputTest, BytesThatDoNotParseAsTheRequestAreInvalidArgumentNamingItsType) {
  const struct {
    const char* what;
    std::string method;
    std::string bytes;
    const char* type;
  } rows[] = {
      {"a string that is not UTF-8", "/caseledger.v1.CaseCommands/RecordNote",
       NoteWithACaseIdThatIsNotUtf8(), "caseledger.v1.RecordNoteRequest"},
      {"nesting past the depth limit", "/caseledger.v1.Caseload/GetCase", NestedPastTheDepthLimit(),
       "caseledger.v1.GetCaseRequest"},
      {"a message torn inside a field", "/caseledger.v1.CaseCommands/OpenCase",
       std::string("\x0a\x40\x0a\x03"
                   "abc"),
       "caseledger.v1.OpenCaseRequest"},
  };
  for (const auto& row : rows) {
    const grpc::Status status = SendRaw(channel_, row.method, row.bytes);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << row.what << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(absl::StrCat("the request is not a ", row.type)))
        << row.what;
  }
  EXPECT_EQ(store_->Head().position, head_) << "nothing of an unreadable request is written";

  const grpc::Status unknown = SendRaw(channel_, "/caseledger.v1.Caseload/NoSuchMethod", "");
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNIMPLEMENTED)
      << "a method the server does not have is still UNIMPLEMENTED";
}

}  // namespace
}  // namespace caseledger::testing
