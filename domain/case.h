#pragma once

// The case: pure decisions and the fold of its events. No clock and no I/O: time, the
// actor, the policy in force and any new record id come in with the CommandContext.

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "caseledger/v1/case_commands.pb.h"
#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/case_state.pb.h"
#include "caseledger/v1/policy_commands.pb.h"

namespace caseledger::domain {

// The stream of one case.
std::string CaseStreamId(absl::string_view case_id);

struct CommandContext {
  std::string actor;
  std::string actor_role;
  std::string org_id;
  // When the server received the command; a command's occurred_at may not be later.
  absl::Time now;
  // The organisation's policy in force.
  const v1::PolicyVersion* policy = nullptr;
  // The id of a new record (note, deadline, ...) whose request left it empty.
  std::string new_id;
  // The ids of the case's notes, when the caller keeps them (CaseFile); without them a
  // command on notes reads every note of the case to find one.
  const absl::flat_hash_set<std::string>* note_ids = nullptr;
};

using Events = std::vector<v1::CaseEvent>;

// Each Decide returns the events a command produces on the case as it stands, or:
// INVALID_ARGUMENT naming every bad field (a google.rpc.BadRequest payload), NOT_FOUND
// for an unknown case or record, ALREADY_EXISTS for a record id in use,
// FAILED_PRECONDITION for a move the case's state does not allow.
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::OpenCaseRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::AssignCaseRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::ChangeStatusRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordNoteRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::CorrectNoteRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::SetDeadlineRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::CompleteDeadlineRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::RecordDeadlineActionRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::AssessPriorityRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::ReprioritiseRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::FlagUntowardIncidentRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::ResolveIncidentRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordReferralRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordObstacleRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::ResolveObstacleRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::SetOutcomeRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::RecordOutcomeProgressRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::RecordFileReviewRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::AddKeyPersonRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::CompleteReviewActionRequest& request,
                              const CommandContext& context);
// PERMISSION_DENIED when the escalation is not addressed to the context's actor (by name, or
// by their role).
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::AcknowledgeEscalationRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::UpdateKeyPersonRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::WithdrawKeyPersonConsentRequest& request,
                              const CommandContext& context);
absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::EndKeyPersonInvolvementRequest& request,
                              const CommandContext& context);

// Erasing the case's data subject: records SubjectErased, after which the case takes no
// more changes. FAILED_PRECONDITION when it was already erased.
struct EraseCaseSubject {
  v1::CommandHeader header;
  // Why: the subject's request, or the retention rule. Required.
  std::string reason;
};
absl::StatusOr<Events> Decide(const v1::CaseState& state, const EraseCaseSubject& request,
                              const CommandContext& context);

// Applies one event to the case; the case's revision goes up by one. The one definition
// of a case's state: commands, views and replay all fold with it.
void Evolve(v1::CaseState& state, const v1::CaseEvent& event);
// The same, taking the event's contents rather than copying them: for callers that are done
// with the event (a fold of records just read).
void Evolve(v1::CaseState& state, v1::CaseEvent&& event);

// A case as kept for its commands: its state, and the ids of its notes, so a command on a
// long case file learns whether a note exists without reading every note.
struct CaseFile {
  v1::CaseState state;
  absl::flat_hash_set<std::string> note_ids;
};
// Evolve, keeping the note ids too.
void Evolve(CaseFile& file, v1::CaseEvent&& event);

// The name of the event's fact ("NoteRecorded"), used as the log record's type.
std::string EventType(const v1::CaseEvent& event);

// True for an incident that requires the priority to be reassessed: serious or critical,
// or a safeguarding concern or catastrophic incident of any severity.
bool RequiresReassessment(const v1::IncidentDetails& incident);

}  // namespace caseledger::domain
