// Messages added already encoded are sent as the messages themselves.

#include "base/encoded_fields.h"

#include "absl/strings/str_cat.h"
#include "caseledger/v1/events.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/support/damaged_log.h"

namespace caseledger {
namespace {

v1::EventRecord Record(uint64_t position, const std::string& type) {
  v1::EventRecord record;
  record.set_event_id(absl::StrCat("e-", position));
  record.set_stream_id("case-1");
  record.set_position(position);
  record.set_type(type);
  record.mutable_metadata()->set_actor("ana");
  return record;
}

TEST(EncodedFieldsTest, EncodedElementsAreReadBackInOrderAsTheMessagesTheyEncode) {
  v1::SubscribeResponse built;
  v1::SubscribeResponse encoded;
  for (uint64_t position : {7u, 8u, 9u}) {
    const v1::EventRecord record = Record(position, position == 8 ? "NoteRecorded" : "CaseOpened");
    *built.add_records() = record;
    AddEncoded(encoded, v1::SubscribeResponse::kRecordsFieldNumber, record.SerializeAsString());
  }
  EXPECT_EQ(encoded.records_size(), 0) << "held encoded, not as elements";
  EXPECT_EQ(encoded.ByteSizeLong(), built.ByteSizeLong());
  EXPECT_EQ(encoded.SerializeAsString(), built.SerializeAsString());

  v1::SubscribeResponse received;
  ASSERT_TRUE(received.ParseFromString(encoded.SerializeAsString()));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(received, built))
      << received.DebugString();
}

TEST(EncodedFieldsTest, WellFormedAcceptsAnEncodingAndRefusesBrokenBytes) {
  const std::string encoded = Record(3, "NoteRecorded").SerializeAsString();
  EXPECT_TRUE(WellFormed(encoded));
  EXPECT_TRUE(WellFormed(""));
  EXPECT_FALSE(WellFormed(encoded.substr(0, encoded.size() - 1))) << "cut short";
  EXPECT_FALSE(WellFormed(testing::kNotARecord)) << "an unknown wire type";
  EXPECT_FALSE(WellFormed(std::string("\x0c", 1))) << "a group's end with no group";
}

TEST(EncodedFieldsTest, ClearingTheMessageDropsTheEncodedElements) {
  v1::SubscribeResponse encoded;
  AddEncoded(encoded, v1::SubscribeResponse::kRecordsFieldNumber,
             Record(1, "CaseOpened").SerializeAsString());
  ASSERT_GT(encoded.ByteSizeLong(), 0u);
  encoded.Clear();
  EXPECT_EQ(encoded.ByteSizeLong(), 0u);
}

}  // namespace
}  // namespace caseledger
