// The API over HTTP with the Connect protocol, on a real loopback socket: the same answers,
// errors, refusals and access records as gRPC, because every call goes through the same
// services.

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/connect_protocol.h"
#include "tests/integration/command_client.h"

namespace caseledger::testing {
namespace {

namespace connect = services::connect;
using google::protobuf::Struct;
using google::protobuf::util::JsonStringToMessage;
using google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

class ConnectTest : public ServerFixture {
 protected:
  ConnectTest() : ServerFixture(absl::ZeroDuration(), false, false, /*serve_http=*/true) {
    http_.set_read_timeout(30, 0);
  }

  // Headers of `actor` in `role` (of `team`), as the development authenticator reads them.
  static httplib::Headers Who(const std::string& actor, const std::string& role = "caseworker",
                              const std::string& team = "") {
    httplib::Headers headers = {{"X-Caseledger-Actor", actor}, {"X-Caseledger-Role", role}};
    if (!team.empty()) headers.emplace("X-Caseledger-Team", team);
    return headers;
  }

  httplib::Result Call(const std::string& procedure, const httplib::Headers& headers,
                       const std::string& body,
                       const std::string& content_type = "application/json") {
    return http_.Post(procedure.c_str(), headers, body, content_type.c_str());
  }

  static Struct Json(const std::string& body) {
    Struct parsed;
    EXPECT_TRUE(JsonStringToMessage(body, &parsed).ok()) << body;
    return parsed;
  }

  static std::string Field(const Struct& json, const std::string& name) {
    auto it = json.fields().find(name);
    return it == json.fields().end() ? "" : it->second.string_value();
  }

  // The case `id`, opened over gRPC by ana of team north; returns the command's position.
  uint64_t Open(const std::string& id) {
    v1::CommandResult result;
    EXPECT_TRUE(
        cases_->OpenCase(As("ana", "caseworker", "north").get(), AdviceCase(id), &result).ok());
    return result.position();
  }

  httplib::Client http_{"127.0.0.1", server_->http_port()};
};

TEST_F(ConnectTest, AUnaryCallAnswersInJsonAndInBinaryWhatGrpcAnswers) {
  const uint64_t position = Open("c1");
  v1::GetCaseRequest get;
  get.set_case_id("c1");
  get.set_min_position(position);
  v1::CaseView over_grpc;
  ASSERT_TRUE(caseload_->GetCase(As("ana", "caseworker", "north").get(), get, &over_grpc).ok());

  auto json = Call("/caseledger.v1.Caseload/GetCase", Who("ana", "caseworker", "north"),
                   absl::StrCat(R"({"caseId":"c1","minPosition":")", position, R"("})"));
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 200) << json->body;
  EXPECT_EQ(json->get_header_value("Content-Type"), "application/json");
  v1::CaseView over_json;
  ASSERT_TRUE(JsonStringToMessage(json->body, &over_json).ok()) << json->body;
  EXPECT_TRUE(MessageDifferencer::Equals(over_json, over_grpc))
      << over_json.DebugString() << "\nvs\n"
      << over_grpc.DebugString();
  EXPECT_THAT(json->body, HasSubstr(R"("caseId":"c1")")) << "proto3 JSON: lowerCamelCase names";

  auto binary = Call("/caseledger.v1.Caseload/GetCase", Who("ana", "caseworker", "north"),
                     get.SerializeAsString(), "application/proto");
  ASSERT_TRUE(binary);
  EXPECT_EQ(binary->status, 200);
  EXPECT_EQ(binary->get_header_value("Content-Type"), "application/proto");
  v1::CaseView over_binary;
  ASSERT_TRUE(over_binary.ParseFromString(binary->body));
  EXPECT_TRUE(MessageDifferencer::Equals(over_binary, over_grpc));

  httplib::Client gzipping("127.0.0.1", server_->http_port());
  gzipping.set_compress(true);
  auto compressed =
      gzipping.Post("/caseledger.v1.Caseload/GetCase", Who("ana", "caseworker", "north"),
                    R"({"caseId":"c1"})", "application/json");
  ASSERT_TRUE(compressed);
  EXPECT_EQ(compressed->status, 200) << "a gzip body is read: " << compressed->body;
}

TEST_F(ConnectTest, ACommandOverHttpIsAppendedOnceAndItsRepeatAnswersTheSame) {
  Open("c2");
  const std::string note = R"({"header":{"commandId":"note-1","caseId":"c2"},
      "note":{"kind":"FACT","contactType":"PHONE","text":"Client called about the hearing."}})";
  auto first =
      Call("/caseledger.v1.CaseCommands/RecordNote", Who("ana", "caseworker", "north"), note);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  v1::CommandResult result;
  ASSERT_TRUE(JsonStringToMessage(first->body, &result).ok());
  EXPECT_EQ(result.revision(), 2u);
  EXPECT_FALSE(result.duplicate());

  auto again =
      Call("/caseledger.v1.CaseCommands/RecordNote", Who("ana", "caseworker", "north"), note);
  ASSERT_TRUE(again);
  v1::CommandResult repeated;
  ASSERT_TRUE(JsonStringToMessage(again->body, &repeated).ok());
  EXPECT_TRUE(repeated.duplicate());
  EXPECT_EQ(repeated.position(), result.position());
  EXPECT_EQ(store_->Head().position, result.position()) << "nothing appended twice";
}

TEST_F(ConnectTest, ABadRequestNamesTheSameFieldsAsGrpcInBadRequestDetails) {
  Open("c3");
  v1::RecordNoteRequest empty_note;
  *empty_note.mutable_header() = Header("bad-1", "c3");
  v1::CommandResult ignored;
  const grpc::Status over_grpc =
      cases_->RecordNote(As("ana", "caseworker", "north").get(), empty_note, &ignored);
  ASSERT_EQ(over_grpc.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  auto answer = Call("/caseledger.v1.CaseCommands/RecordNote", Who("ana", "caseworker", "north"),
                     R"({"header":{"commandId":"bad-1","caseId":"c3"}})");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 400);
  EXPECT_EQ(answer->get_header_value("Content-Type"), "application/json");
  const Struct error = Json(answer->body);
  EXPECT_EQ(Field(error, "code"), "invalid_argument");
  EXPECT_EQ(Field(error, "message"), over_grpc.error_message());
  const auto& details = error.fields().at("details").list_value();
  ASSERT_EQ(details.values_size(), 1);
  const Struct& detail = details.values(0).struct_value();
  EXPECT_EQ(Field(detail, "type"), "google.rpc.BadRequest");
  std::string bytes;
  ASSERT_TRUE(absl::Base64Unescape(Field(detail, "value"), &bytes));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(bad_request.ParseFromString(bytes));
  std::vector<std::string> fields;
  for (const auto& violation : bad_request.field_violations()) fields.push_back(violation.field());
  EXPECT_THAT(fields, ElementsAreArray(BadFields(over_grpc)));
  EXPECT_THAT(fields, ::testing::Contains("note.text"));
  EXPECT_TRUE(detail.fields().contains("debug")) << "readable without decoding";
}

// A JSON object `depth` objects deep.
std::string Nested(int depth) {
  std::string json;
  for (int i = 0; i < depth; ++i) json += R"({"a":)";
  return json + "1" + std::string(depth, '}');
}

TEST_F(ConnectTest, EachRefusalHasItsCodeAndHttpStatus) {
  Open("c4");
  struct Case {
    std::string what;
    std::string procedure;
    httplib::Headers headers;
    std::string body;
    std::string content_type;
    int http_status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"no caller",
       "/caseledger.v1.Caseload/GetCase",
       {},
       R"({"caseId":"c4"})",
       "application/json",
       401,
       "unauthenticated"},
      {"the role table refuses a caseworker the log's verification",
       "/caseledger.v1.Audit/VerifyLog", Who("ana", "caseworker", "north"), "{}",
       "application/json", 403, "permission_denied"},
      {"another's case", "/caseledger.v1.Caseload/GetCase", Who("bo", "caseworker", "south"),
       R"({"caseId":"c4"})", "application/json", 403, "permission_denied"},
      {"no such case", "/caseledger.v1.Caseload/GetCase", Who("cora", "compliance_officer"),
       R"({"caseId":"nope"})", "application/json", 404, "not_found"},
      {"a stale revision", "/caseledger.v1.CaseCommands/RecordNote",
       Who("ana", "caseworker", "north"),
       R"({"header":{"commandId":"s-1","caseId":"c4","expectedRevision":"7"},
           "note":{"kind":"FACT","contactType":"PHONE","text":"Called."}})",
       "application/json", 409, "aborted"},
      {"malformed JSON", "/caseledger.v1.Caseload/GetCase", Who("ana", "caseworker", "north"),
       R"({"caseId":)", "application/json", 400, "invalid_argument"},
      {"a field of the wrong type", "/caseledger.v1.Caseload/GetCase",
       Who("ana", "caseworker", "north"), R"({"minPosition":"many"})", "application/json", 400,
       "invalid_argument"},
      {"JSON nested deeper than Protobuf's limit", "/caseledger.v1.CaseCommands/RecordNote",
       Who("ana", "caseworker", "north"), Nested(200), "application/json", 400, "invalid_argument"},
      {"bytes that are not the message", "/caseledger.v1.Caseload/GetCase",
       Who("ana", "caseworker", "north"), "\xff\xff\xff", "application/proto", 400,
       "invalid_argument"},
      {"a header with a control byte",
       "/caseledger.v1.Caseload/GetCase",
       {{"X-Caseledger-Actor", "an\x01na"}, {"X-Caseledger-Role", "caseworker"}},
       R"({"caseId":"c4"})",
       "application/json",
       400,
       "invalid_argument"},
      {"a timeout that is not a number",
       "/caseledger.v1.Caseload/GetCase",
       {{"X-Caseledger-Actor", "ana"},
        {"X-Caseledger-Role", "caseworker"},
        {"Connect-Timeout-Ms", "soon"}},
       R"({"caseId":"c4"})",
       "application/json",
       400,
       "invalid_argument"},
      {"a body in an encoding not served",
       "/caseledger.v1.Caseload/GetCase",
       {{"X-Caseledger-Actor", "ana"},
        {"X-Caseledger-Role", "caseworker"},
        {"Content-Encoding", "zstd"}},
       R"({"caseId":"c4"})",
       "application/json",
       501,
       "unimplemented"},
      {"a body that is not the gzip it says",
       "/caseledger.v1.Caseload/GetCase",
       {{"X-Caseledger-Actor", "ana"},
        {"X-Caseledger-Role", "caseworker"},
        {"Content-Encoding", "gzip"}},
       R"({"caseId":"c4"})",
       "application/json",
       400,
       "invalid_argument"},
      {"no such procedure", "/caseledger.v1.Caseload/Nope", Who("ana"), "{}", "application/json",
       404, "unimplemented"},
      {"a server-to-server stream's reflection",
       "/grpc.reflection.v1alpha.ServerReflection/"
       "ServerReflectionInfo",
       Who("ana"), "{}", "application/json", 404, "unimplemented"},
      {"a content type of no codec", "/caseledger.v1.Caseload/GetCase", Who("ana"), "caseId=c4",
       "application/x-www-form-urlencoded", 415, "unimplemented"},
      {"a body over the message limit", "/caseledger.v1.Caseload/GetCase", Who("ana"),
       std::string((4 << 20) + 100, ' '), "application/json", 413, "resource_exhausted"},
  };
  for (const Case& c : cases) {
    auto answer = Call(c.procedure, c.headers, c.body, c.content_type);
    ASSERT_TRUE(answer) << c.what;
    EXPECT_EQ(answer->status, c.http_status) << c.what << ": " << answer->body;
    EXPECT_EQ(Field(Json(answer->body), "code"), c.code) << c.what << ": " << answer->body;
  }
}

TEST_F(ConnectTest, AViewOverHttpLeavesTheAccessRecordAGrpcViewLeaves) {
  const uint64_t position = Open("c5");
  auto viewed = Call("/caseledger.v1.Caseload/GetCase", Who("ana", "caseworker", "north"),
                     absl::StrCat(R"({"caseId":"c5","minPosition":")", position, R"("})"));
  ASSERT_TRUE(viewed);
  ASSERT_EQ(viewed->status, 200);
  auto refused = Call("/caseledger.v1.Caseload/GetCase", Who("bo", "caseworker", "south"),
                      R"({"caseId":"c5"})");
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->status, 403);

  v1::ListCaseAccessRequest list;
  list.set_case_id("c5");
  v1::ListCaseAccessResponse access;
  ASSERT_TRUE(audit_->ListCaseAccess(As("cora", "compliance_officer").get(), list, &access).ok());
  ASSERT_EQ(access.entries_size(), 2);
  EXPECT_EQ(access.entries(0).access().actor(), "ana");
  EXPECT_EQ(access.entries(0).access().method(), "Caseload.GetCase");
  EXPECT_TRUE(access.entries(0).access().granted());
  EXPECT_EQ(access.entries(1).access().actor(), "bo");
  EXPECT_FALSE(access.entries(1).access().granted());
}

// The frames of a stream's whole body.
std::vector<connect::Frame> Frames(const std::string& body) {
  auto frames = connect::ParseEnvelopes(body, 16 << 20);
  EXPECT_TRUE(frames.ok()) << frames.status();
  return frames.ok() ? *frames : std::vector<connect::Frame>{};
}

TEST_F(ConnectTest, ASubscriptionStreamsCommittedAndNewEventsThenSaysWhyItEnded) {
  const uint64_t before = Open("c6");
  const std::string request = connect::Envelope(0, R"({"caseId":"c6"})");
  std::optional<httplib::Response> streamed;
  std::thread subscriber([&] {
    httplib::Client client("127.0.0.1", server_->http_port());
    client.set_read_timeout(30, 0);
    httplib::Headers headers = Who("cora", "compliance_officer");
    headers.emplace("Connect-Timeout-Ms", "3000");
    auto answer = client.Post("/caseledger.v1.Events/Subscribe", headers, request,
                              "application/connect+json");
    if (answer) streamed = *answer;
  });
  absl::SleepFor(absl::Milliseconds(200));
  v1::RecordNoteRequest note;
  *note.mutable_header() = Header("note-6", "c6");
  note.mutable_note()->set_kind(v1::FACT);
  note.mutable_note()->set_contact_type(v1::PHONE);
  note.mutable_note()->set_text("Client called.");
  v1::CommandResult noted;
  ASSERT_TRUE(cases_->RecordNote(As("ana", "caseworker", "north").get(), note, &noted).ok());
  subscriber.join();

  ASSERT_TRUE(streamed.has_value());
  EXPECT_EQ(streamed->status, 200) << "a stream's outcome is in its last frame";
  EXPECT_EQ(streamed->get_header_value("Content-Type"), "application/connect+json");
  const std::vector<connect::Frame> frames = Frames(streamed->body);
  ASSERT_GE(frames.size(), 2u);
  std::vector<uint64_t> positions;
  for (size_t i = 0; i + 1 < frames.size(); ++i) {
    EXPECT_EQ(frames[i].flags, 0);
    v1::SubscribeResponse response;
    ASSERT_TRUE(JsonStringToMessage(frames[i].message, &response).ok()) << frames[i].message;
    for (const auto& record : response.records()) positions.push_back(record.position());
  }
  EXPECT_THAT(positions, ::testing::Contains(before)) << "the case's opening, caught up";
  EXPECT_THAT(positions, ::testing::Contains(noted.position())) << "the note, as it committed";
  EXPECT_TRUE(std::is_sorted(positions.begin(), positions.end()));
  const connect::Frame& end = frames.back();
  EXPECT_EQ(end.flags, connect::kEndOfStream);
  const Struct ending = Json(end.message);
  EXPECT_EQ(Field(ending.fields().at("error").struct_value(), "code"), "deadline_exceeded");
}

TEST_F(ConnectTest, AStreamRefusedBeforeItsFirstMessageEndsWithTheRefusalInBinaryToo) {
  v1::SubscribeRequest subscribe;
  auto answer =
      Call("/caseledger.v1.Events/Subscribe", {},
           connect::Envelope(0, subscribe.SerializeAsString()), "application/connect+proto");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  const std::vector<connect::Frame> frames = Frames(answer->body);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].flags, connect::kEndOfStream);
  EXPECT_EQ(Field(Json(frames[0].message).fields().at("error").struct_value(), "code"),
            "unauthenticated");

  auto torn = Call("/caseledger.v1.Events/Subscribe", Who("cora", "compliance_officer"),
                   std::string("\0\0\0\x10{}", 7), "application/connect+json");
  ASSERT_TRUE(torn);
  const std::vector<connect::Frame> ended = Frames(torn->body);
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(Field(Json(ended[0].message).fields().at("error").struct_value(), "code"),
            "invalid_argument");
}

TEST_F(ConnectTest, EveryAnswerCarriesTheSecurityHeadersAndNoCrossOriginAccess) {
  auto answer = Call("/caseledger.v1.Caseload/GetCase", {{"Origin", "https://elsewhere.example"}},
                     R"({"caseId":"c"})");
  ASSERT_TRUE(answer);
  EXPECT_THAT(answer->get_header_value("Content-Security-Policy"), HasSubstr("default-src 'self'"));
  EXPECT_THAT(answer->get_header_value("Content-Security-Policy"),
              HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(answer->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(answer->get_header_value("Cache-Control"), "no-store");
  EXPECT_FALSE(answer->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(answer->has_header("Set-Cookie"));

  auto preflight = http_.Options(
      "/caseledger.v1.Caseload/GetCase",
      {{"Origin", "https://elsewhere.example"}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 403);
  EXPECT_FALSE(preflight->has_header("Access-Control-Allow-Origin"));
}

// A server whose operator allowed one other origin, and a console folder.
class ConnectOriginsTest : public ::testing::Test {
 protected:
  ConnectOriginsTest() {
    std::filesystem::create_directories(dir_.Sub("console/assets"));
    std::ofstream(dir_.Sub("console/index.html")) << "<!doctype html><title>caseledger</title>";
    std::ofstream(dir_.Sub("console/assets/app-1a2b.js")) << "export {};";
    eventstore::StoreOptions store_options;
    store_options.path = dir_.Sub("data");
    store_options.durability = eventstore::Durability::kOs;
    store_ = *eventstore::RocksDbEventStore::Open(store_options);
    services::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.http.emplace();
    options.http->listen = "127.0.0.1:0";
    options.http->console_dir = dir_.Sub("console");
    options.http->allowed_origins = {"https://console.example.org"};
    server_ = *services::Server::Start(options, store_->storage());
  }
  TempDir dir_;
  std::unique_ptr<eventstore::RocksDbEventStore> store_;
  std::unique_ptr<services::Server> server_;
};

TEST_F(ConnectOriginsTest, AnAllowedOriginMayCallAndOthersMayNot) {
  httplib::Client http("127.0.0.1", server_->http_port());
  auto preflight = http.Options(
      "/caseledger.v1.Caseload/GetCase",
      {{"Origin", "https://console.example.org"}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"),
            "https://console.example.org");
  EXPECT_THAT(preflight->get_header_value("Access-Control-Allow-Headers"),
              HasSubstr("Authorization"));
  auto call = http.Post("/caseledger.v1.Caseload/GetCase",
                        {{"Origin", "https://console.example.org"}}, "{}", "application/json");
  ASSERT_TRUE(call);
  EXPECT_EQ(call->get_header_value("Access-Control-Allow-Origin"), "https://console.example.org");
  auto other = http.Post("/caseledger.v1.Caseload/GetCase", {{"Origin", "https://evil.example"}},
                         "{}", "application/json");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
}

TEST_F(ConnectOriginsTest, TheConsoleIsServedAtTheRootAndItsPagesRouteInTheBrowser) {
  httplib::Client http("127.0.0.1", server_->http_port());
  for (const char* page : {"/", "/cases/c1", "/team/workload"}) {
    auto answer = http.Get(page);
    ASSERT_TRUE(answer) << page;
    EXPECT_EQ(answer->status, 200) << page;
    EXPECT_THAT(answer->body, HasSubstr("<title>caseledger</title>")) << page;
    EXPECT_EQ(answer->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(answer->get_header_value("Cache-Control"), "no-cache");
  }
  auto script = http.Get("/assets/app-1a2b.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_THAT(script->get_header_value("Cache-Control"), HasSubstr("immutable"));
  auto procedure = http.Get("/caseledger.v1.Caseload/ListCaseload");
  ASSERT_TRUE(procedure);
  EXPECT_EQ(procedure->status, 405) << "a procedure is never a page";
  EXPECT_THAT(procedure->body, HasSubstr("unimplemented"));
  auto missing = http.Get("/assets/gone.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto escape = http.Get("/assets/../../data/CURRENT");
  ASSERT_TRUE(escape);
  EXPECT_NE(escape->status, 200) << "nothing outside the console's folder";
}

}  // namespace
}  // namespace caseledger::testing

namespace caseledger::services {
namespace {

TEST(HttpServerTest, AServerStoppedAsSoonAsItStartsStops) {
  ConnectGateway gateway(grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()),
                         GatewayOptions());
  HttpOptions options;
  options.listen = "127.0.0.1:0";
  options.threads = 2;
  // Each round would hang in Stop() if the serving thread could begin after it.
  for (int round = 0; round < 50; ++round) {
    auto server = HttpServer::Start(options, gateway);
    ASSERT_TRUE(server.ok()) << server.status();
    (*server)->Stop();
  }
}

}  // namespace
}  // namespace caseledger::services
