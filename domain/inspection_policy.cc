#include "domain/inspection_policy.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "base/proto_time.h"
#include "domain/policy.h"

namespace caseledger::domain {
namespace {

constexpr uint32_t kMaxMonths = 120;
constexpr uint32_t kMaxDays = 3660;

const v1::Policy& Rules(const v1::Policy& policy, bool has_own) {
  return has_own ? policy : DefaultPolicy();
}

}  // namespace

void AddDefaultInspectionRules(v1::Policy& policy) {
  auto level = [&](const char* name, const char* description, uint32_t months) {
    v1::JudgementLevel* l = policy.add_judgement_scale();
    l->set_name(name);
    l->set_description(description);
    l->set_inspection_interval_months(months);
  };
  level("outstanding", "The service is performing exceptionally well", 30);
  level("good", "The service is performing well and meeting expectations", 24);
  level("requires_improvement", "The service is not performing as well as it should", 12);
  level("inadequate", "The service is performing badly", 6);
  policy.set_first_inspection_months(12);
  auto rule = [&](v1::Severity severity, std::vector<v1::IntelligenceKind> kinds, uint32_t days) {
    v1::IntelligenceRule* r = policy.add_intelligence_rules();
    r->set_min_severity(severity);
    for (v1::IntelligenceKind kind : kinds) r->add_kinds(kind);
    r->set_inspect_within_days(days);
  };
  rule(v1::SERIOUS, {}, 30);
  rule(v1::MODERATE, {v1::INTELLIGENCE_SAFEGUARDING, v1::INTELLIGENCE_WHISTLEBLOWING}, 60);
  auto power = [&](const char* kind, const char* description) {
    v1::EnforcementPower* p = policy.add_enforcement_powers();
    p->set_kind(kind);
    p->set_description(description);
  };
  power("warning_notice", "A warning notice: what must improve, and by when");
  power("requirement_notice", "A requirement notice: the regulation breached and what is required");
  power("conditions", "Conditions imposed on, varied in or removed from the registration");
  power("suspension", "The registration suspended for a period");
  power("cancellation", "The registration cancelled");
  v1::DocumentTimeFrames* frames = policy.mutable_document_time_frames();
  frames->set_draft_within_working_days(15);
  frames->set_send_within_working_days(5);
  frames->set_comments_within_working_days(10);
  frames->set_publish_within_working_days(5);
  policy.set_follow_up_inspection_days(28);
}

void ValidateInspectionRules(const v1::Policy& policy, FieldErrors& errors) {
  absl::flat_hash_set<std::string> names;
  for (int i = 0; i < policy.judgement_scale_size(); ++i) {
    const v1::JudgementLevel& level = policy.judgement_scale(i);
    const std::string field = absl::StrCat("policy.judgement_scale[", i, "]");
    errors.Id(field + ".name", level.name(), true);
    if (!level.name().empty() && !names.insert(level.name()).second) {
      errors.Add(field + ".name", "repeats another level's name");
    }
    if (level.inspection_interval_months() < 1 || level.inspection_interval_months() > kMaxMonths) {
      errors.Add(field + ".inspection_interval_months", "must be from 1 to 120");
    }
  }
  if (policy.first_inspection_months() > kMaxMonths) {
    errors.Add("policy.first_inspection_months", "must be at most 120");
  }
  for (int i = 0; i < policy.intelligence_rules_size(); ++i) {
    const v1::IntelligenceRule& rule = policy.intelligence_rules(i);
    const std::string field = absl::StrCat("policy.intelligence_rules[", i, "]");
    errors.Enum(field + ".min_severity", rule.min_severity());
    for (int k = 0; k < rule.kinds_size(); ++k) {
      errors.Enum(absl::StrCat(field, ".kinds[", k, "]"), rule.kinds(k));
    }
    if (rule.inspect_within_days() < 1 || rule.inspect_within_days() > kMaxDays) {
      errors.Add(field + ".inspect_within_days", "must be from 1 to 3660");
    }
  }
  absl::flat_hash_set<std::string> kinds;
  for (int i = 0; i < policy.enforcement_powers_size(); ++i) {
    const v1::EnforcementPower& power = policy.enforcement_powers(i);
    const std::string field = absl::StrCat("policy.enforcement_powers[", i, "]");
    errors.Id(field + ".kind", power.kind(), true);
    if (!power.kind().empty() && !kinds.insert(power.kind()).second) {
      errors.Add(field + ".kind", "repeats another power's kind");
    }
    errors.Text(field + ".description", power.description(), false, kMaxShortTextBytes);
  }
  if (policy.has_document_time_frames()) {
    const v1::DocumentTimeFrames& frames = policy.document_time_frames();
    const std::pair<const char*, uint32_t> steps[] = {
        {"draft_within_working_days", frames.draft_within_working_days()},
        {"send_within_working_days", frames.send_within_working_days()},
        {"comments_within_working_days", frames.comments_within_working_days()},
        {"publish_within_working_days", frames.publish_within_working_days()},
    };
    for (const auto& [name, days] : steps) {
      if (days < 1 || days > kMaxDays) {
        errors.Add(absl::StrCat("policy.document_time_frames.", name), "must be from 1 to 3660");
      }
    }
  }
  if (policy.follow_up_inspection_days() > kMaxDays) {
    errors.Add("policy.follow_up_inspection_days", "must be at most 3660");
  }
}

const google::protobuf::RepeatedPtrField<v1::JudgementLevel>& JudgementScale(
    const v1::Policy& policy) {
  return Rules(policy, policy.judgement_scale_size() > 0).judgement_scale();
}

const v1::JudgementLevel* FindJudgement(const v1::Policy& policy, absl::string_view judgement) {
  for (const v1::JudgementLevel& level : JudgementScale(policy)) {
    if (level.name() == judgement) return &level;
  }
  return nullptr;
}

int JudgementRisk(const v1::Policy& policy, absl::string_view judgement) {
  const auto& scale = JudgementScale(policy);
  for (int i = 0; i < scale.size(); ++i) {
    if (scale[i].name() == judgement) return i + 1;
  }
  return 0;
}

void CheckJudgement(const v1::Policy& policy, absl::string_view field, absl::string_view judgement,
                    bool required, FieldErrors& errors) {
  if (judgement.empty()) {
    if (required) errors.Add(std::string(field), "is required");
    return;
  }
  if (FindJudgement(policy, judgement) == nullptr) {
    std::string levels;
    for (const v1::JudgementLevel& level : JudgementScale(policy)) {
      absl::StrAppend(&levels, levels.empty() ? "" : ", ", level.name());
    }
    errors.Add(
        std::string(field),
        absl::StrCat(Quoted(judgement), " is not a level of the policy's scale (", levels, ")"));
  }
}

uint32_t FirstInspectionMonths(const v1::Policy& policy) {
  return Rules(policy, policy.first_inspection_months() > 0).first_inspection_months();
}

uint32_t FollowUpInspectionDays(const v1::Policy& policy) {
  return Rules(policy, policy.follow_up_inspection_days() > 0).follow_up_inspection_days();
}

const v1::DocumentTimeFrames& DocumentTimeFramesOf(const v1::Policy& policy) {
  return Rules(policy, policy.has_document_time_frames()).document_time_frames();
}

bool IsEnforcementPower(const v1::Policy& policy, absl::string_view kind) {
  for (const v1::EnforcementPower& power :
       Rules(policy, policy.enforcement_powers_size() > 0).enforcement_powers()) {
    if (power.kind() == kind) return true;
  }
  return false;
}

std::optional<absl::Time> InspectBy(const v1::Policy& policy,
                                    const v1::IntelligenceDetails& details) {
  std::optional<absl::Time> by;
  for (const v1::IntelligenceRule& rule :
       Rules(policy, policy.intelligence_rules_size() > 0).intelligence_rules()) {
    if (details.severity() < rule.min_severity()) continue;
    if (rule.kinds_size() > 0 &&
        std::find(rule.kinds().begin(), rule.kinds().end(), details.kind()) == rule.kinds().end()) {
      continue;
    }
    const absl::Time within =
        FromProto(details.received_at()) + absl::Hours(24) * rule.inspect_within_days();
    if (!by.has_value() || within < *by) by = within;
  }
  return by;
}

absl::Time AddMonths(absl::Time t, int months) {
  const absl::CivilSecond civil = absl::ToCivilSecond(t, absl::UTCTimeZone());
  const absl::CivilSecond moved(civil.year(), civil.month() + months, civil.day(), civil.hour(),
                                civil.minute(), civil.second());
  return absl::FromCivil(moved, absl::UTCTimeZone());
}

}  // namespace caseledger::domain
