// Case notes and deadlines: the record of what happened and what must happen by when.

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/decide_support.h"

namespace caseledger::domain {

using internal::CheckHeader;
using internal::IdOrNew;
using internal::NewEvent;
using internal::RequireOnFile;
using internal::RequireOpen;

namespace {

void CheckNote(const v1::NoteContent& note, FieldErrors& errors) {
  errors.Enum("note.kind", note.kind());
  errors.Enum("note.contact_type", note.contact_type());
  errors.Text("note.text", note.text(), true);
  internal::CheckTexts("note.actions_taken", note.actions_taken(), errors);
  errors.Text("note.next_steps", note.next_steps(), false);
  errors.Id("note.incident_id", note.incident_id(), false);
}

const v1::Note* FindNote(const v1::CaseState& state, const std::string& id) {
  return internal::FindRecord(
      state.notes(), [](const v1::Note& n) { return n.note_id(); }, id);
}

bool HasNote(const v1::CaseState& state, const CommandContext& context, const std::string& id) {
  if (context.note_ids != nullptr) return context.note_ids->contains(id);
  return FindNote(state, id) != nullptr;
}

// A note may name an incident only if the case has it. While a serious incident awaits
// reassessment, routine notes wait: only notes about that incident go in.
absl::Status CheckNoteAgainstCase(const v1::CaseState& state, const CommandContext& context,
                                  const v1::NoteContent& note, const std::string& note_id) {
  if (HasNote(state, context, note_id)) {
    return absl::AlreadyExistsError(absl::StrCat("note ", note_id, " already exists"));
  }
  if (!note.incident_id().empty()) {
    if (internal::FindRecord(
            state.incidents(), [](const v1::Incident& i) { return i.incident_id(); },
            note.incident_id()) == nullptr) {
      return absl::NotFoundError(absl::StrCat("incident ", note.incident_id(), " does not exist"));
    }
  }
  if (state.reassessment_required() && note.incident_id() != state.reassessment_incident_id()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "serious incident ", state.reassessment_incident_id(),
        " requires the case's priority to be reassessed before routine notes; record action on "
        "the incident with note.incident_id, or assess the priority first"));
  }
  return absl::OkStatus();
}

void CheckDeadline(const v1::DeadlineDetails& deadline, bool is_set, FieldErrors& errors) {
  if (!is_set) {
    errors.Add("deadline", "is required");
    return;
  }
  errors.Enum("deadline.kind", deadline.kind());
  errors.Time("deadline.due_at", deadline.due_at(), true, deadline.has_due_at());
  errors.Text("deadline.what", deadline.what(), true, kMaxShortTextBytes);
}

// The deadline, or NOT_FOUND; FAILED_PRECONDITION when it is already completed.
absl::StatusOr<const v1::Deadline*> OpenDeadline(const v1::CaseState& state,
                                                 const std::string& id) {
  for (const auto& d : state.deadlines()) {
    if (d.deadline_id() != id) continue;
    if (d.has_completed()) {
      return absl::FailedPreconditionError(absl::StrCat("deadline ", id, " is already completed"));
    }
    return &d;
  }
  return absl::NotFoundError(absl::StrCat("deadline ", id, " does not exist"));
}

}  // namespace

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordNoteRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("note_id", r.note_id(), false);
  CheckNote(r.note(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  const std::string note_id = IdOrNew(r.note_id(), context);
  RETURN_IF_ERROR(CheckNoteAgainstCase(state, context, r.note(), note_id));
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::NoteRecorded* recorded = event.mutable_note_recorded();
  recorded->set_note_id(note_id);
  *recorded->mutable_note() = r.note();
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::CorrectNoteRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("note_id", r.note_id(), false);
  errors.Id("corrects_note_id", r.corrects_note_id(), true);
  errors.Text("reason", r.reason(), true, kMaxShortTextBytes);
  CheckNote(r.note(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  const v1::Note* corrected = FindNote(state, r.corrects_note_id());
  if (corrected == nullptr) {
    return absl::NotFoundError(absl::StrCat("note ", r.corrects_note_id(), " does not exist"));
  }
  if (!corrected->corrected_by_note_id().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("note ", r.corrects_note_id(), " is already corrected by note ",
                     corrected->corrected_by_note_id(), "; correct that one instead"));
  }
  const std::string note_id = IdOrNew(r.note_id(), context);
  RETURN_IF_ERROR(CheckNoteAgainstCase(state, context, r.note(), note_id));
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::NoteCorrected* correction = event.mutable_note_corrected();
  correction->set_note_id(note_id);
  correction->set_corrects_note_id(r.corrects_note_id());
  correction->set_reason(r.reason());
  *correction->mutable_note() = r.note();
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::SetDeadlineRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("deadline_id", r.deadline_id(), false);
  CheckDeadline(r.deadline(), r.has_deadline(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOpen(state, r.header()));
  const std::string deadline_id = IdOrNew(r.deadline_id(), context);
  RETURN_IF_ERROR(internal::RequireNew(
      state.deadlines(), [](const v1::Deadline& d) { return d.deadline_id(); }, deadline_id,
      "deadline"));
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::DeadlineSet* set = event.mutable_deadline_set();
  set->set_deadline_id(deadline_id);
  *set->mutable_deadline() = r.deadline();
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::CompleteDeadlineRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("deadline_id", r.deadline_id(), true);
  errors.Text("how", r.how(), false, kMaxShortTextBytes);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  ASSIGN_OR_RETURN(const v1::Deadline* deadline, OpenDeadline(state, r.deadline_id()));
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::DeadlineCompleted* completed = event.mutable_deadline_completed();
  completed->set_deadline_id(deadline->deadline_id());
  completed->set_how(r.how());
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordDeadlineActionRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("deadline_id", r.deadline_id(), true);
  errors.Text("action", r.action(), true, kMaxShortTextBytes);
  errors.Text("risk", r.risk(), false, kMaxShortTextBytes);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOpen(state, r.header()));
  ASSIGN_OR_RETURN(const v1::Deadline* deadline, OpenDeadline(state, r.deadline_id()));
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::DeadlineActionRecorded* action = event.mutable_deadline_action_recorded();
  action->set_deadline_id(deadline->deadline_id());
  action->set_action(r.action());
  action->set_risk(r.risk());
  return Events{std::move(event)};
}

}  // namespace caseledger::domain
