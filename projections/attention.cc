#include "projections/attention.h"

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "domain/inspection_policy.h"
#include "domain/policy.h"
#include "domain/working_days.h"

namespace caseledger::projections {
v1::AttentionReason AttentionReasonOf(v1::AttentionKind kind, std::string detail,
                                      absl::Time since) {
  v1::AttentionReason reason;
  reason.set_kind(kind);
  reason.set_detail(std::move(detail));
  *reason.mutable_since() = ToProto(since);
  return reason;
}

namespace {

v1::AttentionReason Reason(v1::AttentionKind kind, std::string detail, absl::Time since) {
  return AttentionReasonOf(kind, std::move(detail), since);
}

bool ContactSincePriority(const v1::CaseSummary& s) {
  return s.has_last_contact_at() &&
         FromProto(s.last_contact_at()) >= FromProto(s.priority_decided_at());
}

}  // namespace

std::optional<absl::Time> ContactDueBy(const v1::CaseSummary& s, const v1::Policy& policy) {
  if (s.status() != v1::LIVE) return std::nullopt;
  const v1::ResponseTime& response =
      domain::ResponseTimeFor(policy, s.rag() == v1::RAG_UNSPECIFIED ? v1::GREEN : s.rag());
  const domain::WorkingCalendar calendar(policy.calendar());
  const absl::Time decided =
      FromProto(s.has_priority_decided_at() ? s.priority_decided_at() : s.opened_at());
  if (!s.has_last_contact_at() || FromProto(s.last_contact_at()) < decided) {
    // The first contact a (new) priority demands.
    return calendar.DueBy(decided, response.first_contact_working_days());
  }
  return calendar.DueBy(FromProto(s.last_contact_at()), response.contact_interval_working_days());
}

std::optional<v1::OpenDeadline> FollowUpOf(const v1::OpenDeadline& deadline,
                                           const v1::Policy& policy, absl::Time now) {
  if (deadline.kind() != v1::ACTION_PLAN_DUE || FromProto(deadline.due_at()) >= now) {
    return std::nullopt;
  }
  v1::OpenDeadline follow_up;
  follow_up.set_deadline_id(absl::StrCat(deadline.deadline_id(), "-follow-up"));
  follow_up.set_kind(v1::FOLLOW_UP_INSPECTION);
  *follow_up.mutable_due_at() = ToProto(FromProto(deadline.due_at()) +
                                        absl::Hours(24) * domain::FollowUpInspectionDays(policy));
  follow_up.set_what(absl::StrCat("Follow-up inspection: ", deadline.deadline_id(),
                                  " passed without the action plan verified"));
  return follow_up;
}

bool IsOverdue(const v1::CaseSummary& s, absl::Time now) {
  return s.open_deadlines_size() > 0 && FromProto(s.open_deadlines(0).due_at()) < now;
}

std::vector<v1::AttentionReason> AttentionReasons(const v1::CaseSummary& s,
                                                  const v1::Policy& policy, absl::Time now) {
  std::vector<v1::AttentionReason> reasons;
  if (s.status() != v1::LIVE && s.status() != v1::DORMANT) return reasons;
  const bool red = s.rag() == v1::RED;
  if (red && s.worker_id().empty()) {
    reasons.push_back(Reason(v1::HIGH_PRIORITY_UNALLOCATED, "red case with no worker",
                             FromProto(s.priority_decided_at())));
  }
  const std::optional<absl::Time> due = ContactDueBy(s, policy);
  if (due.has_value() && *due < now) {
    if (red && !ContactSincePriority(s)) {
      reasons.push_back(Reason(v1::HIGH_PRIORITY_NO_ACTION,
                               "red case with no contact within its response time", *due));
    } else {
      reasons.push_back(Reason(v1::NO_CONTACT_WITHIN_INTERVAL,
                               "no contact within the interval its priority demands", *due));
    }
  }
  for (const v1::OpenDeadline& d : s.open_deadlines()) {
    const absl::Time due_at = FromProto(d.due_at());
    if (due_at >= now) break;  // soonest first
    reasons.push_back(Reason(v1::DEADLINE_MISSED,
                             absl::StrCat("deadline ", d.deadline_id(), " missed: ", d.what()),
                             due_at));
    if (std::optional<v1::OpenDeadline> follow_up = FollowUpOf(d, policy, now)) {
      reasons.push_back(Reason(
          v1::FOLLOW_UP_INSPECTION_DUE,
          absl::StrCat(
              follow_up->what(), ", by ",
              absl::FormatTime("%Y-%m-%d", FromProto(follow_up->due_at()), absl::UTCTimeZone())),
          due_at));
    }
  }
  for (const v1::OpenIncident& incident : s.open_serious_incidents()) {
    reasons.push_back(Reason(v1::OPEN_SERIOUS_INCIDENT,
                             absl::StrCat(v1::IncidentKind_Name(incident.kind()), " ",
                                          incident.incident_id(), " is open"),
                             FromProto(incident.flagged_at())));
  }
  if (s.status() == v1::DORMANT && s.has_review_by() && FromProto(s.review_by()) < now) {
    reasons.push_back(Reason(v1::DORMANT_REVIEW_DUE, "dormant case past its review date",
                             FromProto(s.review_by())));
  }
  if (s.reassessment_required()) {
    absl::Time since = FromProto(s.last_activity_at());
    for (const v1::OpenIncident& incident : s.open_serious_incidents()) {
      since = std::min(since, FromProto(incident.flagged_at()));
    }
    reasons.push_back(Reason(v1::REASSESSMENT_DUE,
                             "a serious incident requires the priority to be reassessed", since));
  }
  AddFollowUpReasons(s, policy, now, reasons);
  return reasons;
}

std::optional<AttentionStanding> StandingOf(const v1::CaseSummary& s, const v1::Policy& policy) {
  if (s.status() != v1::LIVE && s.status() != v1::DORMANT) return std::nullopt;
  AttentionStanding standing;
  if (s.rag() == v1::RED && s.worker_id().empty()) {
    standing.Add(FromProto(s.priority_decided_at()), true);
  }
  if (const std::optional<absl::Time> due = ContactDueBy(s, policy); due.has_value()) {
    standing.Add(*due, false);
  }
  // Soonest first: the first is the earliest, and its follow-up starts with it.
  if (s.open_deadlines_size() > 0) standing.Add(FromProto(s.open_deadlines(0).due_at()), false);
  for (const v1::OpenIncident& incident : s.open_serious_incidents()) {
    standing.Add(FromProto(incident.flagged_at()), true);
  }
  if (s.status() == v1::DORMANT && s.has_review_by()) {
    standing.Add(FromProto(s.review_by()), false);
  }
  if (s.reassessment_required()) standing.Add(FromProto(s.last_activity_at()), true);
  AddFollowUpStanding(s, policy, standing);
  if (standing.since == absl::InfiniteFuture()) return std::nullopt;
  return standing;
}

}  // namespace caseledger::projections
