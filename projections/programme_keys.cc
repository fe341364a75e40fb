#include "projections/programme_keys.h"

#include "absl/strings/str_cat.h"
#include "projections/view_keys.h"

namespace caseledger::projections::programme_keys {
namespace {

constexpr absl::string_view kSeparator("\0", 1);

}  // namespace

std::string Provider(absl::string_view provider_id) {
  return absl::StrCat(kProviderPrefix, provider_id);
}

std::string CaseProvider(absl::string_view case_id) { return absl::StrCat("cp/", case_id); }

std::string OrgFactsPrefix(absl::string_view org_id) {
  return absl::StrCat("fo/", org_id, kSeparator);
}
std::string OrgFacts(absl::string_view org_id, absl::string_view provider_id) {
  return absl::StrCat(OrgFactsPrefix(org_id), provider_id);
}
std::string TeamFactsPrefix(absl::string_view org_id, absl::string_view team_id) {
  return absl::StrCat("ft/", org_id, kSeparator, team_id, kSeparator);
}
std::string TeamFacts(absl::string_view org_id, absl::string_view team_id,
                      absl::string_view provider_id) {
  return absl::StrCat(TeamFactsPrefix(org_id, team_id), provider_id);
}
std::string InspectorFactsPrefix(absl::string_view org_id, absl::string_view inspector_id) {
  return absl::StrCat("fi/", org_id, kSeparator, inspector_id, kSeparator);
}
std::string InspectorFacts(absl::string_view org_id, absl::string_view inspector_id,
                           absl::string_view provider_id) {
  return absl::StrCat(InspectorFactsPrefix(org_id, inspector_id), provider_id);
}

std::string InspectorVisitsFrom(absl::string_view org_id, absl::string_view inspector_id,
                                const google::protobuf::Timestamp& at) {
  return absl::StrCat("v/", org_id, kSeparator, inspector_id, kSeparator, view_keys::TimeKey(at));
}
std::string InspectorVisit(absl::string_view org_id, absl::string_view inspector_id,
                           const google::protobuf::Timestamp& at, absl::string_view case_id,
                           absl::string_view visit_id) {
  return absl::StrCat(InspectorVisitsFrom(org_id, inspector_id, at), case_id, kSeparator, visit_id);
}

std::string WorkPlanPrefix(absl::string_view inspector_id) {
  return absl::StrCat("w/", inspector_id, kSeparator);
}
std::string WorkPlan(absl::string_view inspector_id, absl::string_view period_id) {
  return absl::StrCat(WorkPlanPrefix(inspector_id), period_id);
}

}  // namespace caseledger::projections::programme_keys
