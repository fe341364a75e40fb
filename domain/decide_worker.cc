// Decisions on a worker's record: the level of monitoring, supervision sessions, training
// needs, corrective action, and the worker's own caseload reviews.

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/decide_support.h"
#include "domain/monitoring.h"
#include "domain/worker.h"
#include "google/protobuf/util/message_differencer.h"

namespace caseledger::domain {

using internal::CheckIds;
using internal::CheckTexts;
using internal::FindRecord;
using internal::RequireNew;

namespace {

FieldErrors CheckHeader(const v1::WorkerCommandHeader& header, const WorkerContext& context) {
  return internal::CheckHeaderOf(header, "header.worker_id", header.worker_id(), context.now);
}

v1::WorkerEvent NewEvent(const v1::WorkerCommandHeader& header, const WorkerContext& context) {
  v1::WorkerEvent event = internal::NewEventOf<v1::WorkerEvent>(header, context);
  event.set_org_id(context.org_id);
  event.set_team_id(context.team_id);
  return event;
}

std::string IdOrNew(const std::string& given, const WorkerContext& context) {
  return given.empty() ? context.new_id : given;
}

// A supervisor's record of a worker is kept by someone else: nobody supervises themselves.
absl::Status RequireSomeoneElse(const v1::WorkerCommandHeader& header, const WorkerContext& context,
                                absl::string_view what) {
  if (header.worker_id() != context.actor) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(context.actor, " may not ", what, " for themselves: their supervisor does"));
}

void RequireAfter(absl::string_view field, const google::protobuf::Timestamp& later,
                  const google::protobuf::Timestamp& earlier, absl::string_view what,
                  FieldErrors& errors) {
  if (FromProto(later) <= FromProto(earlier)) {
    errors.Add(std::string(field), absl::StrCat("must be after ", what));
  }
}

}  // namespace

std::string WorkerStreamId(absl::string_view worker_id) {
  return absl::StrCat("worker-", worker_id);
}

std::string WorkerSubjectId(absl::string_view worker_id) {
  return absl::StrCat("worker:", worker_id);
}

absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::SetMonitoringLevelRequest& r,
                                    const WorkerContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  CheckMonitoringLevel("level", r.level(), true, errors);
  errors.Text("reason", r.reason(), true, kMaxShortTextBytes);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireSomeoneElse(r.header(), context, "set a monitoring level"));
  if (state.has_monitoring_level() &&
      google::protobuf::util::MessageDifferencer::Equals(state.monitoring_level(), r.level())) {
    return absl::FailedPreconditionError(absl::StrCat(r.header().worker_id(), " is already at ",
                                                      DescribeMonitoringLevel(r.level())));
  }
  v1::WorkerEvent event = NewEvent(r.header(), context);
  v1::MonitoringLevelSet* set = event.mutable_monitoring_level_set();
  *set->mutable_level() = r.level();
  if (state.has_monitoring_level()) *set->mutable_previous() = state.monitoring_level();
  set->set_reason(r.reason());
  return WorkerEvents{std::move(event)};
}

absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::RecordSupervisionSessionRequest& r,
                                    const WorkerContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("session_id", r.session_id(), false);
  const v1::SupervisionSession& session = r.session();
  errors.Time("session.held_at", session.held_at(), true, session.has_held_at());
  if (session.has_held_at() && FromProto(session.held_at()) > context.now + absl::Minutes(1)) {
    errors.Add("session.held_at", "is in the future");
  }
  if (session.agenda_size() == 0) errors.Add("session.agenda", "needs at least one item");
  CheckTexts("session.agenda", session.agenda(), errors);
  CheckIds("session.cases_discussed", session.cases_discussed(), errors);
  CheckTexts("session.agreed_actions", session.agreed_actions(), errors);
  errors.Text("session.wellbeing_discussed", session.wellbeing_discussed(), false);
  errors.Text("session.workload_discussed", session.workload_discussed(), false);
  errors.Time("session.next_session_at", session.next_session_at(), false,
              session.has_next_session_at());
  if (session.has_held_at() && session.has_next_session_at()) {
    RequireAfter("session.next_session_at", session.next_session_at(), session.held_at(),
                 "the session", errors);
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireSomeoneElse(r.header(), context, "record a supervision session"));
  const std::string id = IdOrNew(r.session_id(), context);
  RETURN_IF_ERROR(RequireNew(
      state.sessions(), [](const auto& x) { return x.session_id(); }, id, "session"));
  v1::WorkerEvent event = NewEvent(r.header(), context);
  event.mutable_supervision_session_recorded()->set_session_id(id);
  *event.mutable_supervision_session_recorded()->mutable_session() = session;
  return WorkerEvents{std::move(event)};
}

absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::RecordTrainingNeedRequest& r,
                                    const WorkerContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("need_id", r.need_id(), false);
  errors.Text("need.need", r.need().need(), true, kMaxShortTextBytes);
  errors.Text("need.competence", r.need().competence(), false, kMaxShortTextBytes);
  errors.Id("need.identified_from", r.need().identified_from(), false);
  errors.Time("need.address_by", r.need().address_by(), false, r.need().has_address_by());
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireSomeoneElse(r.header(), context, "record a training need"));
  const std::string id = IdOrNew(r.need_id(), context);
  RETURN_IF_ERROR(RequireNew(
      state.training_needs(), [](const auto& x) { return x.need_id(); }, id, "training need"));
  v1::WorkerEvent event = NewEvent(r.header(), context);
  event.mutable_training_need_recorded()->set_need_id(id);
  *event.mutable_training_need_recorded()->mutable_need() = r.need();
  return WorkerEvents{std::move(event)};
}

absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::MeetTrainingNeedRequest& r,
                                    const WorkerContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("need_id", r.need_id(), true);
  errors.Text("how", r.how(), true, kMaxShortTextBytes);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireSomeoneElse(r.header(), context, "mark a training need met"));
  const v1::TrainingNeedEntry* need = FindRecord(
      state.training_needs(), [](const auto& x) { return x.need_id(); }, r.need_id());
  if (need == nullptr) {
    return absl::NotFoundError(absl::StrCat("training need ", r.need_id(), " does not exist"));
  }
  if (need->has_met()) {
    return absl::FailedPreconditionError(
        absl::StrCat("training need ", r.need_id(), " was already met"));
  }
  v1::WorkerEvent event = NewEvent(r.header(), context);
  event.mutable_training_need_met()->set_need_id(r.need_id());
  event.mutable_training_need_met()->set_how(r.how());
  return WorkerEvents{std::move(event)};
}

absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::RecordCorrectiveActionRequest& r,
                                    const WorkerContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("action_id", r.action_id(), false);
  const v1::CorrectiveAction& action = r.action();
  errors.Text("action.concern", action.concern(), true);
  errors.Text("action.action", action.action(), true);
  errors.Time("action.review_by", action.review_by(), true, action.has_review_by());
  CheckIds("action.evidence", action.evidence(), errors);
  v1::WorkerEvent event = NewEvent(r.header(), context);
  if (action.has_review_by()) {
    RequireAfter("action.review_by", action.review_by(), event.occurred_at(), "it is recorded",
                 errors);
  }
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireSomeoneElse(r.header(), context, "record corrective action"));
  const std::string id = IdOrNew(r.action_id(), context);
  RETURN_IF_ERROR(RequireNew(
      state.corrective_actions(), [](const auto& x) { return x.action_id(); }, id,
      "corrective action"));
  event.mutable_corrective_action_recorded()->set_action_id(id);
  *event.mutable_corrective_action_recorded()->mutable_action() = action;
  return WorkerEvents{std::move(event)};
}

absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::CloseCorrectiveActionRequest& r,
                                    const WorkerContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("action_id", r.action_id(), true);
  errors.Text("outcome", r.outcome(), true);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireSomeoneElse(r.header(), context, "close corrective action"));
  const v1::CorrectiveActionEntry* action = FindRecord(
      state.corrective_actions(), [](const auto& x) { return x.action_id(); }, r.action_id());
  if (action == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("corrective action ", r.action_id(), " does not exist"));
  }
  if (action->has_closed()) {
    return absl::FailedPreconditionError(
        absl::StrCat("corrective action ", r.action_id(), " is already closed"));
  }
  v1::WorkerEvent event = NewEvent(r.header(), context);
  event.mutable_corrective_action_closed()->set_action_id(r.action_id());
  event.mutable_corrective_action_closed()->set_outcome(r.outcome());
  return WorkerEvents{std::move(event)};
}

absl::StatusOr<WorkerEvents> Decide(const v1::WorkerState& state,
                                    const v1::RecordCaseloadReviewRequest& r,
                                    const WorkerContext& context) {
  FieldErrors errors = CheckHeader(r.header(), context);
  errors.Id("review_id", r.review_id(), false);
  const v1::CaseloadReview& review = r.review();
  if (review.cases_reviewed_size() == 0) {
    errors.Add("review.cases_reviewed", "needs at least one case");
  }
  CheckIds("review.cases_reviewed", review.cases_reviewed(), errors);
  CheckIds("review.cases_reprioritised", review.cases_reprioritised(), errors);
  CheckIds("review.cases_closed", review.cases_closed(), errors);
  CheckTexts("review.obstacles_found", review.obstacles_found(), errors);
  CheckTexts("review.improvements_proposed", review.improvements_proposed(), errors);
  const absl::flat_hash_set<std::string> reviewed(review.cases_reviewed().begin(),
                                                  review.cases_reviewed().end());
  auto among_reviewed = [&](const char* name, const auto& ids) {
    for (int i = 0; i < ids.size(); ++i) {
      if (!reviewed.contains(ids[i])) {
        errors.Add(absl::StrCat("review.", name, "[", i, "]"), "is not among cases_reviewed");
      }
    }
  };
  among_reviewed("cases_reprioritised", review.cases_reprioritised());
  among_reviewed("cases_closed", review.cases_closed());
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string id = IdOrNew(r.review_id(), context);
  RETURN_IF_ERROR(RequireNew(
      state.caseload_reviews(), [](const auto& x) { return x.review_id(); }, id,
      "caseload review"));
  v1::WorkerEvent event = NewEvent(r.header(), context);
  event.mutable_caseload_review_recorded()->set_review_id(id);
  *event.mutable_caseload_review_recorded()->mutable_review() = review;
  return WorkerEvents{std::move(event)};
}

}  // namespace caseledger::domain
