#pragma once

// A caseworker's record: pure decisions and the fold of stream worker-<worker_id>. No clock
// and no I/O: time, the actor, the policy and the worker's team come in with the context.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "caseledger/v1/supervision.pb.h"
#include "caseledger/v1/worker_record.pb.h"

namespace caseledger::domain {

// The stream of a worker's record.
std::string WorkerStreamId(absl::string_view worker_id);
// The data subject whose key seals the personal fields of the worker's record.
std::string WorkerSubjectId(absl::string_view worker_id);

struct WorkerContext {
  std::string actor;
  std::string actor_role;
  std::string org_id;
  // The worker's team as the caller found it; the events record it.
  std::string team_id;
  // When the server received the command; a command's occurred_at may not be later.
  absl::Time now;
  // The id of a new record (session, need, ...) whose request left it empty.
  std::string new_id;
};

using WorkerEvents = std::vector<v1::WorkerEvent>;

// Each Decide returns the events a command produces on the worker's record as it stands, or:
// INVALID_ARGUMENT naming every bad field, NOT_FOUND for an unknown record, ALREADY_EXISTS
// for a record id in use, FAILED_PRECONDITION for a change the record does not allow (a
// supervisor's own monitoring level, a need already met). Supervisors' records of a worker
// may not be made by the worker themselves.
absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::SetMonitoringLevelRequest& request,
                                    const WorkerContext& context);
absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::RecordSupervisionSessionRequest& request,
                                    const WorkerContext& context);
absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::RecordTrainingNeedRequest& request,
                                    const WorkerContext& context);
absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::MeetTrainingNeedRequest& request,
                                    const WorkerContext& context);
absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::RecordCorrectiveActionRequest& request,
                                    const WorkerContext& context);
absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::CloseCorrectiveActionRequest& request,
                                    const WorkerContext& context);
absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::RecordCaseloadReviewRequest& request,
                                    const WorkerContext& context);

// Applies one event to the record; its revision goes up by one. Used by commands, reads and
// the views alike.
void Evolve(v1::WorkerState& state, v1::WorkerEvent&& event);
void Evolve(v1::WorkerState& state, const v1::WorkerEvent& event);

// The name of the event's fact ("MonitoringLevelSet"), used as the log record's type.
std::string EventType(const v1::WorkerEvent& event);

}  // namespace caseledger::domain
