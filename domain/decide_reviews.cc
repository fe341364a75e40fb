// File reviews and their follow-through: the review with its checklist and tracked actions,
// actions done, and escalations acknowledged by those they reach.

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/decide_support.h"
#include "domain/escalations.h"
#include "domain/supervision_policy.h"

namespace caseledger::domain {

using internal::CheckHeader;
using internal::FindRecord;
using internal::IdOrNew;
using internal::NewEvent;
using internal::RequireNew;
using internal::RequireOnFile;

namespace {

void CheckReview(const v1::FileReviewDetails& review, absl::Time occurred, FieldErrors& errors) {
  if (review.revision_reviewed() < 1) errors.Add("review.revision_reviewed", "is required");
  errors.Text("review.findings", review.findings(), true);
  internal::CheckTexts("review.mistakes_found", review.mistakes_found(), errors);
  internal::CheckTexts("review.actions_required", review.actions_required(), errors);
  errors.Text("review.feedback_given", review.feedback_given(), true);
  errors.Time("review.actions_due_by", review.actions_due_by(), false, review.has_actions_due_by());
  if (review.has_actions_due_by() && FromProto(review.actions_due_by()) <= occurred) {
    errors.Add("review.actions_due_by", "must be after the review");
  }
  errors.Id("review.actions_owner", review.actions_owner(), false);
  absl::flat_hash_set<int> graded;
  for (int i = 0; i < review.checklist_size(); ++i) {
    const v1::ChecklistGrade& grade = review.checklist(i);
    const std::string field = absl::StrCat("review.checklist[", i, "]");
    errors.Enum(field + ".criterion", grade.criterion());
    errors.Enum(field + ".grade", grade.grade());
    errors.Text(field + ".comment", grade.comment(), false, kMaxShortTextBytes);
    if (grade.criterion() != 0 && !graded.insert(grade.criterion()).second) {
      errors.Add(field + ".criterion", "is graded twice");
    }
  }
}

// The review's actions_required as tracked: each with its id, owner and due date.
std::vector<v1::ReviewAction> TrackedActions(const v1::CaseState& state,
                                             const std::string& review_id,
                                             const v1::FileReviewDetails& review,
                                             absl::Time occurred, const CommandContext& context) {
  std::vector<v1::ReviewAction> actions;
  if (review.actions_required_size() == 0) return actions;
  // The case's worker carries them out; the reviewer, while the case has none.
  const std::string& owner = !review.actions_owner().empty() ? review.actions_owner()
                             : !state.worker_id().empty()    ? state.worker_id()
                                                             : context.actor;
  const v1::Policy& policy = internal::PolicyInForce(context).policy();
  const google::protobuf::Timestamp due =
      review.has_actions_due_by()
          ? review.actions_due_by()
          : ToProto(WorkingDaysAfter(policy, occurred, ReviewActionDays(policy)));
  for (int i = 0; i < review.actions_required_size(); ++i) {
    v1::ReviewAction& action = actions.emplace_back();
    action.set_action_id(absl::StrCat(review_id, ".", i + 1));
    action.set_review_id(review_id);
    action.set_what(review.actions_required(i));
    action.set_owner(owner);
    *action.mutable_due_at() = due;
    *action.mutable_set_at() = ToProto(occurred);
  }
  return actions;
}

}  // namespace

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordFileReviewRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("review_id", r.review_id(), false);
  v1::CaseEvent event = NewEvent(r.header(), context);
  const absl::Time occurred = FromProto(event.occurred_at());
  CheckReview(r.review(), occurred, errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  if (r.review().revision_reviewed() > state.revision()) {
    return InvalidField("review.revision_reviewed",
                        absl::StrCat("is past the case's revision ", state.revision()));
  }
  const std::string id = IdOrNew(r.review_id(), context);
  RETURN_IF_ERROR(RequireNew(
      state.file_reviews(), [](const auto& x) { return x.review_id(); }, id, "file review"));
  std::vector<v1::ReviewAction> actions = TrackedActions(state, id, r.review(), occurred, context);
  v1::FileReviewRecorded* recorded = event.mutable_file_review_recorded();
  recorded->set_review_id(id);
  *recorded->mutable_review() = r.review();
  recorded->set_worker_id(state.worker_id());
  for (v1::ReviewAction& action : actions) *recorded->add_actions() = std::move(action);
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::CompleteReviewActionRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("action_id", r.action_id(), true);
  errors.Text("what_was_done", r.what_was_done(), true);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  const v1::ReviewAction* action = nullptr;
  for (const v1::FileReview& review : state.file_reviews()) {
    action = FindRecord(
        review.actions(), [](const v1::ReviewAction& a) { return a.action_id(); }, r.action_id());
    if (action != nullptr) break;
  }
  if (action == nullptr) {
    return absl::NotFoundError(absl::StrCat("review action ", r.action_id(), " does not exist"));
  }
  if (action->has_completed_at()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "review action ", r.action_id(), " was already done by ", action->completed_by()));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_review_action_completed()->set_action_id(r.action_id());
  event.mutable_review_action_completed()->set_what_was_done(r.what_was_done());
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::AcknowledgeEscalationRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("escalation_id", r.escalation_id(), true);
  errors.Text("action", r.action(), true, kMaxShortTextBytes);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  const v1::Escalation* escalation = FindRecord(
      state.escalations(), [](const v1::Escalation& e) { return e.escalation_id(); },
      r.escalation_id());
  if (escalation == nullptr) {
    return absl::NotFoundError(absl::StrCat("escalation ", r.escalation_id(), " does not exist"));
  }
  // A person named takes it up before their role does.
  const v1::EscalationRecipient* chosen = nullptr;
  const v1::EscalationRecipient* done = nullptr;
  std::vector<std::string> addressees;
  for (const bool by_name : {true, false}) {
    for (const v1::EscalationRecipient& recipient : escalation->recipients()) {
      if (by_name) addressees.push_back(recipient.addressee());
      if (recipient.actor().empty() == by_name) continue;
      if (!Addresses(recipient, context.actor, context.actor_role)) continue;
      if (recipient.has_acknowledged()) {
        done = &recipient;
      } else if (chosen == nullptr) {
        chosen = &recipient;
      }
    }
  }
  if (chosen == nullptr && done != nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("escalation ", r.escalation_id(), " was already acknowledged for ",
                     done->addressee(), " by ", done->acknowledged().actor()));
  }
  if (chosen == nullptr) {
    return absl::PermissionDeniedError(absl::StrCat(
        "escalation ", r.escalation_id(), " is addressed to ", absl::StrJoin(addressees, ", "),
        ", not to ", context.actor_role, " ", context.actor));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::EscalationAcknowledged* acknowledged = event.mutable_escalation_acknowledged();
  acknowledged->set_escalation_id(r.escalation_id());
  acknowledged->set_addressee(chosen->addressee());
  acknowledged->set_action(r.action());
  return Events{std::move(event)};
}

}  // namespace caseledger::domain
