// The key people around a client: added, their details, views and preferences updated,
// consent withdrawn, involvement ended. Every earlier version stays in the case.

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/decide_support.h"
#include "google/protobuf/util/message_differencer.h"

namespace caseledger::domain {

using internal::CheckHeader;
using internal::FindRecord;
using internal::IdOrNew;
using internal::NewEvent;
using internal::RequireNew;
using internal::RequireOnFile;

namespace {

void CheckPerson(const v1::KeyPersonDetails& person, FieldErrors& errors) {
  errors.Enum("person.relationship", person.relationship());
  errors.Text("person.name", person.name(), true, kMaxShortTextBytes);
  errors.Text("person.contact", person.contact(), false, kMaxShortTextBytes);
  errors.Text("person.views", person.views(), false);
  errors.Text("person.preferences", person.preferences(), false);
  errors.Enum("person.consent", person.consent());
}

// The key person still involved, or NOT_FOUND; FAILED_PRECONDITION once their involvement
// ended.
absl::StatusOr<const v1::KeyPerson*> InvolvedPerson(const v1::CaseState& state,
                                                    const std::string& person_id) {
  const v1::KeyPerson* person = FindRecord(
      state.key_people(), [](const v1::KeyPerson& p) { return p.person_id(); }, person_id);
  if (person == nullptr) {
    return absl::NotFoundError(absl::StrCat("key person ", person_id, " does not exist"));
  }
  if (person->has_ended()) {
    return absl::FailedPreconditionError(
        absl::StrCat("key person ", person_id, "'s involvement has ended"));
  }
  return person;
}

}  // namespace

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::AddKeyPersonRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("person_id", r.person_id(), false);
  CheckPerson(r.person(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  const std::string id = IdOrNew(r.person_id(), context);
  RETURN_IF_ERROR(RequireNew(
      state.key_people(), [](const auto& x) { return x.person_id(); }, id, "key person"));
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_key_person_added()->set_person_id(id);
  *event.mutable_key_person_added()->mutable_person() = r.person();
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::UpdateKeyPersonRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("person_id", r.person_id(), true);
  CheckPerson(r.person(), errors);
  errors.Text("reason", r.reason(), true, kMaxShortTextBytes);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  ASSIGN_OR_RETURN(const v1::KeyPerson* person, InvolvedPerson(state, r.person_id()));
  if (person->person().consent() == v1::GIVEN && r.person().consent() != v1::GIVEN) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the client's consent to ", r.person_id(),
        "'s involvement is given: withdraw it with WithdrawKeyPersonConsent, saying what "
        "stops being shared"));
  }
  if (google::protobuf::util::MessageDifferencer::Equals(person->person(), r.person())) {
    return absl::FailedPreconditionError(
        absl::StrCat("key person ", r.person_id(), "'s details are already as given"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::KeyPersonUpdated* updated = event.mutable_key_person_updated();
  updated->set_person_id(r.person_id());
  *updated->mutable_person() = r.person();
  updated->set_reason(r.reason());
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::WithdrawKeyPersonConsentRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("person_id", r.person_id(), true);
  errors.Text("reason", r.reason(), true, kMaxShortTextBytes);
  errors.Text("no_longer_shared", r.no_longer_shared(), false);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  ASSIGN_OR_RETURN(const v1::KeyPerson* person, InvolvedPerson(state, r.person_id()));
  if (person->person().consent() != v1::GIVEN) {
    return absl::FailedPreconditionError(
        absl::StrCat("the client's consent to ", r.person_id(), "'s involvement is ",
                     v1::Consent_Name(person->person().consent()), ", not GIVEN"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::KeyPersonConsentWithdrawn* withdrawn = event.mutable_key_person_consent_withdrawn();
  withdrawn->set_person_id(r.person_id());
  withdrawn->set_reason(r.reason());
  withdrawn->set_no_longer_shared(r.no_longer_shared());
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::EndKeyPersonInvolvementRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("person_id", r.person_id(), true);
  errors.Text("reason", r.reason(), true, kMaxShortTextBytes);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  RETURN_IF_ERROR(InvolvedPerson(state, r.person_id()).status());
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_key_person_involvement_ended()->set_person_id(r.person_id());
  event.mutable_key_person_involvement_ended()->set_reason(r.reason());
  return Events{std::move(event)};
}

}  // namespace caseledger::domain
