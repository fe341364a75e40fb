#include "domain/supervision_policy.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "domain/monitoring.h"
#include "domain/policy.h"
#include "domain/working_days.h"

namespace caseledger::domain {
namespace {

constexpr uint32_t kMaxDays = 366;

}  // namespace

void AddSupervisionDefaults(v1::Policy& policy) {
  auto response = [&](v1::IncidentKind kind, uint32_t days) {
    v1::IncidentResponseTime* r = policy.add_incident_response_times();
    r->set_kind(kind);
    r->set_decision_working_days(days);
  };
  response(v1::SAFEGUARDING_CONCERN, 1);
  response(v1::CATASTROPHIC_INCIDENT, 1);
  response(v1::AGGRESSIVE_OR_VIOLENT_BEHAVIOUR, 1);
  response(v1::REPORTED_RISK, 2);
  response(v1::INCORRECT_ADVICE, 2);
  response(v1::CONFIDENTIALITY_QUERY, 2);
  response(v1::COMPLAINT, 10);
  policy.set_escalation_acknowledgement_working_days(1);
  policy.set_review_action_working_days(10);
  policy.set_obstacle_review_working_days(10);
  policy.set_file_review_working_days(2);
  policy.mutable_default_monitoring_level()->set_kind(v1::SAMPLE_FILES_PER_MONTH);
  policy.mutable_default_monitoring_level()->set_files_per_month(2);
}

void ValidateSupervisionPolicy(const v1::Policy& policy, FieldErrors& errors) {
  absl::flat_hash_set<int> kinds;
  for (int i = 0; i < policy.incident_response_times_size(); ++i) {
    const v1::IncidentResponseTime& r = policy.incident_response_times(i);
    const std::string field = absl::StrCat("policy.incident_response_times[", i, "]");
    errors.Enum(field + ".kind", r.kind());
    if (r.kind() != 0 && !kinds.insert(r.kind()).second) {
      errors.Add(field + ".kind", "is repeated");
    }
    if (r.decision_working_days() > kMaxDays) {
      errors.Add(field + ".decision_working_days", "must be at most 366");
    }
  }
  auto days = [&](const char* name, bool has, uint32_t value) {
    if (has && value > kMaxDays) {
      errors.Add(absl::StrCat("policy.", name), "must be at most 366");
    }
  };
  days("escalation_acknowledgement_working_days",
       policy.has_escalation_acknowledgement_working_days(),
       policy.escalation_acknowledgement_working_days());
  days("review_action_working_days", policy.has_review_action_working_days(),
       policy.review_action_working_days());
  days("obstacle_review_working_days", policy.has_obstacle_review_working_days(),
       policy.obstacle_review_working_days());
  days("file_review_working_days", policy.has_file_review_working_days(),
       policy.file_review_working_days());
  CheckMonitoringLevel("policy.default_monitoring_level", policy.default_monitoring_level(), false,
                       errors);
}

std::optional<uint32_t> IncidentResponseDays(const v1::Policy& policy, v1::IncidentKind kind) {
  const v1::Policy& source = policy.incident_response_times_size() > 0 ? policy : DefaultPolicy();
  for (const v1::IncidentResponseTime& r : source.incident_response_times()) {
    if (r.kind() == kind) return r.decision_working_days();
  }
  return std::nullopt;
}

uint32_t EscalationAcknowledgementDays(const v1::Policy& policy) {
  return policy.has_escalation_acknowledgement_working_days()
             ? policy.escalation_acknowledgement_working_days()
             : DefaultPolicy().escalation_acknowledgement_working_days();
}

uint32_t ReviewActionDays(const v1::Policy& policy) {
  return policy.has_review_action_working_days() ? policy.review_action_working_days()
                                                 : DefaultPolicy().review_action_working_days();
}

uint32_t ObstacleReviewDays(const v1::Policy& policy) {
  return policy.has_obstacle_review_working_days() ? policy.obstacle_review_working_days()
                                                   : DefaultPolicy().obstacle_review_working_days();
}

uint32_t FileReviewDays(const v1::Policy& policy) {
  return policy.has_file_review_working_days() ? policy.file_review_working_days()
                                               : DefaultPolicy().file_review_working_days();
}

const v1::MonitoringLevel& DefaultMonitoringLevel(const v1::Policy& policy) {
  return policy.has_default_monitoring_level() ? policy.default_monitoring_level()
                                               : DefaultPolicy().default_monitoring_level();
}

absl::Time WorkingDaysAfter(const v1::Policy& policy, absl::Time from, uint32_t days) {
  return WorkingCalendar(policy.calendar()).DueBy(from, static_cast<int>(days));
}

}  // namespace caseledger::domain
