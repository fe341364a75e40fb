// What supervision follows on a case that must not slip, judged against the policy at `now`.

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "domain/supervision_policy.h"
#include "projections/attention.h"

namespace caseledger::projections {
namespace {

void AddReviewActions(const v1::CaseSummary& s, absl::Time now,
                      std::vector<v1::AttentionReason>& reasons) {
  for (const v1::ReviewAction& action : s.open_review_actions()) {
    const absl::Time due = FromProto(action.due_at());
    if (due < now) {
      reasons.push_back(
          AttentionReasonOf(v1::REVIEW_ACTION_OVERDUE,
                            absl::StrCat("review action ", action.action_id(), " for ",
                                         action.owner(), " past due: ", action.what()),
                            due));
    } else {
      reasons.push_back(AttentionReasonOf(
          v1::REVIEW_ACTION_OPEN,
          absl::StrCat("review action ", action.action_id(), " for ", action.owner(), " due ",
                       absl::FormatTime("%Y-%m-%d", due, absl::UTCTimeZone()), ": ", action.what()),
          FromProto(action.set_at())));
    }
  }
}

void AddEscalations(const v1::CaseSummary& s, const v1::Policy& policy, absl::Time now,
                    std::vector<v1::AttentionReason>& reasons) {
  const uint32_t days = domain::EscalationAcknowledgementDays(policy);
  for (const v1::OpenEscalation& e : s.open_escalations()) {
    const absl::Time due = domain::WorkingDaysAfter(policy, FromProto(e.raised_at()), days);
    if (due >= now) continue;
    reasons.push_back(
        AttentionReasonOf(v1::ESCALATION_UNACKNOWLEDGED,
                          absl::StrCat(e.escalation_id(), " (", e.about(), ") raised by ",
                                       e.raised_by(), " not acknowledged by ", e.addressee()),
                          due));
  }
}

void AddOutcomesAndObstacles(const v1::CaseSummary& s, const v1::Policy& policy, absl::Time now,
                             std::vector<v1::AttentionReason>& reasons) {
  for (const v1::OpenOutcome& o : s.open_outcomes()) {
    if (o.status() == v1::AT_RISK) {
      reasons.push_back(AttentionReasonOf(v1::OUTCOME_AT_RISK,
                                          absl::StrCat("outcome ", o.outcome_id(), " is at risk"),
                                          FromProto(o.status_since())));
    }
    if (o.has_target_date() && FromProto(o.target_date()) < now) {
      reasons.push_back(
          AttentionReasonOf(v1::OUTCOME_PAST_TARGET,
                            absl::StrCat("outcome ", o.outcome_id(), " is past its target date"),
                            FromProto(o.target_date())));
    }
  }
  const uint32_t days = domain::ObstacleReviewDays(policy);
  for (const v1::OpenObstacle& o : s.open_obstacles()) {
    const absl::Time due = domain::WorkingDaysAfter(policy, FromProto(o.recorded_at()), days);
    if (due >= now) continue;
    reasons.push_back(
        AttentionReasonOf(v1::OBSTACLE_UNRESOLVED,
                          absl::StrCat(v1::ObstacleKind_Name(o.kind()), " obstacle ",
                                       o.obstacle_id(), " unresolved for ", days, " working days"),
                          due));
  }
}

void AddIncidentResponses(const v1::CaseSummary& s, const v1::Policy& policy, absl::Time now,
                          std::vector<v1::AttentionReason>& reasons) {
  for (const v1::OpenIncident& i : s.incidents_awaiting_response()) {
    const std::optional<uint32_t> days = domain::IncidentResponseDays(policy, i.kind());
    if (!days.has_value()) continue;
    const absl::Time due = domain::WorkingDaysAfter(policy, FromProto(i.flagged_at()), *days);
    if (due >= now) continue;
    reasons.push_back(
        AttentionReasonOf(v1::INCIDENT_RESPONSE_OVERDUE,
                          absl::StrCat(v1::IncidentKind_Name(i.kind()), " ", i.incident_id(),
                                       " has had no decision within ", *days, " working days"),
                          due));
  }
}

}  // namespace

void AddFollowUpReasons(const v1::CaseSummary& s, const v1::Policy& policy, absl::Time now,
                        std::vector<v1::AttentionReason>& reasons) {
  AddReviewActions(s, now, reasons);
  AddEscalations(s, policy, now, reasons);
  AddOutcomesAndObstacles(s, policy, now, reasons);
  AddIncidentResponses(s, policy, now, reasons);
}

void AddFollowUpStanding(const v1::CaseSummary& s, const v1::Policy& policy,
                         AttentionStanding& standing) {
  // Open from when it was set; past due at once when set after its due time.
  for (const v1::ReviewAction& action : s.open_review_actions()) {
    standing.Add(std::min(FromProto(action.set_at()), FromProto(action.due_at())), true);
  }
  const uint32_t acknowledgement = domain::EscalationAcknowledgementDays(policy);
  for (const v1::OpenEscalation& e : s.open_escalations()) {
    standing.Add(domain::WorkingDaysAfter(policy, FromProto(e.raised_at()), acknowledgement),
                 false);
  }
  for (const v1::OpenOutcome& o : s.open_outcomes()) {
    if (o.status() == v1::AT_RISK) standing.Add(FromProto(o.status_since()), true);
    if (o.has_target_date()) standing.Add(FromProto(o.target_date()), false);
  }
  const uint32_t review = domain::ObstacleReviewDays(policy);
  for (const v1::OpenObstacle& o : s.open_obstacles()) {
    standing.Add(domain::WorkingDaysAfter(policy, FromProto(o.recorded_at()), review), false);
  }
  for (const v1::OpenIncident& i : s.incidents_awaiting_response()) {
    const std::optional<uint32_t> days = domain::IncidentResponseDays(policy, i.kind());
    if (!days.has_value()) continue;
    standing.Add(domain::WorkingDaysAfter(policy, FromProto(i.flagged_at()), *days), false);
  }
}

}  // namespace caseledger::projections
