// Action plans a provider must make for its breaches, their progress and verification, and
// enforcement actions with their legal basis and review.

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/inspection_policy.h"
#include "domain/inspection_support.h"

namespace caseledger::domain {

using internal::CheckHeader;
using internal::NewEvent;
using internal::RequireInspection;
using internal::StepDeadlineId;

namespace {

absl::StatusOr<const v1::ActionPlan*> RequirePlan(const v1::CaseState& state,
                                                  const v1::CommandHeader& header,
                                                  const std::string& plan_id) {
  RETURN_IF_ERROR(RequireInspection(state, header));
  const v1::ActionPlan* plan = internal::FindRecord(
      state.action_plans(), [](const v1::ActionPlan& p) { return p.plan_id(); }, plan_id);
  if (plan == nullptr) {
    return absl::NotFoundError(absl::StrCat("action plan ", plan_id, " does not exist"));
  }
  if (plan->has_verified()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "action plan ", plan_id, " was already verified by ", plan->verified().actor()));
  }
  return plan;
}

absl::Time OccurredTime(const v1::CommandHeader& header, const CommandContext& context) {
  return FromProto(internal::OccurredAt(header, context));
}

}  // namespace

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RequireActionPlanRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("plan_id", r.plan_id(), false);
  if (r.breaches().empty()) errors.Add("breaches", "must name at least one breach to put right");
  for (int i = 0; i < r.breaches_size(); ++i) {
    errors.Text(absl::StrCat("breaches[", i, "]"), r.breaches(i), true, kMaxShortTextBytes);
  }
  internal::CheckLaterTime("plan_due_by", r.plan_due_by(), r.has_plan_due_by(),
                           OccurredTime(r.header(), context), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireInspection(state, r.header()));
  const std::string id = internal::IdOrNew(r.plan_id(), context);
  RETURN_IF_ERROR(internal::RequireNew(
      state.action_plans(), [](const v1::ActionPlan& p) { return p.plan_id(); }, id,
      "action plan"));
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::ActionPlanRequired* required = event.mutable_action_plan_required();
  required->set_plan_id(id);
  *required->mutable_breaches() = r.breaches();
  *required->mutable_plan_due_by() = r.plan_due_by();
  Events events{std::move(event)};
  events.push_back(
      internal::SetStepDeadline(r.header(), context, StepDeadlineId(id, "plan"),
                                v1::ACTION_PLAN_DUE, FromProto(r.plan_due_by()),
                                absl::StrCat("The provider's action plan ", id,
                                             " is due, for: ", absl::StrJoin(r.breaches(), "; "))));
  return events;
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordActionPlanRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("plan_id", r.plan_id(), true);
  if (r.actions().empty()) errors.Add("actions", "must hold at least one action");
  const absl::Time occurred = OccurredTime(r.header(), context);
  absl::flat_hash_set<std::string> ids;
  google::protobuf::Timestamp complete_by;
  for (int i = 0; i < r.actions_size(); ++i) {
    const v1::PlannedAction& a = r.actions(i);
    const std::string field = absl::StrCat("actions[", i, "]");
    errors.Id(field + ".action_id", a.action_id(), true);
    if (!a.action_id().empty() && !ids.insert(a.action_id()).second) {
      errors.Add(field + ".action_id", "repeats another action's id");
    }
    errors.Text(field + ".action", a.action(), true);
    errors.Text(field + ".owner", a.owner(), true, kMaxShortTextBytes);
    internal::CheckLaterTime(field + ".due_by", a.due_by(), a.has_due_by(), occurred, errors);
    if (a.has_due_by() && FromProto(a.due_by()) > FromProto(complete_by)) complete_by = a.due_by();
  }
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(const v1::ActionPlan* plan, RequirePlan(state, r.header(), r.plan_id()));
  if (plan->has_received()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the provider's action plan ", r.plan_id(), " was already recorded"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::ActionPlanRecorded* recorded = event.mutable_action_plan_recorded();
  recorded->set_plan_id(r.plan_id());
  *recorded->mutable_actions() = r.actions();
  *recorded->mutable_complete_by() = complete_by;
  Events events{std::move(event)};
  internal::CompleteStepDeadlines(state, r.header(), context, {StepDeadlineId(r.plan_id(), "plan")},
                                  "the provider's plan received", events);
  events.push_back(internal::SetStepDeadline(
      r.header(), context, StepDeadlineId(r.plan_id(), "actions"), v1::ACTION_PLAN_DUE,
      FromProto(complete_by),
      absl::StrCat("The actions of plan ", r.plan_id(), " are due: verify them")));
  return events;
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordActionProgressRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("plan_id", r.plan_id(), true);
  errors.Id("action_id", r.action_id(), true);
  errors.Enum("status", r.status());
  errors.Text("note", r.note(), false);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(const v1::ActionPlan* plan, RequirePlan(state, r.header(), r.plan_id()));
  if (!plan->has_received()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the provider's action plan ", r.plan_id(), " has not been recorded"));
  }
  const v1::ActionPlanAction* action = internal::FindRecord(
      plan->actions(), [](const v1::ActionPlanAction& a) { return a.action().action_id(); },
      r.action_id());
  if (action == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("action ", r.action_id(), " is not in action plan ", r.plan_id()));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::ActionProgressRecorded* progress = event.mutable_action_progress_recorded();
  progress->set_plan_id(r.plan_id());
  progress->set_action_id(r.action_id());
  progress->set_status(r.status());
  progress->set_note(r.note());
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::VerifyActionPlanRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("plan_id", r.plan_id(), true);
  errors.Enum("verdict", r.verdict());
  errors.Text("how", r.how(), true);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(const v1::ActionPlan* plan, RequirePlan(state, r.header(), r.plan_id()));
  if (!plan->has_received()) {
    return absl::FailedPreconditionError(absl::StrCat("the provider's action plan ", r.plan_id(),
                                                      " has not been recorded: nothing to verify"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::ActionPlanVerified* verified = event.mutable_action_plan_verified();
  verified->set_plan_id(r.plan_id());
  verified->set_verdict(r.verdict());
  verified->set_how(r.how());
  const absl::Time at = FromProto(event.occurred_at());
  Events events{std::move(event)};
  internal::CompleteStepDeadlines(
      state, r.header(), context,
      {StepDeadlineId(r.plan_id(), "plan"), StepDeadlineId(r.plan_id(), "actions")},
      r.verdict() == v1::ACTIONS_MET ? "the actions were verified" : "the actions were not met",
      events);
  if (r.verdict() == v1::ACTIONS_NOT_MET) {
    events.push_back(internal::SetStepDeadline(
        r.header(), context, StepDeadlineId(r.plan_id(), "follow-up"), v1::FOLLOW_UP_INSPECTION,
        at + absl::Hours(24) * FollowUpInspectionDays(internal::PolicyInForce(context).policy()),
        absl::StrCat("Follow-up inspection: the actions of plan ", r.plan_id(), " were not met")));
  }
  return events;
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::TakeEnforcementActionRequest& r,
                              const CommandContext& context) {
  const v1::EnforcementDetails& e = r.enforcement();
  const v1::Policy& policy = internal::PolicyInForce(context).policy();
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("action_id", r.action_id(), false);
  errors.Id("enforcement.kind", e.kind(), true);
  if (!e.kind().empty() && !IsEnforcementPower(policy, e.kind())) {
    errors.Add("enforcement.kind", "is not one of the enforcement powers the policy lists");
  }
  errors.Text("enforcement.legal_basis", e.legal_basis(), true, kMaxShortTextBytes);
  for (int i = 0; i < e.breaches_size(); ++i) {
    errors.Text(absl::StrCat("enforcement.breaches[", i, "]"), e.breaches(i), true,
                kMaxShortTextBytes);
  }
  errors.Text("enforcement.details", e.details(), false);
  internal::CheckLaterTime("enforcement.review_by", e.review_by(), e.has_review_by(),
                           OccurredTime(r.header(), context), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireInspection(state, r.header()));
  const std::string id = internal::IdOrNew(r.action_id(), context);
  RETURN_IF_ERROR(internal::RequireNew(
      state.enforcement_actions(), [](const v1::EnforcementAction& a) { return a.action_id(); }, id,
      "enforcement action"));
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_enforcement_action_taken()->set_action_id(id);
  *event.mutable_enforcement_action_taken()->mutable_enforcement() = e;
  Events events{std::move(event)};
  events.push_back(internal::SetStepDeadline(
      r.header(), context, StepDeadlineId(id, "review"), v1::ENFORCEMENT_REVIEW,
      FromProto(e.review_by()),
      absl::StrCat("Review enforcement action ", id, " (", e.kind(), ")")));
  return events;
}

absl::StatusOr<Events> Decide(const v1::CaseState& state,
                              const v1::ConcludeEnforcementActionRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("action_id", r.action_id(), true);
  errors.Text("outcome", r.outcome(), true);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireInspection(state, r.header()));
  const v1::EnforcementAction* action = internal::FindRecord(
      state.enforcement_actions(), [](const v1::EnforcementAction& a) { return a.action_id(); },
      r.action_id());
  if (action == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("enforcement action ", r.action_id(), " does not exist"));
  }
  if (action->has_concluded()) {
    return absl::FailedPreconditionError(
        absl::StrCat("enforcement action ", r.action_id(), " was already concluded"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_enforcement_action_concluded()->set_action_id(r.action_id());
  event.mutable_enforcement_action_concluded()->set_outcome(r.outcome());
  Events events{std::move(event)};
  internal::CompleteStepDeadlines(state, r.header(), context,
                                  {StepDeadlineId(r.action_id(), "review")},
                                  "the enforcement action concluded", events);
  return events;
}

}  // namespace caseledger::domain
