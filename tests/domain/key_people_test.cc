// UpdateKeyPerson, WithdrawKeyPersonConsent and EndKeyPersonInvolvement: the people around a
// client change, and the case keeps every earlier version.

#include <string>

#include "domain/personal_fields.h"
#include "tests/domain/case_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

class KeyPeopleTest : public CaseTest {
 protected:
  void SetUp() override {
    OpenCase();
    v1::AddKeyPersonRequest add;
    *add.mutable_header() = Header();
    add.set_person_id("p-1");
    v1::KeyPersonDetails* person = add.mutable_person();
    person->set_relationship(v1::CARER);
    person->set_name("the client's daughter");
    person->set_contact("by phone, evenings");
    person->set_views("wants her mother to stay at home");
    person->set_preferences("copied into letters");
    person->set_consent(v1::GIVEN);
    Apply(add);
  }

  v1::UpdateKeyPersonRequest Update(std::string views, v1::Consent consent = v1::GIVEN) {
    v1::UpdateKeyPersonRequest request;
    *request.mutable_header() = Header();
    request.set_person_id("p-1");
    *request.mutable_person() = state_.key_people(0).person();
    request.mutable_person()->set_views(std::move(views));
    request.mutable_person()->set_consent(consent);
    request.set_reason("spoke to her after the review meeting");
    return request;
  }

  v1::WithdrawKeyPersonConsentRequest Withdraw() {
    v1::WithdrawKeyPersonConsentRequest request;
    *request.mutable_header() = Header();
    request.set_person_id("p-1");
    request.set_reason("the client asked us to stop");
    request.set_no_longer_shared("letters and appointment dates");
    return request;
  }

  v1::EndKeyPersonInvolvementRequest End() {
    v1::EndKeyPersonInvolvementRequest request;
    *request.mutable_header() = Header();
    request.set_person_id("p-1");
    request.set_reason("moved abroad");
    return request;
  }
};

TEST_F(KeyPeopleTest, AnUpdateReplacesTheDetailsAndKeepsTheEarlierOnes) {
  const v1::KeyPersonDetails before = state_.key_people(0).person();
  context_.now = Now() + absl::Hours(24);
  const v1::CaseEvent event = Apply(Update("now prefers a care home nearby"));
  EXPECT_EQ(EventType(event), "KeyPersonUpdated");
  const v1::KeyPerson& person = state_.key_people(0);
  EXPECT_EQ(person.person().views(), "now prefers a care home nearby");
  EXPECT_THAT(person.updated().at(), IsTime(Now() + absl::Hours(24)));
  ASSERT_THAT(person.revisions(), SizeIs(1));
  EXPECT_THAT(person.revisions(0).person(), EqualsProto(before));
  EXPECT_EQ(person.revisions(0).reason(), "spoke to her after the review meeting");
  EXPECT_EQ(person.revisions(0).replaced().actor(), "worker:ana");
}

TEST_F(KeyPeopleTest, AnUpdateMayNotTakeAwayConsentGivenNorChangeNothing) {
  EXPECT_THAT(
      Try(Update("same views", v1::REFUSED)),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("WithdrawKeyPersonConsent")));
  EXPECT_THAT(Try(Update(state_.key_people(0).person().views())),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already")));
}

TEST_F(KeyPeopleTest, AnUpdateNamesEveryBadField) {
  v1::UpdateKeyPersonRequest request = Update("");
  request.set_person_id("");
  request.mutable_person()->clear_name();
  request.mutable_person()->set_relationship(static_cast<v1::KeyPersonRelationship>(40));
  request.set_reason(" ");
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("person_id", "person.name",
                                                               "person.relationship", "reason")));
}

TEST_F(KeyPeopleTest, WithdrawingConsentRecordsWhatStopsBeingShared) {
  const v1::CaseEvent event = Apply(Withdraw());
  EXPECT_EQ(EventType(event), "KeyPersonConsentWithdrawn");
  const v1::KeyPerson& person = state_.key_people(0);
  EXPECT_EQ(person.person().consent(), v1::REFUSED);
  EXPECT_THAT(person.consent_withdrawn().at(), IsTime(Now()));
  EXPECT_EQ(person.consent_withdrawn_reason(), "the client asked us to stop");
  EXPECT_EQ(person.no_longer_shared(), "letters and appointment dates");
  ASSERT_THAT(person.revisions(), SizeIs(1));
  EXPECT_EQ(person.revisions(0).person().consent(), v1::GIVEN);
  EXPECT_THAT(Try(Withdraw()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("REFUSED")))
      << "consent withdrawn once";
  // Consent may be given again by an update.
  EXPECT_THAT(Try(Update("back in touch", v1::GIVEN)), IsOk());
}

TEST_F(KeyPeopleTest, WithdrawalNeedsAReason) {
  v1::WithdrawKeyPersonConsentRequest request = Withdraw();
  request.clear_reason();
  request.set_no_longer_shared(std::string(kMaxTextBytes + 1, 'x'));
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("reason", "no_longer_shared")));
}

TEST_F(KeyPeopleTest, EndedInvolvementStaysOnFileAndTakesNoMoreChanges) {
  Apply(End());
  const v1::KeyPerson& person = state_.key_people(0);
  EXPECT_THAT(person.ended().at(), IsTime(Now()));
  EXPECT_EQ(person.end_reason(), "moved abroad");
  EXPECT_EQ(person.person().name(), "the client's daughter") << "the record stays";
  EXPECT_THAT(Try(Update("anything")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ended")));
  EXPECT_THAT(Try(Withdraw()), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Try(End()), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(KeyPeopleTest, AnUnknownPersonIsNotFound) {
  v1::EndKeyPersonInvolvementRequest request = End();
  request.set_person_id("p-9");
  EXPECT_THAT(Try(request), StatusIs(absl::StatusCode::kNotFound, HasSubstr("p-9")));
}

TEST_F(KeyPeopleTest, AnErasedSubjectsKeyPeopleReadErasedIncludingEarlierVersions) {
  Apply(Update("changed her mind"));
  Apply(Withdraw());
  EraseCaseSubject erase;
  erase.header = Header();
  erase.reason = "the client's request";
  Apply(erase);
  const v1::KeyPerson& person = state_.key_people(0);
  EXPECT_EQ(person.person().name(), kErased);
  EXPECT_EQ(person.revisions(0).person().views(), kErased);
  EXPECT_EQ(person.no_longer_shared(), kErased);
}

}  // namespace
}  // namespace caseledger::domain
