#pragma once

// Shared set-up for the domain tests: a CommandContext with a fixed clock and the default
// policy, request builders, and a case folded with Evolve as commands are applied to it.

#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "base/proto_time.h"
#include "domain/case.h"
#include "domain/field_errors.h"
#include "domain/policy.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

// Readable gMock failure messages for what Decide and DecideSetPolicy return (found by
// argument-dependent lookup through the event types).
namespace caseledger::v1 {

inline void PrintTo(const absl::StatusOr<std::vector<CaseEvent>>& result, std::ostream* os) {
  if (!result.ok()) {
    *os << result.status();
    return;
  }
  *os << result->size() << " event(s):";
  for (const auto& event : *result) *os << " {" << event.ShortDebugString() << "}";
}

inline void PrintTo(const absl::StatusOr<PolicyEvent>& result, std::ostream* os) {
  if (!result.ok()) {
    *os << result.status();
    return;
  }
  *os << "{" << result->ShortDebugString() << "}";
}

}  // namespace caseledger::v1

namespace caseledger::domain {

inline void PrintTo(const absl::StatusOr<PriorityScore>& result, std::ostream* os) {
  if (!result.ok()) {
    *os << result.status();
    return;
  }
  *os << "score " << result->score << ", " << v1::Rag_Name(result->rag);
}

// The field paths of the google.rpc.BadRequest attached to `status`, in order; empty when
// there is none.
inline std::vector<std::string> BadFields(const absl::Status& status) {
  std::vector<std::string> fields;
  std::optional<google::rpc::BadRequest> bad_request = BadRequestOf(status);
  if (!bad_request.has_value()) return fields;
  for (const auto& violation : bad_request->field_violations()) {
    fields.push_back(violation.field());
  }
  return fields;
}

// Matches an absl::Status or absl::StatusOr that is INVALID_ARGUMENT and whose BadRequest
// field paths match `fields_matcher` (a matcher of std::vector<std::string>).
MATCHER_P(InvalidFields, fields_matcher, "is INVALID_ARGUMENT with matching bad fields") {
  const absl::Status& status = ::caseledger::testing::GetStatus(arg);
  *result_listener << "status is " << status;
  if (status.code() != absl::StatusCode::kInvalidArgument) return false;
  const std::vector<std::string> fields = BadFields(status);
  *result_listener << ", bad fields [" << absl::StrJoin(fields, ", ") << "]";
  return ::testing::ExplainMatchResult(fields_matcher, fields, result_listener);
}

// Matches a protobuf message equal to `expected`.
MATCHER_P(EqualsProto, expected, "equals " + expected.ShortDebugString()) {
  *result_listener << "is " << arg.ShortDebugString();
  return google::protobuf::util::MessageDifferencer::Equals(arg, expected);
}

// Matches a google.protobuf.Timestamp at the absl::Time `expected`.
MATCHER_P(IsTime, expected, "is " + absl::FormatTime(expected)) {
  *result_listener << "is " << absl::FormatTime(FromProto(arg));
  return FromProto(arg) == expected;
}

// Folds `events` into `state` with Evolve.
inline v1::CaseState Fold(const Events& events, v1::CaseState state = {}) {
  for (const auto& event : events) Evolve(state, event);
  return state;
}

inline v1::NoteContent NoteContentOf(std::string text, v1::ContactType contact = v1::NO_CONTACT) {
  v1::NoteContent note;
  note.set_kind(v1::FACT);
  note.set_contact_type(contact);
  note.set_text(std::move(text));
  return note;
}

inline v1::IncidentDetails IncidentOf(v1::IncidentKind kind, v1::Severity severity) {
  v1::IncidentDetails incident;
  incident.set_kind(kind);
  incident.set_severity(severity);
  incident.set_description("client disclosed a risk at the visit");
  incident.set_immediate_action("safety plan agreed");
  incident.set_escalated_to("supervisor:jo");
  return incident;
}

// A case under test, "case-1" of organisation "org-1", decided at a fixed `now` by
// worker:ana under the default policy; `state_` is the fold of every applied command.
class CaseTest : public ::testing::Test {
 protected:
  static constexpr char kCaseId[] = "case-1";
  static constexpr char kOrgId[] = "org-1";
  static constexpr char kNewId[] = "new-1";

  static absl::Time Now() {
    return absl::FromCivil(absl::CivilSecond(2024, 6, 10, 12, 0, 0), absl::UTCTimeZone());
  }

  CaseTest() : policy_(DefaultPolicyVersion(kOrgId)) {
    context_.actor = "worker:ana";
    context_.actor_role = "caseworker";
    context_.org_id = kOrgId;
    context_.now = Now();
    context_.policy = &policy_;
    context_.new_id = kNewId;
  }

  // A header with a fresh command id for the case under test.
  v1::CommandHeader Header() {
    v1::CommandHeader header;
    header.set_command_id(absl::StrCat("cmd-", ++commands_));
    header.set_case_id(kCaseId);
    return header;
  }

  v1::CommandHeader HeaderAt(absl::Time occurred_at) {
    v1::CommandHeader header = Header();
    *header.mutable_occurred_at() = ToProto(occurred_at);
    return header;
  }

  // Decides `request` against the case as it stands; the case does not change.
  template <typename Request>
  absl::StatusOr<Events> Try(const Request& request) const {
    return Decide(state_, request, context_);
  }

  // Decides `request`, expects it to succeed with one event, folds the event into the
  // case and returns it.
  template <typename Request>
  v1::CaseEvent Apply(const Request& request) {
    absl::StatusOr<Events> events = Decide(state_, request, context_);
    EXPECT_THAT(events, ::caseledger::testing::IsOk());
    if (!events.ok()) return v1::CaseEvent();
    EXPECT_EQ(events->size(), 1u);
    for (const auto& event : *events) Evolve(state_, event);
    return events->empty() ? v1::CaseEvent() : events->back();
  }

  // Request builders: each is valid for an open case as it comes.
  v1::OpenCaseRequest AdviceCase() {
    v1::OpenCaseRequest request;
    *request.mutable_header() = Header();
    request.set_kind(v1::ADVICE);
    request.set_category("housing");
    request.set_summary("rent arrears, possession claim issued");
    request.set_client_ref("client-0042");
    request.set_complexity(v1::MEDIUM);
    request.set_team_id("team-north");
    return request;
  }

  v1::OpenCaseRequest InspectionCase() {
    v1::OpenCaseRequest request;
    *request.mutable_header() = Header();
    request.set_kind(v1::INSPECTION);
    request.set_category("care home");
    request.set_provider_ref("provider-7");
    request.set_complexity(v1::HIGH);
    request.set_compliance(v1::NON_COMPLIANT);
    return request;
  }

  v1::AssignCaseRequest Assignment(std::string worker_id, std::string reason = "") {
    v1::AssignCaseRequest request;
    *request.mutable_header() = Header();
    request.set_worker_id(std::move(worker_id));
    request.set_reason(std::move(reason));
    return request;
  }

  v1::ChangeStatusRequest StatusChange(v1::CaseStatus to, std::string outcome = "",
                                       std::string reason = "") {
    v1::ChangeStatusRequest request;
    *request.mutable_header() = Header();
    request.set_to(to);
    request.set_outcome(std::move(outcome));
    request.set_reason(std::move(reason));
    return request;
  }

  v1::RecordNoteRequest Note(std::string note_id, std::string text = "called the landlord") {
    v1::RecordNoteRequest request;
    *request.mutable_header() = Header();
    request.set_note_id(std::move(note_id));
    *request.mutable_note() = NoteContentOf(std::move(text));
    return request;
  }

  v1::FlagUntowardIncidentRequest Incident(std::string incident_id, v1::IncidentKind kind,
                                           v1::Severity severity) {
    v1::FlagUntowardIncidentRequest request;
    *request.mutable_header() = Header();
    request.set_incident_id(std::move(incident_id));
    *request.mutable_incident() = IncidentOf(kind, severity);
    return request;
  }

  // Scores for the default policy's criteria, in its order: risk_of_harm,
  // deadline_urgency, vulnerability, impact.
  v1::AssessPriorityRequest Assessment(std::initializer_list<uint32_t> scores,
                                       std::string rationale = "scored at allocation") {
    static const char* const kCriteria[] = {"risk_of_harm", "deadline_urgency", "vulnerability",
                                            "impact"};
    v1::AssessPriorityRequest request;
    *request.mutable_header() = Header();
    int i = 0;
    for (uint32_t score : scores) {
      v1::CriterionScore* s = request.add_scores();
      s->set_criterion(kCriteria[i++ % 4]);
      s->set_score(score);
    }
    request.set_rationale(std::move(rationale));
    return request;
  }

  v1::ReprioritiseRequest Override(v1::Rag rag, std::string rationale = "manager's judgement") {
    v1::ReprioritiseRequest request;
    *request.mutable_header() = Header();
    request.set_rag(rag);
    request.set_rationale(std::move(rationale));
    return request;
  }

  // Scenario shortcuts.
  void OpenCase() { Apply(AdviceCase()); }
  void OpenAndAssign(std::string worker_id = "worker:ana") {
    OpenCase();
    Apply(Assignment(std::move(worker_id)));
  }
  void Close() { Apply(StatusChange(v1::CLOSED, "possession claim withdrawn")); }
  void Archive() {
    Close();
    Apply(StatusChange(v1::ARCHIVED));
  }

  v1::PolicyVersion policy_;
  CommandContext context_;
  v1::CaseState state_;
  int commands_ = 0;
};

}  // namespace caseledger::domain
