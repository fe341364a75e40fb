// The Connect protocol's wire rules and the console's files, without a server.

#include "services/connect_protocol.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/console_files.h"
#include "tests/support/temp_dir.h"

namespace caseledger::services::connect {
namespace {

using ::testing::HasSubstr;

TEST(ConnectProtocolTest, EveryCodeHasConnectsNameAndHttpStatus) {
  struct Row {
    grpc::StatusCode code;
    const char* name;
    int http_status;
  };
  // https://connectrpc.com/docs/protocol#error-codes
  const Row rows[] = {
      {grpc::StatusCode::CANCELLED, "canceled", 499},
      {grpc::StatusCode::UNKNOWN, "unknown", 500},
      {grpc::StatusCode::INVALID_ARGUMENT, "invalid_argument", 400},
      {grpc::StatusCode::DEADLINE_EXCEEDED, "deadline_exceeded", 504},
      {grpc::StatusCode::NOT_FOUND, "not_found", 404},
      {grpc::StatusCode::ALREADY_EXISTS, "already_exists", 409},
      {grpc::StatusCode::PERMISSION_DENIED, "permission_denied", 403},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, "resource_exhausted", 429},
      {grpc::StatusCode::FAILED_PRECONDITION, "failed_precondition", 400},
      {grpc::StatusCode::ABORTED, "aborted", 409},
      {grpc::StatusCode::OUT_OF_RANGE, "out_of_range", 400},
      {grpc::StatusCode::UNIMPLEMENTED, "unimplemented", 501},
      {grpc::StatusCode::INTERNAL, "internal", 500},
      {grpc::StatusCode::UNAVAILABLE, "unavailable", 503},
      {grpc::StatusCode::DATA_LOSS, "data_loss", 500},
      {grpc::StatusCode::UNAUTHENTICATED, "unauthenticated", 401},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(CodeName(row.code), row.name);
    EXPECT_EQ(HttpStatusOf(row.code), row.http_status) << row.name;
  }
  EXPECT_EQ(CodeName(static_cast<grpc::StatusCode>(99)), "unknown");
}

TEST(ConnectProtocolTest, ContentTypesChooseTheCodecAndTheKindOfCall) {
  auto json = ParseContentType("application/json; charset=utf-8");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(json->codec, Codec::kJson);
  EXPECT_FALSE(json->streaming);
  auto proto = ParseContentType("Application/Proto");
  ASSERT_TRUE(proto.has_value());
  EXPECT_EQ(proto->codec, Codec::kProto);
  auto stream = ParseContentType("application/connect+json");
  ASSERT_TRUE(stream.has_value());
  EXPECT_TRUE(stream->streaming);
  EXPECT_EQ(ContentTypeOf(*stream), "application/connect+json");
  EXPECT_EQ(ContentTypeOf(ContentType{Codec::kProto, false}), "application/proto");
  EXPECT_FALSE(ParseContentType("text/plain").has_value());
  EXPECT_FALSE(ParseContentType("").has_value());
  EXPECT_FALSE(ParseContentType("application/jsonx").has_value());
}

TEST(ConnectProtocolTest, AnErrorCarriesItsDetailsAsBase64AndReadableJson) {
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("note.text");
  violation->set_description("is required");
  google::rpc::Status carried;
  carried.set_code(3);
  carried.set_message("invalid request: note.text is required");
  carried.add_details()->PackFrom(bad_request);
  const grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, carried.message(),
                            carried.SerializeAsString());

  google::protobuf::Struct error;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ErrorJson(status), &error).ok());
  EXPECT_EQ(error.fields().at("code").string_value(), "invalid_argument");
  EXPECT_EQ(error.fields().at("message").string_value(), carried.message());
  const auto& detail = error.fields().at("details").list_value().values(0).struct_value();
  EXPECT_EQ(detail.fields().at("type").string_value(), "google.rpc.BadRequest");
  const std::string& value = detail.fields().at("value").string_value();
  EXPECT_EQ(value.find('='), std::string::npos) << "unpadded";
  std::string bytes;
  ASSERT_TRUE(absl::Base64Unescape(value, &bytes));
  google::rpc::BadRequest decoded;
  ASSERT_TRUE(decoded.ParseFromString(bytes));
  EXPECT_EQ(decoded.field_violations(0).field(), "note.text");
  EXPECT_EQ(detail.fields()
                .at("debug")
                .struct_value()
                .fields()
                .at("fieldViolations")
                .list_value()
                .values(0)
                .struct_value()
                .fields()
                .at("field")
                .string_value(),
            "note.text");

  EXPECT_EQ(ErrorJson(grpc::Status(grpc::StatusCode::NOT_FOUND, "")), R"({"code":"not_found"})");
}

TEST(ConnectProtocolTest, EnvelopesFrameMessagesAndTornBodiesAreRefused) {
  const std::string body = Envelope(0, "first") + Envelope(0, "") + EndOfStream(grpc::Status::OK);
  auto frames = ParseEnvelopes(body, 100);
  ASSERT_TRUE(frames.ok()) << frames.status();
  ASSERT_EQ(frames->size(), 3u);
  EXPECT_EQ((*frames)[0].message, "first");
  EXPECT_EQ((*frames)[1].message, "");
  EXPECT_EQ((*frames)[2].flags, kEndOfStream);
  EXPECT_EQ((*frames)[2].message, "{}");
  EXPECT_EQ(Envelope(0, "ab"), std::string("\0\0\0\0\x02"
                                           "ab",
                                           7));

  EXPECT_EQ(ParseEnvelopes(body.substr(0, 3), 100).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseEnvelopes(body.substr(0, 8), 100).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto too_big = ParseEnvelopes(Envelope(0, std::string(101, 'x')), 100);
  EXPECT_THAT(too_big.status().message(), HasSubstr("over the limit of 100"));

  google::protobuf::Struct end;
  const std::string ended = EndOfStream(grpc::Status(grpc::StatusCode::UNAVAILABLE, "stopping"));
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ended.substr(5), &end).ok());
  EXPECT_EQ(end.fields().at("error").struct_value().fields().at("code").string_value(),
            "unavailable");
}

TEST(ConnectProtocolTest, ATimeoutIsAtMostTenDigitsOfMilliseconds) {
  EXPECT_EQ(*ParseTimeout("1500"), absl::Milliseconds(1500));
  EXPECT_EQ(*ParseTimeout("9999999999"), absl::Milliseconds(9999999999));
  for (const char* bad : {"", "-1", "1.5", "12345678901", "1e3", " 10"}) {
    EXPECT_EQ(ParseTimeout(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ConsoleFilesTest, FilesAreServedPagesRouteToIndexAndNothingLeavesTheFolder) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("console/assets"));
  std::ofstream(dir.Sub("console/index.html")) << "index";
  std::ofstream(dir.Sub("console/assets/app.css")) << "css";
  std::ofstream(dir.Sub("secret.txt")) << "secret";
  const std::string root = dir.Sub("console");

  auto css = FindConsoleFile(root, "/assets/app.css");
  ASSERT_TRUE(css.has_value());
  EXPECT_EQ(css->body, "css");
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  EXPECT_TRUE(css->immutable);
  for (const char* page : {"/", "/cases/c-1", "/team/w.01"}) {
    auto index = FindConsoleFile(root, page);
    ASSERT_TRUE(index.has_value()) << page;
    EXPECT_EQ(index->body, "index") << page;
    EXPECT_FALSE(index->immutable);
  }
  EXPECT_FALSE(FindConsoleFile(root, "/assets/missing.js").has_value());
  for (const char* escape : {"/../secret.txt", "/assets/../../secret.txt", "/..\\secret.txt",
                             "relative", "/./index.html"}) {
    EXPECT_FALSE(FindConsoleFile(root, escape).has_value()) << escape;
  }
  EXPECT_FALSE(FindConsoleFile("", "/").has_value()) << "no console: nothing served";
  EXPECT_FALSE(FindConsoleFile(dir.Sub("none"), "/").has_value());
}

}  // namespace
}  // namespace caseledger::services::connect
