// Sealing personal fields with a key per data subject, and what erasure leaves.

#include "privacy/sealing.h"

#include <set>

#include "caseledger/v1/case_state.pb.h"
#include "caseledger/v1/options.pb.h"
#include "domain/personal_fields.h"
#include "eventstore/rocksdb_event_store.h"
#include "gmock/gmock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace caseledger {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::IsOk;
using testing::StatusIs;

v1::CaseEvent NoteEvent() {
  v1::CaseEvent event;
  event.set_actor("ana");
  v1::NoteRecorded* note = event.mutable_note_recorded();
  note->set_note_id("n1");
  note->mutable_note()->set_kind(v1::FACT);
  note->mutable_note()->set_text("Mr Example disclosed rent arrears");
  note->mutable_note()->add_actions_taken("Called the landlord");
  note->mutable_note()->add_actions_taken("");
  note->mutable_note()->add_actions_taken("Wrote to the council");
  return event;
}

class SealingTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    keys_.reset();
    store_.reset();
    eventstore::StoreOptions options;
    options.path = dir_.Sub("data");
    options.durability = eventstore::Durability::kOs;
    store_ = *eventstore::RocksDbEventStore::Open(options);
    keys_ = *privacy::SubjectKeys::Open(store_->storage().keys);
  }
  void TearDown() override {
    keys_.reset();
    store_.reset();
  }

  testing::TempDir dir_;
  std::unique_ptr<eventstore::RocksDbEventStore> store_;
  std::unique_ptr<privacy::SubjectKeys> keys_;
};

TEST(PersonalFieldsTest, TakesOnlyMarkedFieldsWithValuesAndPutsThemBack) {
  v1::CaseEvent event = NoteEvent();
  const v1::CaseEvent original = event;
  std::vector<domain::PersonalValue> taken = domain::TakePersonal(event);
  std::vector<std::string> paths;
  for (const auto& v : taken) paths.push_back(v.path);
  // note_recorded (13) . note (2) . text (3), and the two non-empty actions (4).
  EXPECT_THAT(paths, ElementsAre("13.2.3", "13.2.4[0]", "13.2.4[2]"));
  EXPECT_EQ(event.note_recorded().note().text(), "");
  EXPECT_EQ(event.note_recorded().note_id(), "n1") << "not personal: stays";
  EXPECT_EQ(event.note_recorded().note().actions_taken_size(), 3);
  ASSERT_THAT(domain::PutPersonal(event, taken), IsOk());
  EXPECT_EQ(event.SerializeAsString(), original.SerializeAsString());
}

// Sealing handles strings and repeated strings; a personal field of any other type, or in a
// map (whose entries have no stable order), would be stored in clear.
void ExpectOnlyPersonalStrings(const google::protobuf::Descriptor& message,
                               std::set<std::string>& seen) {
  if (!seen.insert(message.full_name()).second) return;
  for (int i = 0; i < message.field_count(); ++i) {
    const google::protobuf::FieldDescriptor& field = *message.field(i);
    if (field.options().GetExtension(v1::personal)) {
      EXPECT_EQ(field.cpp_type(), google::protobuf::FieldDescriptor::CPPTYPE_STRING)
          << field.full_name();
    }
    if (field.message_type() != nullptr) {
      EXPECT_FALSE(
          field.is_map() &&
          field.message_type()->FindFieldByName("value")->options().GetExtension(v1::personal))
          << field.full_name();
      ExpectOnlyPersonalStrings(*field.message_type(), seen);
    }
  }
}

TEST(PersonalFieldsTest, EveryPersonalFieldIsAStringSealingCanTake) {
  std::set<std::string> seen;
  ExpectOnlyPersonalStrings(*v1::CaseEvent::descriptor(), seen);
  ExpectOnlyPersonalStrings(*v1::CaseState::descriptor(), seen);
  EXPECT_GT(seen.size(), 20u) << "the walk reached the nested messages";
}

TEST(PersonalFieldsTest, APathThatDoesNotFitIsDataLoss) {
  v1::CaseEvent event = NoteEvent();
  EXPECT_THAT(domain::PutPersonal(event, {{"13.1", "x"}}), StatusIs(absl::StatusCode::kDataLoss))
      << "note_id is not personal";
  EXPECT_THAT(domain::PutPersonal(event, {{"13.2.4[7]", "x"}}),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(domain::PutPersonal(event, {{"13.x", "x"}}), StatusIs(absl::StatusCode::kDataLoss));
}

TEST_F(SealingTest, SealedEventsHoldNoPlaintextAndOpenAgainAfterReopen) {
  v1::CaseEvent event = NoteEvent();
  const v1::CaseEvent original = event;
  ASSERT_THAT(privacy::Seal(*keys_, "c1", "subject-1", event), IsOk());
  const std::string stored = event.SerializeAsString();
  EXPECT_THAT(stored, Not(HasSubstr("rent arrears")));
  EXPECT_THAT(stored, Not(HasSubstr("landlord")));
  EXPECT_EQ(event.sealed().subject_id(), "subject-1");

  Open();  // the key must have been stored durably
  v1::CaseEvent read;
  ASSERT_TRUE(read.ParseFromString(stored));
  ASSERT_THAT(privacy::Unseal(*keys_, "c1", read), IsOk());
  EXPECT_EQ(read.SerializeAsString(), original.SerializeAsString());
}

TEST_F(SealingTest, AnEventWithoutPersonalValuesIsLeftAlone) {
  v1::CaseEvent event;
  event.mutable_case_assigned()->set_worker_id("w1");
  ASSERT_THAT(privacy::Seal(*keys_, "c1", "subject-1", event), IsOk());
  EXPECT_FALSE(event.has_sealed());
}

TEST_F(SealingTest, AlteredOrMovedCiphertextIsDataLoss) {
  v1::CaseEvent event = NoteEvent();
  ASSERT_THAT(privacy::Seal(*keys_, "c1", "subject-1", event), IsOk());
  v1::CaseEvent moved = event;
  EXPECT_THAT(privacy::Unseal(*keys_, "c2", moved), StatusIs(absl::StatusCode::kDataLoss))
      << "sealed data is bound to its case";
  v1::CaseEvent altered = event;
  std::string* ciphertext = altered.mutable_sealed()->mutable_ciphertext();
  (*ciphertext)[ciphertext->size() / 2] ^= 1;
  EXPECT_THAT(privacy::Unseal(*keys_, "c1", altered), StatusIs(absl::StatusCode::kDataLoss));
}

TEST_F(SealingTest, AfterErasureTheSealedFieldsReadErasedAndTheSubjectTakesNoMore) {
  v1::CaseEvent event = NoteEvent();
  ASSERT_THAT(privacy::Seal(*keys_, "c1", "subject-1", event), IsOk());
  v1::CaseEvent other = NoteEvent();
  ASSERT_THAT(privacy::Seal(*keys_, "c9", "subject-2", other), IsOk());
  ASSERT_THAT(keys_->Erase("subject-1"), IsOk());
  Open();
  EXPECT_THAT(keys_->IsErased("subject-1"), testing::IsOkAndHolds(true));
  ASSERT_THAT(privacy::Unseal(*keys_, "c1", event), IsOk());
  EXPECT_EQ(event.note_recorded().note().text(), domain::kErased);
  EXPECT_THAT(event.note_recorded().note().actions_taken(),
              ElementsAre(domain::kErased, "", domain::kErased))
      << "only the fields that had values";
  EXPECT_EQ(event.note_recorded().note_id(), "n1");

  v1::CaseEvent again = NoteEvent();
  EXPECT_THAT(privacy::Seal(*keys_, "c1", "subject-1", again),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_THAT(privacy::Unseal(*keys_, "c9", other), IsOk()) << "another subject is untouched";
  EXPECT_EQ(other.note_recorded().note().text(), "Mr Example disclosed rent arrears");
}

// What the read side keeps of a subject's data it seals only under a key the subject has: a
// subject with none never had anything sealed, and gets no key from a reader.
TEST_F(SealingTest, SealingUnderAKeyMadeNeverMakesOneAndRefusesAnErasedSubject) {
  EXPECT_THAT(keys_->SealIfKeyed("subject-1", "fold", "ctx"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(keys_->Unseal("subject-1", std::string(64, 'x'), "ctx"),
              StatusIs(absl::StatusCode::kDataLoss))
      << "still no key";
  v1::CaseEvent event = NoteEvent();
  ASSERT_THAT(privacy::Seal(*keys_, "c1", "subject-1", event), IsOk());
  absl::StatusOr<std::string> sealed = keys_->SealIfKeyed("subject-1", "fold", "ctx");
  ASSERT_THAT(sealed, IsOk());
  EXPECT_EQ(sealed->find("fold"), std::string::npos);
  EXPECT_THAT(keys_->Unseal("subject-1", *sealed, "ctx"), testing::IsOkAndHolds("fold"));
  EXPECT_THAT(keys_->Unseal("subject-1", *sealed, "another"),
              StatusIs(absl::StatusCode::kDataLoss));
  ASSERT_THAT(keys_->Erase("subject-1"), IsOk());
  EXPECT_THAT(keys_->SealIfKeyed("subject-1", "fold", "ctx"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(keys_->Unseal("subject-1", *sealed, "ctx"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(SealingTest, ASubjectsCasesAreListed) {
  ASSERT_THAT(keys_->AddCase("subject-1", "c2"), IsOk());
  ASSERT_THAT(keys_->AddCase("subject-1", "c1"), IsOk());
  ASSERT_THAT(keys_->AddCase("subject-10", "c3"), IsOk());
  EXPECT_THAT(*keys_->CasesOf("subject-1"), ElementsAre("c1", "c2"));
  EXPECT_THAT(*keys_->CasesOf("subject-10"), ElementsAre("c3"));
  EXPECT_TRUE(keys_->CasesOf("nobody")->empty());
}

// Keys that can't be read: every read fails, as a failing disk's would.
class UnreadableKeys final : public eventstore::KeyStore {
 public:
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view) const override {
    return absl::UnavailableError("the disk is gone");
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>&) const override {
    return absl::UnavailableError("the disk is gone");
  }
  absl::Status Scan(absl::string_view, absl::string_view, Visitor) const override {
    return absl::UnavailableError("the disk is gone");
  }
  absl::Status Write(const eventstore::TableChanges&) override {
    return absl::UnavailableError("the disk is gone");
  }
  absl::Status Purge() override { return absl::UnavailableError("the disk is gone"); }
  absl::Status RegisterErasure(absl::string_view) override {
    return absl::UnavailableError("the disk is gone");
  }
  // The register is a file of its own, still readable: it holds nothing.
  absl::StatusOr<std::vector<std::string>> RegisteredErasures() const override {
    return std::vector<std::string>();
  }
};

TEST(SubjectKeysTest, KeysThatCannotBeReadAreAnErrorNeverANotErasedSubject) {
  UnreadableKeys unreadable;
  auto keys = privacy::SubjectKeys::Open(unreadable);
  ASSERT_THAT(keys, testing::IsOk());
  EXPECT_THAT((*keys)->IsErased("subject-1"), testing::StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT((*keys)->Seal("subject-1", "text", "context"),
              testing::StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT((*keys)->CasesOf("subject-1"), testing::StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace caseledger
