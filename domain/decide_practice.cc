// Referrals, obstacles and SMART outcomes.

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/decide_support.h"

namespace caseledger::domain {

using internal::CheckHeader;
using internal::FindRecord;
using internal::IdOrNew;
using internal::NewEvent;
using internal::RequireNew;
using internal::RequireOnFile;
using internal::RequireOpen;

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordReferralRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("referral_id", r.referral_id(), false);
  const v1::ReferralDetails& referral = r.referral();
  errors.Enum("referral.direction", referral.direction());
  errors.Text("referral.referred_to", referral.referred_to(), true, kMaxShortTextBytes);
  errors.Text("referral.reason", referral.reason(), true);
  errors.Enum("referral.consent", referral.consent());
  errors.Text("referral.information_shared", referral.information_shared(), false);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOpen(state, r.header()));
  const std::string id = IdOrNew(r.referral_id(), context);
  RETURN_IF_ERROR(RequireNew(
      state.referrals(), [](const auto& x) { return x.referral_id(); }, id, "referral"));
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_referral_recorded()->set_referral_id(id);
  *event.mutable_referral_recorded()->mutable_referral() = referral;
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordObstacleRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("obstacle_id", r.obstacle_id(), false);
  errors.Enum("obstacle.kind", r.obstacle().kind());
  errors.Text("obstacle.description", r.obstacle().description(), true);
  errors.Id("obstacle.outcome_id", r.obstacle().outcome_id(), false);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOpen(state, r.header()));
  const std::string id = IdOrNew(r.obstacle_id(), context);
  RETURN_IF_ERROR(RequireNew(
      state.obstacles(), [](const auto& x) { return x.obstacle_id(); }, id, "obstacle"));
  const std::string& outcome_id = r.obstacle().outcome_id();
  if (!outcome_id.empty() &&
      FindRecord(
          state.outcomes(), [](const auto& x) { return x.outcome_id(); }, outcome_id) == nullptr) {
    return absl::NotFoundError(absl::StrCat("outcome ", outcome_id, " does not exist"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_obstacle_recorded()->set_obstacle_id(id);
  *event.mutable_obstacle_recorded()->mutable_obstacle() = r.obstacle();
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::ResolveObstacleRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("obstacle_id", r.obstacle_id(), true);
  errors.Text("resolution", r.resolution(), true);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOnFile(state, r.header()));
  const v1::Obstacle* obstacle = FindRecord(
      state.obstacles(), [](const auto& x) { return x.obstacle_id(); }, r.obstacle_id());
  if (obstacle == nullptr) {
    return absl::NotFoundError(absl::StrCat("obstacle ", r.obstacle_id(), " does not exist"));
  }
  if (obstacle->has_resolved()) {
    return absl::FailedPreconditionError(
        absl::StrCat("obstacle ", r.obstacle_id(), " is already resolved"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  event.mutable_obstacle_resolved()->set_obstacle_id(r.obstacle_id());
  event.mutable_obstacle_resolved()->set_resolution(r.resolution());
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::SetOutcomeRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("outcome_id", r.outcome_id(), false);
  const v1::OutcomeDetails& outcome = r.outcome();
  errors.Text("outcome.description", outcome.description(), true);
  errors.Text("outcome.measure", outcome.measure(), true, kMaxShortTextBytes);
  errors.Time("outcome.target_date", outcome.target_date(), true, outcome.has_target_date());
  errors.Text("outcome.agreed_with", outcome.agreed_with(), false, kMaxShortTextBytes);
  v1::CaseEvent event = NewEvent(r.header(), context);
  if (outcome.has_target_date() &&
      FromProto(outcome.target_date()) <= FromProto(event.occurred_at())) {
    errors.Add("outcome.target_date", "must be after the outcome is set");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOpen(state, r.header()));
  const std::string id = IdOrNew(r.outcome_id(), context);
  RETURN_IF_ERROR(RequireNew(
      state.outcomes(), [](const auto& x) { return x.outcome_id(); }, id, "outcome"));
  event.mutable_outcome_set()->set_outcome_id(id);
  *event.mutable_outcome_set()->mutable_outcome() = outcome;
  return Events{std::move(event)};
}

absl::StatusOr<Events> Decide(const v1::CaseState& state, const v1::RecordOutcomeProgressRequest& r,
                              const CommandContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("outcome_id", r.outcome_id(), true);
  errors.Enum("status", r.status());
  if (r.percent_complete() > 100) errors.Add("percent_complete", "must be between 0 and 100");
  errors.Text("note", r.note(), false);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireOpen(state, r.header()));
  if (FindRecord(
          state.outcomes(), [](const auto& x) { return x.outcome_id(); }, r.outcome_id()) ==
      nullptr) {
    return absl::NotFoundError(absl::StrCat("outcome ", r.outcome_id(), " does not exist"));
  }
  v1::CaseEvent event = NewEvent(r.header(), context);
  v1::OutcomeProgressRecorded* progress = event.mutable_outcome_progress_recorded();
  progress->set_outcome_id(r.outcome_id());
  progress->set_status(r.status());
  progress->set_percent_complete(r.percent_complete());
  progress->set_note(r.note());
  return Events{std::move(event)};
}

}  // namespace caseledger::domain
