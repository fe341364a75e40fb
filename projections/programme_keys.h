#pragma once

// Key layouts of the programme view. Ids never hold a zero byte, which separates parts.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"

namespace caseledger::projections::programme_keys {

// Every provider: its ProgrammeEntry.
std::string Provider(absl::string_view provider_id);
inline constexpr absl::string_view kProviderPrefix = "p/";
// The provider an inspection case concerns.
std::string CaseProvider(absl::string_view case_id);
// Each provider's place in the programme (its ProgrammeFacts, encoded), under its
// organisation, and under its team and its lead inspector within the organisation.
std::string OrgFacts(absl::string_view org_id, absl::string_view provider_id);
std::string OrgFactsPrefix(absl::string_view org_id);
std::string TeamFacts(absl::string_view org_id, absl::string_view team_id,
                      absl::string_view provider_id);
std::string TeamFactsPrefix(absl::string_view org_id, absl::string_view team_id);
std::string InspectorFacts(absl::string_view org_id, absl::string_view inspector_id,
                           absl::string_view provider_id);
std::string InspectorFactsPrefix(absl::string_view org_id, absl::string_view inspector_id);
// Visits by each of their inspectors within the organisation, by time: a VisitMark.
std::string InspectorVisit(absl::string_view org_id, absl::string_view inspector_id,
                           const google::protobuf::Timestamp& at, absl::string_view case_id,
                           absl::string_view visit_id);
std::string InspectorVisitsFrom(absl::string_view org_id, absl::string_view inspector_id,
                                const google::protobuf::Timestamp& at);
// Work plans by inspector and period: the WorkPlanAgreed, without its objectives and
// inspections.
std::string WorkPlan(absl::string_view inspector_id, absl::string_view period_id);
std::string WorkPlanPrefix(absl::string_view inspector_id);

}  // namespace caseledger::projections::programme_keys
