#include "domain/policy.h"

#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "base/proto_time.h"
#include "base/status_macros.h"
#include "domain/field_errors.h"
#include "domain/inspection_policy.h"
#include "domain/supervision_policy.h"

namespace caseledger::domain {
namespace {

v1::Policy MakeDefaultPolicy() {
  v1::Policy policy;
  auto criterion = [&](const char* name, const char* description, double weight) {
    auto* c = policy.add_criteria();
    c->set_name(name);
    c->set_description(description);
    c->set_weight(weight);
    c->set_scale_max(5);
  };
  criterion("risk_of_harm", "Risk of harm to the client or to people using the service", 3);
  criterion("deadline_urgency", "How close a statutory, court or tribunal deadline is", 2);
  criterion("vulnerability", "The client's vulnerability or the provider's compliance history", 2);
  criterion("impact", "What is at stake: home, income, liberty, quality of care", 1);
  policy.mutable_thresholds()->set_amber_from(40);
  policy.mutable_thresholds()->set_red_from(70);
  auto response = [&](v1::Rag rag, uint32_t first, uint32_t interval) {
    auto* r = policy.add_response_times();
    r->set_rag(rag);
    r->set_first_contact_working_days(first);
    r->set_contact_interval_working_days(interval);
  };
  response(v1::RED, 1, 5);
  response(v1::AMBER, 3, 10);
  response(v1::GREEN, 10, 20);
  auto weight = [&](v1::CaseKind kind, v1::Complexity complexity, double points) {
    auto* w = policy.add_case_weights();
    w->set_kind(kind);
    w->set_complexity(complexity);
    w->set_points(points);
  };
  weight(v1::ADVICE, v1::LOW, 1);
  weight(v1::ADVICE, v1::MEDIUM, 2);
  weight(v1::ADVICE, v1::HIGH, 3);
  weight(v1::INSPECTION, v1::LOW, 2);
  weight(v1::INSPECTION, v1::MEDIUM, 3);
  weight(v1::INSPECTION, v1::HIGH, 5);
  policy.set_safe_caseload_points(40);
  policy.mutable_calendar()->set_time_zone("Europe/London");
  policy.mutable_calendar()->add_non_working_weekdays(6);
  policy.mutable_calendar()->add_non_working_weekdays(7);
  policy.set_dormant_review_days(28);
  AddDefaultInspectionRules(policy);
  AddSupervisionDefaults(policy);
  return policy;
}

void ValidateCriteria(const v1::Policy& policy, FieldErrors& errors) {
  if (policy.criteria_size() == 0) errors.Add("policy.criteria", "needs at least one criterion");
  absl::flat_hash_set<std::string> names;
  for (int i = 0; i < policy.criteria_size(); ++i) {
    const auto& c = policy.criteria(i);
    const std::string field = absl::StrCat("policy.criteria[", i, "]");
    errors.Id(field + ".name", c.name(), true);
    if (!c.name().empty() && !names.insert(c.name()).second) {
      errors.Add(field + ".name", "repeats another criterion's name");
    }
    if (!(c.weight() > 0) || !std::isfinite(c.weight())) {
      errors.Add(field + ".weight", "must be greater than 0");
    }
    if (c.scale_max() < 1 || c.scale_max() > 100) {
      errors.Add(field + ".scale_max", "must be between 1 and 100");
    }
  }
}

void ValidateLevels(const v1::Policy& policy, FieldErrors& errors) {
  const auto& t = policy.thresholds();
  if (!(t.amber_from() > 0 && t.amber_from() < t.red_from() && t.red_from() <= 100)) {
    errors.Add("policy.thresholds", "needs 0 < amber_from < red_from <= 100");
  }
  absl::flat_hash_set<int> rags;
  for (int i = 0; i < policy.response_times_size(); ++i) {
    const auto& r = policy.response_times(i);
    const std::string field = absl::StrCat("policy.response_times[", i, "]");
    errors.Enum(field + ".rag", r.rag());
    if (r.rag() != 0 && !rags.insert(r.rag()).second) errors.Add(field + ".rag", "is repeated");
    if (r.contact_interval_working_days() < 1) {
      errors.Add(field + ".contact_interval_working_days", "must be at least 1");
    }
  }
  if (rags.size() != 3) {
    errors.Add("policy.response_times", "needs one entry for each of RED, AMBER and GREEN");
  }
  absl::flat_hash_set<std::pair<int, int>> weights;
  for (int i = 0; i < policy.case_weights_size(); ++i) {
    const auto& w = policy.case_weights(i);
    const std::string field = absl::StrCat("policy.case_weights[", i, "]");
    errors.Enum(field + ".kind", w.kind());
    errors.Enum(field + ".complexity", w.complexity());
    if (!(w.points() > 0) || !std::isfinite(w.points())) {
      errors.Add(field + ".points", "must be greater than 0");
    }
    if (w.kind() != 0 && w.complexity() != 0 &&
        !weights.insert({w.kind(), w.complexity()}).second) {
      errors.Add(field, "repeats another weight's kind and complexity");
    }
  }
  if (weights.size() != 6) {
    errors.Add("policy.case_weights",
               "needs one weight for each kind (ADVICE, INSPECTION) and complexity");
  }
  if (!(policy.safe_caseload_points() > 0)) {
    errors.Add("policy.safe_caseload_points", "must be greater than 0");
  }
  constexpr uint32_t kCentury = 36525;
  if (policy.dormant_review_days() < 1 || policy.dormant_review_days() > kCentury) {
    errors.Add("policy.dormant_review_days", "must be from 1 to 36525 (a century)");
  }
  if (policy.retention().archive_closed_after_days() > kCentury) {
    errors.Add("policy.retention.archive_closed_after_days", "must be at most 36525 (a century)");
  }
  if (policy.retention().erase_archived_after_days() > kCentury) {
    errors.Add("policy.retention.erase_archived_after_days", "must be at most 36525 (a century)");
  }
}

void ValidateCalendar(const v1::WorkingCalendar& calendar, FieldErrors& errors) {
  absl::TimeZone zone;
  if (calendar.time_zone().empty() || !absl::LoadTimeZone(calendar.time_zone(), &zone)) {
    errors.Add("policy.calendar.time_zone", "must name an IANA time zone, e.g. Europe/London");
  }
  absl::flat_hash_set<uint32_t> days;
  for (int i = 0; i < calendar.non_working_weekdays_size(); ++i) {
    const uint32_t day = calendar.non_working_weekdays(i);
    if (day < 1 || day > 7 || !days.insert(day).second) {
      errors.Add(absl::StrCat("policy.calendar.non_working_weekdays[", i, "]"),
                 "must be a distinct day from 1 (Monday) to 7 (Sunday)");
    }
  }
  if (days.size() == 7) errors.Add("policy.calendar.non_working_weekdays", "leaves no working day");
  for (int i = 0; i < calendar.holidays_size(); ++i) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(calendar.holidays(i), &day)) {
      errors.Add(absl::StrCat("policy.calendar.holidays[", i, "]"), "must be a date YYYY-MM-DD");
    }
  }
}

}  // namespace

std::string PolicyStreamId(absl::string_view org_id) { return absl::StrCat("policy-", org_id); }

const v1::Policy& DefaultPolicy() {
  static const v1::Policy* const policy = new v1::Policy(MakeDefaultPolicy());
  return *policy;
}

v1::PolicyVersion DefaultPolicyVersion(absl::string_view org_id) {
  v1::PolicyVersion version;
  version.set_org_id(std::string(org_id));
  version.set_version(0);
  *version.mutable_policy() = DefaultPolicy();
  version.set_rationale("built-in default");
  return version;
}

absl::Status ValidatePolicy(const v1::Policy& policy) {
  FieldErrors errors;
  ValidateCriteria(policy, errors);
  ValidateLevels(policy, errors);
  ValidateCalendar(policy.calendar(), errors);
  ValidateInspectionRules(policy, errors);
  ValidateSupervisionPolicy(policy, errors);
  return errors.ToStatus();
}

absl::StatusOr<PriorityScore> ScorePriority(
    const v1::Policy& policy,
    const google::protobuf::RepeatedPtrField<v1::CriterionScore>& scores) {
  absl::flat_hash_map<std::string, const v1::PriorityCriterion*> criteria;
  for (const auto& c : policy.criteria()) criteria[c.name()] = &c;
  FieldErrors errors;
  absl::flat_hash_set<std::string> scored;
  double weighted = 0;
  double total_weight = 0;
  for (int i = 0; i < scores.size(); ++i) {
    const auto& s = scores[i];
    const std::string field = absl::StrCat("scores[", i, "]");
    auto it = criteria.find(s.criterion());
    if (it == criteria.end()) {
      errors.Add(field + ".criterion",
                 absl::StrCat(Quoted(s.criterion()), " is not a criterion of the policy in force"));
      continue;
    }
    if (!scored.insert(s.criterion()).second) {
      errors.Add(field + ".criterion", "is scored twice");
      continue;
    }
    if (s.score() > it->second->scale_max()) {
      errors.Add(field + ".score", absl::StrCat("must be between 0 and ", it->second->scale_max()));
      continue;
    }
    weighted += it->second->weight() * s.score() / it->second->scale_max();
    total_weight += it->second->weight();
  }
  for (const auto& c : policy.criteria()) {
    if (!scored.contains(c.name())) {
      errors.Add("scores", absl::StrCat("has no score for criterion '", c.name(), "'"));
    }
  }
  RETURN_IF_ERROR(errors.ToStatus());
  PriorityScore result;
  result.score = total_weight > 0 ? 100 * weighted / total_weight : 0;
  const auto& t = policy.thresholds();
  result.rag = result.score >= t.red_from()     ? v1::RED
               : result.score >= t.amber_from() ? v1::AMBER
                                                : v1::GREEN;
  return result;
}

const v1::ResponseTime& ResponseTimeFor(const v1::Policy& policy, v1::Rag rag) {
  for (const auto& r : policy.response_times()) {
    if (r.rag() == rag) return r;
  }
  for (const auto& r : DefaultPolicy().response_times()) {
    if (r.rag() == rag) return r;
  }
  return DefaultPolicy().response_times(2);  // GREEN
}

double CaseWeightFor(const v1::Policy& policy, v1::CaseKind kind, v1::Complexity complexity) {
  for (const auto& w : policy.case_weights()) {
    if (w.kind() == kind && w.complexity() == complexity) return w.points();
  }
  return 1;
}

absl::StatusOr<v1::PolicyEvent> DecideSetPolicy(const v1::PolicyVersion& current,
                                                const v1::SetPolicyRequest& request, absl::Time now,
                                                absl::string_view actor,
                                                absl::string_view actor_role) {
  FieldErrors errors;
  errors.Id("command_id", request.command_id(), true);
  errors.Id("org_id", request.org_id(), true);
  errors.Text("rationale", request.rationale(), true, kMaxShortTextBytes);
  if (!request.has_policy()) {
    errors.Add("policy", "is required");
  } else {
    RETURN_IF_ERROR(errors.AddFrom(ValidatePolicy(request.policy())));
  }
  RETURN_IF_ERROR(errors.ToStatus());
  if (request.has_expected_version() && request.expected_version() != current.version()) {
    return absl::AbortedError(absl::StrCat("policy of ", request.org_id(), " is at version ",
                                           current.version(), ", not ",
                                           request.expected_version()));
  }
  v1::PolicyEvent event;
  *event.mutable_occurred_at() = ToProto(now);
  event.set_actor(std::string(actor));
  event.set_actor_role(std::string(actor_role));
  v1::PolicySet* set = event.mutable_policy_set();
  set->set_version(current.version() + 1);
  *set->mutable_policy() = request.policy();
  set->set_rationale(request.rationale());
  return event;
}

void EvolvePolicy(v1::PolicyVersion& version, const v1::PolicyEvent& event) {
  if (!event.has_policy_set()) return;
  version.set_version(event.policy_set().version());
  *version.mutable_policy() = event.policy_set().policy();
  version.set_rationale(event.policy_set().rationale());
  version.mutable_set()->set_actor(event.actor());
  *version.mutable_set()->mutable_at() = event.occurred_at();
}

}  // namespace caseledger::domain
