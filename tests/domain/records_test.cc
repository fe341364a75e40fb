// RecordNote, CorrectNote, SetDeadline, CompleteDeadline and RecordDeadlineAction.

#include <string>

#include "tests/domain/case_fixture.h"

namespace caseledger::domain {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

class RecordsTest : public CaseTest {
 protected:
  v1::CorrectNoteRequest Correction(std::string corrects_note_id, std::string note_id = "",
                                    std::string text = "called the landlord's agent") {
    v1::CorrectNoteRequest request;
    *request.mutable_header() = Header();
    request.set_note_id(std::move(note_id));
    request.set_corrects_note_id(std::move(corrects_note_id));
    request.set_reason("wrong person named");
    *request.mutable_note() = NoteContentOf(std::move(text));
    return request;
  }

  v1::SetDeadlineRequest Deadline(std::string deadline_id) {
    v1::SetDeadlineRequest request;
    *request.mutable_header() = Header();
    request.set_deadline_id(std::move(deadline_id));
    request.mutable_deadline()->set_kind(v1::COURT_OR_TRIBUNAL);
    *request.mutable_deadline()->mutable_due_at() = ToProto(Now() + absl::Hours(24 * 14));
    request.mutable_deadline()->set_what("file the defence");
    return request;
  }

  v1::CompleteDeadlineRequest Completion(std::string deadline_id, std::string how = "filed") {
    v1::CompleteDeadlineRequest request;
    *request.mutable_header() = Header();
    request.set_deadline_id(std::move(deadline_id));
    request.set_how(std::move(how));
    return request;
  }

  v1::RecordDeadlineActionRequest Action(std::string deadline_id,
                                         std::string action = "ask for an extension",
                                         std::string risk = "client abroad") {
    v1::RecordDeadlineActionRequest request;
    *request.mutable_header() = Header();
    request.set_deadline_id(std::move(deadline_id));
    request.set_action(std::move(action));
    request.set_risk(std::move(risk));
    return request;
  }
};

using RecordNoteTest = RecordsTest;
using CorrectNoteTest = RecordsTest;
using SetDeadlineTest = RecordsTest;
using CompleteDeadlineTest = RecordsTest;
using RecordDeadlineActionTest = RecordsTest;

// ---------------------------------------------------------------------------------------
// RecordNote

TEST_F(RecordNoteTest, EventCarriesTheNoteUnderItsGivenIdStampedWithActorAndNow) {
  OpenAndAssign();
  v1::RecordNoteRequest request = Note("n-1", "visited; arrears now 1200");
  request.mutable_note()->set_kind(v1::OPINION);
  request.mutable_note()->set_contact_type(v1::HOME_VISIT);
  request.mutable_note()->add_actions_taken("agreed budget");
  request.mutable_note()->add_actions_taken("wrote to landlord");
  request.mutable_note()->set_next_steps("check payment in a week");
  absl::StatusOr<Events> events = Try(request);
  ASSERT_THAT(events, IsOk());
  ASSERT_THAT(*events, SizeIs(1));
  const v1::CaseEvent& event = events->front();
  EXPECT_EQ(EventType(event), "NoteRecorded");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_EQ(event.actor_role(), "caseworker");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_EQ(event.note_recorded().note_id(), "n-1");
  EXPECT_THAT(event.note_recorded().note(), EqualsProto(request.note()));
}

TEST_F(RecordNoteTest, NoteWithoutAnIdGetsTheContextsNewId) {
  OpenCase();
  const v1::CaseEvent event = Apply(Note(""));
  EXPECT_EQ(event.note_recorded().note_id(), kNewId);
  ASSERT_THAT(state_.notes(), SizeIs(1));
  EXPECT_EQ(state_.notes(0).note_id(), kNewId);
}

TEST_F(RecordNoteTest, FoldedNoteIsOnTheCaseWithWhoRecordedItAndWhen) {
  OpenCase();
  const v1::RecordNoteRequest request = Note("n-1", "researched the rent rules");
  Apply(request);
  ASSERT_THAT(state_.notes(), SizeIs(1));
  const v1::Note& note = state_.notes(0);
  EXPECT_EQ(note.note_id(), "n-1");
  EXPECT_THAT(note.note(), EqualsProto(request.note()));
  EXPECT_EQ(note.recorded().actor(), "worker:ana");
  EXPECT_THAT(note.recorded().at(), IsTime(Now()));
  EXPECT_EQ(note.corrects_note_id(), "");
  EXPECT_EQ(note.corrected_by_note_id(), "");
  EXPECT_EQ(state_.revision(), 2u);
}

TEST_F(RecordNoteTest, ContactNoteWrittenUpLaterSetsLastContactToWhenItHappened) {
  OpenCase();
  const absl::Time visit = Now() - absl::Hours(5);
  v1::RecordNoteRequest request = Note("n-1", "home visit");
  *request.mutable_header() = HeaderAt(visit);
  request.mutable_note()->set_contact_type(v1::HOME_VISIT);
  const v1::CaseEvent event = Apply(request);
  EXPECT_THAT(event.occurred_at(), IsTime(visit));
  EXPECT_THAT(state_.last_contact_at(), IsTime(visit));
  EXPECT_THAT(state_.notes(0).recorded().at(), IsTime(visit));
}

TEST_F(RecordNoteTest, ContactNoteWrittenUpLateDoesNotMoveLastContactBackwards) {
  OpenCase();
  v1::RecordNoteRequest today = Note("n-1", "phoned client");
  today.mutable_note()->set_contact_type(v1::PHONE);
  Apply(today);
  v1::RecordNoteRequest visit = Note("n-2", "home visit on Friday, written up now");
  *visit.mutable_header() = HeaderAt(Now() - absl::Hours(72));
  visit.mutable_note()->set_contact_type(v1::HOME_VISIT);
  Apply(visit);
  EXPECT_THAT(state_.last_contact_at(), IsTime(Now()));
}

TEST_F(RecordNoteTest, FileNoteIsNotAContact) {
  OpenCase();
  Apply(Note("n-1", "researched the rent rules"));  // NO_CONTACT
  EXPECT_FALSE(state_.has_last_contact_at());
  v1::RecordNoteRequest phone = Note("n-2", "phoned client");
  phone.mutable_note()->set_contact_type(v1::PHONE);
  Apply(phone);
  EXPECT_THAT(state_.last_contact_at(), IsTime(Now()));
}

TEST_F(RecordNoteTest, EmptyNoteNamesKindContactTypeAndText) {
  OpenCase();
  v1::RecordNoteRequest request = Note("n-1");
  request.clear_note();
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("note.kind", "note.contact_type", "note.text")));
}

TEST_F(RecordNoteTest, TextOfOnlyWhiteSpaceIsRequired) {
  OpenCase();
  EXPECT_THAT(Try(Note("n-1", " \n\t ")), InvalidFields(ElementsAre("note.text")));
}

TEST_F(RecordNoteTest, TextLongerThanTheLimitIsRefused) {
  OpenCase();
  EXPECT_THAT(Try(Note("n-1", std::string(kMaxTextBytes + 1, 'a'))),
              InvalidFields(ElementsAre("note.text")));
  EXPECT_THAT(Try(Note("n-1", std::string(kMaxTextBytes, 'a'))), IsOk());
}

TEST_F(RecordNoteTest, MoreActionsThanOneEventHoldsAreRefusedByName) {
  OpenCase();
  v1::RecordNoteRequest request = Note("n-1");
  for (int i = 0; i < 100; ++i) {
    request.mutable_note()->add_actions_taken(std::string(kMaxShortTextBytes, 'a'));
  }
  EXPECT_THAT(Try(request), IsOk());
  request.mutable_note()->add_actions_taken("one more");
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("note.actions_taken")));
}

TEST_F(RecordNoteTest, EveryBadFieldOfTheNoteIsNamedTogether) {
  OpenCase();
  v1::RecordNoteRequest request = Note("note 1");
  request.mutable_header()->clear_command_id();
  request.mutable_note()->clear_kind();
  request.mutable_note()->add_actions_taken("wrote to landlord");
  request.mutable_note()->add_actions_taken("  ");
  request.mutable_note()->add_actions_taken(std::string(kMaxShortTextBytes + 1, 'a'));
  request.mutable_note()->set_next_steps(std::string(kMaxTextBytes + 1, 'a'));
  request.mutable_note()->set_incident_id("incident #1");
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("header.command_id", "note_id", "note.kind",
                                                 "note.actions_taken[1]", "note.actions_taken[2]",
                                                 "note.next_steps", "note.incident_id")));
}

TEST_F(RecordNoteTest, NoteIdInUseIsAlreadyExists) {
  OpenCase();
  Apply(Note("n-1"));
  EXPECT_THAT(Try(Note("n-1", "another")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("n-1")));
}

TEST_F(RecordNoteTest, NewIdInUseIsAlreadyExists) {
  OpenCase();
  Apply(Note(kNewId));
  EXPECT_THAT(Try(Note("")), StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr(kNewId)));
}

TEST_F(RecordNoteTest, ACaseFileKeepsItsNotesIdsAndDecidesAsTheCaseDoes) {
  CaseFile file;
  Evolve(file, Apply(AdviceCase()));
  Evolve(file, Apply(Note("n-1")));
  Evolve(file, Apply(Correction("n-1", "n-2")));
  EXPECT_THAT(file.note_ids, UnorderedElementsAre("n-1", "n-2"));
  EXPECT_THAT(file.state, EqualsProto(state_));

  CommandContext with_ids = context_;
  with_ids.note_ids = &file.note_ids;
  for (const CommandContext* context : {&context_, &with_ids}) {
    EXPECT_THAT(Decide(file.state, Note("n-2", "again"), *context),
                StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("n-2")));
    EXPECT_THAT(Decide(file.state, Correction("n-2", "n-1"), *context),
                StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("n-1")));
    EXPECT_THAT(Decide(file.state, Note("n-3"), *context), IsOk());
  }
}

TEST_F(RecordNoteTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Note("n-1")), StatusIs(absl::StatusCode::kNotFound, HasSubstr(kCaseId)));
}

TEST_F(RecordNoteTest, BadFieldsAreReportedEvenForAnUnknownCase) {
  v1::RecordNoteRequest request = Note("n-1", "");
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("note.text")));
}

TEST_F(RecordNoteTest, ClosedCaseStillTakesNotes) {
  OpenCase();
  Close();
  Apply(Note("n-1", "client rang to say thanks"));
  EXPECT_THAT(state_.notes(), SizeIs(1));
  EXPECT_EQ(state_.status(), v1::CLOSED);
}

TEST_F(RecordNoteTest, NoteNamingAnIncidentTheCaseDoesNotHaveIsNotFound) {
  OpenCase();
  v1::RecordNoteRequest request = Note("n-1");
  request.mutable_note()->set_incident_id("i-9");
  EXPECT_THAT(Try(request), StatusIs(absl::StatusCode::kNotFound, HasSubstr("i-9")));
}

TEST_F(RecordNoteTest, NoteNamingAnIncidentOfTheCaseIsRecordedWithIt) {
  OpenCase();
  Apply(Incident("i-1", v1::COMPLAINT, v1::MINOR));
  v1::RecordNoteRequest request = Note("n-1", "apologised to the client");
  request.mutable_note()->set_incident_id("i-1");
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(event.note_recorded().note().incident_id(), "i-1");
  EXPECT_EQ(state_.notes(0).note().incident_id(), "i-1");
}

// ---------------------------------------------------------------------------------------
// CorrectNote

TEST_F(CorrectNoteTest, CorrectionIsANewNoteThatReferencesTheCorrectedOne) {
  OpenCase();
  Apply(Note("n-1", "called the landlord"));
  const v1::CorrectNoteRequest request = Correction("n-1", "n-2");
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(EventType(event), "NoteCorrected");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_EQ(event.note_corrected().note_id(), "n-2");
  EXPECT_EQ(event.note_corrected().corrects_note_id(), "n-1");
  EXPECT_EQ(event.note_corrected().reason(), "wrong person named");
  EXPECT_THAT(event.note_corrected().note(), EqualsProto(request.note()));
}

TEST_F(CorrectNoteTest, CorrectedNoteIsMarkedAndKeepsItsOriginalText) {
  OpenCase();
  Apply(Note("n-1", "called the landlord"));
  Apply(Correction("n-1", "n-2", "called the landlord's agent"));
  ASSERT_THAT(state_.notes(), SizeIs(2));
  const v1::Note& original = state_.notes(0);
  EXPECT_EQ(original.note_id(), "n-1");
  EXPECT_EQ(original.note().text(), "called the landlord");
  EXPECT_EQ(original.corrected_by_note_id(), "n-2");
  const v1::Note& correction = state_.notes(1);
  EXPECT_EQ(correction.note_id(), "n-2");
  EXPECT_EQ(correction.note().text(), "called the landlord's agent");
  EXPECT_EQ(correction.corrects_note_id(), "n-1");
  EXPECT_EQ(correction.correction_reason(), "wrong person named");
  EXPECT_EQ(correction.corrected_by_note_id(), "");
  EXPECT_EQ(correction.recorded().actor(), "worker:ana");
  EXPECT_THAT(correction.recorded().at(), IsTime(Now()));
}

TEST_F(CorrectNoteTest, CorrectionWithoutAnIdGetsTheContextsNewId) {
  OpenCase();
  Apply(Note("n-1"));
  const v1::CaseEvent event = Apply(Correction("n-1"));
  EXPECT_EQ(event.note_corrected().note_id(), kNewId);
  EXPECT_EQ(state_.notes(0).corrected_by_note_id(), kNewId);
}

TEST_F(CorrectNoteTest, CorrectingAContactNoteLaterLeavesLastContactAtTheContact) {
  OpenCase();
  const absl::Time call = Now() - absl::Hours(48);
  v1::RecordNoteRequest phone = Note("n-1", "phoned client");
  *phone.mutable_header() = HeaderAt(call);
  phone.mutable_note()->set_contact_type(v1::PHONE);
  Apply(phone);
  ASSERT_THAT(state_.last_contact_at(), IsTime(call));
  // Corrected two days later: the correction is not itself a contact.
  v1::CorrectNoteRequest request = Correction("n-1", "n-2", "phoned client's daughter");
  request.mutable_note()->set_contact_type(v1::PHONE);
  Apply(request);
  EXPECT_THAT(state_.last_contact_at(), IsTime(call));
}

TEST_F(CorrectNoteTest, SecondCorrectionOfTheSameNoteIsRefused) {
  OpenCase();
  Apply(Note("n-1"));
  Apply(Correction("n-1", "n-2"));
  EXPECT_THAT(Try(Correction("n-1", "n-3")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("n-2")));
}

TEST_F(CorrectNoteTest, CorrectionCanItselfBeCorrected) {
  OpenCase();
  Apply(Note("n-1"));
  Apply(Correction("n-1", "n-2"));
  Apply(Correction("n-2", "n-3", "called the agent, not the landlord"));
  ASSERT_THAT(state_.notes(), SizeIs(3));
  EXPECT_EQ(state_.notes(0).corrected_by_note_id(), "n-2");
  EXPECT_EQ(state_.notes(1).corrected_by_note_id(), "n-3");
  EXPECT_EQ(state_.notes(2).corrects_note_id(), "n-2");
}

TEST_F(CorrectNoteTest, CorrectingAnUnknownNoteIsNotFound) {
  OpenCase();
  EXPECT_THAT(Try(Correction("n-9", "n-2")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("n-9")));
}

TEST_F(CorrectNoteTest, CorrectionUnderAnIdInUseIsAlreadyExists) {
  OpenCase();
  Apply(Note("n-1"));
  Apply(Note("n-2"));
  EXPECT_THAT(Try(Correction("n-1", "n-2")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("n-2")));
  EXPECT_THAT(Try(Correction("n-1", "n-1")), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(CorrectNoteTest, MissingCorrectedNoteReasonAndTextAreNamedTogether) {
  OpenCase();
  Apply(Note("n-1"));
  v1::CorrectNoteRequest request = Correction("", "n 2", "");
  request.clear_reason();
  EXPECT_THAT(Try(request), InvalidFields(UnorderedElementsAre("note_id", "corrects_note_id",
                                                               "reason", "note.text")));
}

TEST_F(CorrectNoteTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Correction("n-1", "n-2")), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(CorrectNoteTest, CorrectionNamingAnIncidentTheCaseDoesNotHaveIsNotFound) {
  OpenCase();
  Apply(Note("n-1"));
  v1::CorrectNoteRequest request = Correction("n-1", "n-2");
  request.mutable_note()->set_incident_id("i-9");
  EXPECT_THAT(Try(request), StatusIs(absl::StatusCode::kNotFound, HasSubstr("i-9")));
}

// ---------------------------------------------------------------------------------------
// SetDeadline

TEST_F(SetDeadlineTest, EventCarriesTheDeadlineUnderItsGivenId) {
  OpenCase();
  const v1::SetDeadlineRequest request = Deadline("d-1");
  const v1::CaseEvent event = Apply(request);
  EXPECT_EQ(EventType(event), "DeadlineSet");
  EXPECT_EQ(event.actor(), "worker:ana");
  EXPECT_THAT(event.occurred_at(), IsTime(Now()));
  EXPECT_EQ(event.deadline_set().deadline_id(), "d-1");
  EXPECT_THAT(event.deadline_set().deadline(), EqualsProto(request.deadline()));
}

TEST_F(SetDeadlineTest, FoldedDeadlineIsOpenWithWhoSetItAndWhen) {
  OpenCase();
  const v1::SetDeadlineRequest request = Deadline("d-1");
  Apply(request);
  ASSERT_THAT(state_.deadlines(), SizeIs(1));
  const v1::Deadline& deadline = state_.deadlines(0);
  EXPECT_EQ(deadline.deadline_id(), "d-1");
  EXPECT_THAT(deadline.deadline(), EqualsProto(request.deadline()));
  EXPECT_EQ(deadline.set().actor(), "worker:ana");
  EXPECT_THAT(deadline.set().at(), IsTime(Now()));
  EXPECT_FALSE(deadline.has_completed());
  EXPECT_THAT(deadline.actions(), SizeIs(0));
}

TEST_F(SetDeadlineTest, DeadlineWithoutAnIdGetsTheContextsNewId) {
  OpenCase();
  const v1::CaseEvent event = Apply(Deadline(""));
  EXPECT_EQ(event.deadline_set().deadline_id(), kNewId);
}

TEST_F(SetDeadlineTest, OccurredAtComesFromTheHeaderWhenGiven) {
  OpenCase();
  v1::SetDeadlineRequest request = Deadline("d-1");
  *request.mutable_header() = HeaderAt(Now() - absl::Hours(2));
  Apply(request);
  EXPECT_THAT(state_.deadlines(0).set().at(), IsTime(Now() - absl::Hours(2)));
}

TEST_F(SetDeadlineTest, MissingDeadlineIsNamed) {
  OpenCase();
  v1::SetDeadlineRequest request = Deadline("d-1");
  request.clear_deadline();
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("deadline")));
}

TEST_F(SetDeadlineTest, EmptyDeadlineNamesKindDueAtAndWhat) {
  OpenCase();
  v1::SetDeadlineRequest request = Deadline("d 1");
  request.mutable_deadline()->Clear();
  EXPECT_THAT(Try(request),
              InvalidFields(UnorderedElementsAre("deadline_id", "deadline.kind", "deadline.due_at",
                                                 "deadline.what")));
}

TEST_F(SetDeadlineTest, InvalidDueAtIsRefused) {
  OpenCase();
  v1::SetDeadlineRequest request = Deadline("d-1");
  request.mutable_deadline()->mutable_due_at()->set_nanos(1000000000);
  EXPECT_THAT(Try(request), InvalidFields(ElementsAre("deadline.due_at")));
}

TEST_F(SetDeadlineTest, DeadlineIdInUseIsAlreadyExists) {
  OpenCase();
  Apply(Deadline("d-1"));
  EXPECT_THAT(Try(Deadline("d-1")), StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("d-1")));
}

TEST_F(SetDeadlineTest, DormantCaseTakesDeadlinesButClosedCaseDoesNot) {
  OpenCase();
  Apply(StatusChange(v1::DORMANT));
  EXPECT_THAT(Try(Deadline("d-1")), IsOk());
  Apply(StatusChange(v1::CLOSED, "resolved"));
  EXPECT_THAT(Try(Deadline("d-1")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
}

TEST_F(SetDeadlineTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Deadline("d-1")), StatusIs(absl::StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------------------
// CompleteDeadline

TEST_F(CompleteDeadlineTest, CompletionRecordsHowAndWhoAndWhen) {
  OpenCase();
  Apply(Deadline("d-1"));
  const v1::CaseEvent event = Apply(Completion("d-1", "defence filed by email"));
  EXPECT_EQ(EventType(event), "DeadlineCompleted");
  EXPECT_EQ(event.deadline_completed().deadline_id(), "d-1");
  EXPECT_EQ(event.deadline_completed().how(), "defence filed by email");
  EXPECT_EQ(event.actor(), "worker:ana");
  const v1::Deadline& deadline = state_.deadlines(0);
  ASSERT_TRUE(deadline.has_completed());
  EXPECT_EQ(deadline.completed().actor(), "worker:ana");
  EXPECT_THAT(deadline.completed().at(), IsTime(Now()));
  EXPECT_EQ(deadline.how(), "defence filed by email");
}

TEST_F(CompleteDeadlineTest, HowIsOptional) {
  OpenCase();
  Apply(Deadline("d-1"));
  Apply(Completion("d-1", ""));
  EXPECT_TRUE(state_.deadlines(0).has_completed());
}

TEST_F(CompleteDeadlineTest, CompletingTwiceIsFailedPrecondition) {
  OpenCase();
  Apply(Deadline("d-1"));
  Apply(Completion("d-1"));
  EXPECT_THAT(Try(Completion("d-1")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already completed")));
}

TEST_F(CompleteDeadlineTest, UnknownDeadlineIsNotFound) {
  OpenCase();
  EXPECT_THAT(Try(Completion("d-9")), StatusIs(absl::StatusCode::kNotFound, HasSubstr("d-9")));
}

TEST_F(CompleteDeadlineTest, MissingDeadlineIdAndOverlongHowAreNamedTogether) {
  OpenCase();
  EXPECT_THAT(Try(Completion("", std::string(kMaxShortTextBytes + 1, 'h'))),
              InvalidFields(UnorderedElementsAre("deadline_id", "how")));
}

TEST_F(CompleteDeadlineTest, DeadlineOfAClosedCaseCanStillBeCompleted) {
  OpenCase();
  Apply(Deadline("d-1"));
  Close();
  Apply(Completion("d-1"));
  EXPECT_TRUE(state_.deadlines(0).has_completed());
}

TEST_F(CompleteDeadlineTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Completion("d-1")), StatusIs(absl::StatusCode::kNotFound, HasSubstr(kCaseId)));
}

// ---------------------------------------------------------------------------------------
// RecordDeadlineAction

TEST_F(RecordDeadlineActionTest, ActionAndRiskAreRecordedOnTheDeadlineInOrder) {
  OpenCase();
  Apply(Deadline("d-1"));
  const v1::CaseEvent event = Apply(Action("d-1", "ask for an extension", "client abroad"));
  EXPECT_EQ(EventType(event), "DeadlineActionRecorded");
  EXPECT_EQ(event.deadline_action_recorded().deadline_id(), "d-1");
  EXPECT_EQ(event.deadline_action_recorded().action(), "ask for an extension");
  EXPECT_EQ(event.deadline_action_recorded().risk(), "client abroad");
  EXPECT_EQ(event.actor(), "worker:ana");
  v1::RecordDeadlineActionRequest second = Action("d-1", "draft the defence", "");
  *second.mutable_header() = HeaderAt(Now() - absl::Minutes(1));
  Apply(second);
  const v1::Deadline& deadline = state_.deadlines(0);
  ASSERT_THAT(deadline.actions(), SizeIs(2));
  EXPECT_EQ(deadline.actions(0).action(), "ask for an extension");
  EXPECT_EQ(deadline.actions(0).risk(), "client abroad");
  EXPECT_EQ(deadline.actions(0).recorded().actor(), "worker:ana");
  EXPECT_THAT(deadline.actions(0).recorded().at(), IsTime(Now()));
  EXPECT_EQ(deadline.actions(1).action(), "draft the defence");
  EXPECT_EQ(deadline.actions(1).risk(), "");
  EXPECT_THAT(deadline.actions(1).recorded().at(), IsTime(Now() - absl::Minutes(1)));
  EXPECT_FALSE(deadline.has_completed());
}

TEST_F(RecordDeadlineActionTest, MissingDeadlineIdAndActionAreNamedTogether) {
  OpenCase();
  EXPECT_THAT(Try(Action("", " ", std::string(kMaxShortTextBytes + 1, 'r'))),
              InvalidFields(UnorderedElementsAre("deadline_id", "action", "risk")));
}

TEST_F(RecordDeadlineActionTest, CompletedDeadlineTakesNoMoreActions) {
  OpenCase();
  Apply(Deadline("d-1"));
  Apply(Completion("d-1"));
  EXPECT_THAT(Try(Action("d-1")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already completed")));
}

TEST_F(RecordDeadlineActionTest, UnknownDeadlineIsNotFound) {
  OpenCase();
  EXPECT_THAT(Try(Action("d-9")), StatusIs(absl::StatusCode::kNotFound, HasSubstr("d-9")));
}

TEST_F(RecordDeadlineActionTest, ClosedCaseTakesNoDeadlineActions) {
  OpenCase();
  Apply(Deadline("d-1"));
  Close();
  EXPECT_THAT(Try(Action("d-1")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
}

TEST_F(RecordDeadlineActionTest, UnknownCaseIsNotFound) {
  EXPECT_THAT(Try(Action("d-1")), StatusIs(absl::StatusCode::kNotFound, HasSubstr(kCaseId)));
}

}  // namespace
}  // namespace caseledger::domain
