#include "app/roles.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "app/methods.h"
#include "caseledger/v1/api_files.h"
#include "google/protobuf/descriptor.h"

namespace caseledger::app {
namespace {

constexpr Reach N = Reach::kNone;
constexpr Reach Own = Reach::kOwn;
constexpr Reach Team = Reach::kTeam;
constexpr Reach Org = Reach::kOrg;

// caseworker, inspector, supervisor, compliance officer, administrator.
constexpr Permission kPermissions[] = {
    {methods::kOpenCase, Own, Own, Team, N, N},
    {methods::kAssignCase, N, N, Team, N, N},
    {methods::kChangeStatus, Own, Own, Team, N, N},
    {methods::kRecordNote, Own, Own, Team, N, N},
    {methods::kCorrectNote, Own, Own, Team, N, N},
    {methods::kSetDeadline, Own, Own, Team, N, N},
    {methods::kCompleteDeadline, Own, Own, Team, N, N},
    {methods::kRecordDeadlineAction, Own, Own, Team, N, N},
    {methods::kAssessPriority, Own, Own, Team, N, N},
    {methods::kReprioritise, Own, Own, Team, N, N},
    {methods::kFlagUntowardIncident, Own, Own, Team, N, N},
    {methods::kResolveIncident, Own, Own, Team, N, N},
    {methods::kRecordReferral, Own, Own, Team, N, N},
    {methods::kRecordObstacle, Own, Own, Team, N, N},
    {methods::kResolveObstacle, Own, Own, Team, N, N},
    {methods::kSetOutcome, Own, Own, Team, N, N},
    {methods::kRecordOutcomeProgress, Own, Own, Team, N, N},
    {methods::kRecordFileReview, N, N, Team, N, N},
    {methods::kAddKeyPerson, Own, Own, Team, N, N},
    {methods::kCompleteReviewAction, Own, Own, Team, N, N},
    {methods::kAcknowledgeEscalation, Own, Own, Team, N, N},
    {methods::kUpdateKeyPerson, Own, Own, Team, N, N},
    {methods::kWithdrawKeyPersonConsent, Own, Own, Team, N, N},
    {methods::kEndKeyPersonInvolvement, Own, Own, Team, N, N},
    {methods::kGetCase, Own, Own, Team, Org, N},
    {methods::kListCaseload, Own, Own, Team, Org, N},
    {methods::kGetWorkload, Own, Own, Team, Org, N},
    {methods::kListDiary, Own, Own, Team, Org, N},
    {methods::kListAttention, Own, Own, Team, Org, N},
    {methods::kGetCaseHistory, Own, Own, Team, Org, N},
    {methods::kReplayCase, Own, Own, Team, Org, N},
    {methods::kListActorEvents, Own, Own, Own, Org, N},
    {methods::kListCaseAccess, N, N, N, Org, N},
    {methods::kVerifyLog, N, N, N, Org, Org},
    {methods::kExportSubject, N, N, N, Org, N},
    {methods::kEraseSubject, N, N, N, N, Org},
    {methods::kSetPolicy, N, N, N, N, Org},
    {methods::kGetPolicy, Org, Org, Org, Org, Org},
    {methods::kPlanVisit, N, Own, Team, N, N},
    {methods::kRecordVisit, N, Own, Team, N, N},
    {methods::kRecordFindings, N, Own, Team, N, N},
    {methods::kDraftDocument, N, Own, Team, N, N},
    {methods::kSendForFactualAccuracy, N, Own, Team, N, N},
    {methods::kRecordProviderComments, N, Own, Team, N, N},
    {methods::kPublishDocument, N, Own, Team, N, N},
    {methods::kRequireActionPlan, N, Own, Team, N, N},
    {methods::kRecordActionPlan, N, Own, Team, N, N},
    {methods::kRecordActionProgress, N, Own, Team, N, N},
    {methods::kVerifyActionPlan, N, Own, Team, N, N},
    {methods::kTakeEnforcementAction, N, Own, Team, N, N},
    {methods::kConcludeEnforcementAction, N, Own, Team, N, N},
    {methods::kRegisterProvider, N, Own, Team, N, N},
    {methods::kAssignProvider, N, N, Team, N, N},
    {methods::kRecordRating, N, Own, Team, N, N},
    {methods::kRecordIntelligence, N, Own, Team, N, N},
    {methods::kConsiderIntelligence, N, Own, Team, N, N},
    {methods::kGetProvider, N, Own, Team, Org, N},
    {methods::kListProviders, N, Own, Team, Org, N},
    {methods::kGetProviderHistory, N, Own, Team, Org, N},
    {methods::kListInspectionProgramme, N, Own, Team, Org, N},
    {methods::kAgreeWorkPlan, N, Own, Team, N, N},
    {methods::kRecordObjectiveProgress, N, Own, Team, N, N},
    {methods::kReviewWorkPlan, N, Own, Team, N, N},
    {methods::kGetWorkPlan, N, Own, Team, Org, N},
    // A worker's record: their supervisor keeps it, they and compliance officers read it.
    {methods::kSetMonitoringLevel, N, N, Team, N, N},
    {methods::kRecordSupervisionSession, N, N, Team, N, N},
    {methods::kRecordTrainingNeed, N, N, Team, N, N},
    {methods::kMeetTrainingNeed, N, N, Team, N, N},
    {methods::kRecordCorrectiveAction, N, N, Team, N, N},
    {methods::kCloseCorrectiveAction, N, N, Team, N, N},
    {methods::kRecordCaseloadReview, Own, Own, Team, N, N},
    {methods::kGetWorkerRecord, Own, Own, Team, Org, N},
    {methods::kListWorkerReviews, Own, Own, Team, Org, N},
    {methods::kListFilesDueForReview, N, N, Team, Org, N},
    {methods::kListInbox, Own, Own, Team, Org, N},
    {methods::kFollowInbox, Own, Own, Team, Org, N},
    {methods::kGetTeamReport, N, N, Team, Org, N},
    {methods::kSubscribe, N, N, N, Org, N},
    {methods::kRelayStatus, N, N, N, Org, Org},
    {methods::kBackup, N, N, N, N, Org},
    {methods::kPromote, N, N, N, N, Org},
};

const Permission* Find(absl::string_view method) {
  for (const Permission& p : kPermissions) {
    if (method == p.method) return &p;
  }
  return nullptr;
}

Reach ReachOf(const Permission& p, absl::string_view role) {
  if (role == kCaseworker) return p.caseworker;
  if (role == kInspector) return p.inspector;
  if (role == kSupervisor) return p.supervisor;
  if (role == kComplianceOfficer) return p.compliance_officer;
  if (role == kAdministrator) return p.administrator;
  return Reach::kNone;
}

const char* Cell(Reach reach) {
  switch (reach) {
    case Reach::kOwn:
      return "own";
    case Reach::kTeam:
      return "team";
    case Reach::kOrg:
      return "organisation";
    case Reach::kNone:
      break;
  }
  return "-";
}

bool Owns(const Actor& actor, const v1::CaseState& state) {
  return state.worker_id() == actor.id || state.opened().actor() == actor.id;
}

bool InTeam(const Actor& actor, absl::string_view team_id) {
  return !actor.team_id.empty() && team_id == actor.team_id;
}

absl::Status Denied(const Actor& actor, absl::string_view method, absl::string_view why) {
  return absl::PermissionDeniedError(
      absl::StrCat(actor.role, " ", actor.id, " may not call ", method, ": ", why));
}

}  // namespace

absl::Span<const Permission> Permissions() { return kPermissions; }

std::string PermissionsMarkdown() {
  std::string out =
      "| method | caseworker | inspector | supervisor | compliance_officer | administrator |\n"
      "| --- | --- | --- | --- | --- | --- |\n";
  for (const Permission& p : kPermissions) {
    absl::StrAppend(&out, "| ", p.method, " | ", Cell(p.caseworker), " | ", Cell(p.inspector),
                    " | ", Cell(p.supervisor), " | ", Cell(p.compliance_officer), " | ",
                    Cell(p.administrator), " |\n");
  }
  return out;
}

std::vector<std::string> RoleTableProblems() {
  std::vector<std::string> problems;
  absl::flat_hash_map<std::string, int> rows;
  for (const Permission& p : kPermissions) ++rows[p.method];
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const auto* table : v1::kApiFiles) {
    const google::protobuf::FileDescriptor* file = pool->FindFileByName(table->filename);
    if (file == nullptr) {
      problems.push_back(absl::StrCat(table->filename, " has no descriptor"));
      continue;
    }
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const std::string method = absl::StrCat(service->name(), ".", service->method(m)->name());
        auto row = rows.find(method);
        if (row == rows.end()) {
          problems.push_back(absl::StrCat(method, " has no row in the role table"));
          continue;
        }
        if (row->second > 1)
          problems.push_back(absl::StrCat(method, " has ", row->second, " rows"));
        rows.erase(row);
      }
    }
  }
  for (const auto& [method, count] : rows) {
    problems.push_back(absl::StrCat("the role table names ", method, ", which no service has"));
  }
  return problems;
}

absl::Status RoleAuthorizer::Authorize(const Actor& actor, absl::string_view method,
                                       const Target& target) const {
  const Permission* permission = Find(method);
  if (permission == nullptr) {
    return absl::InternalError(absl::StrCat("method ", method, " has no row in the role table"));
  }
  const Reach reach = ReachOf(*permission, actor.role);
  if (reach == Reach::kNone) return Denied(actor, method, "the role does not allow it");
  const v1::CaseState* state = target.case_state;
  if ((state != nullptr && state->org_id() != actor.org_id) ||
      (!target.org_id.empty() && target.org_id != actor.org_id)) {
    return Denied(actor, method, "it concerns another organisation");
  }
  if (reach == Reach::kOrg) return absl::OkStatus();
  if (target.names_case) {
    // A case that does not exist yet is theirs to open (or NOT_FOUND to ask about).
    if (state == nullptr || Owns(actor, *state)) return absl::OkStatus();
    if (reach == Reach::kTeam && InTeam(actor, state->team_id())) return absl::OkStatus();
    return Denied(actor, method,
                  reach == Reach::kTeam
                      ? absl::StrCat("case ", target.case_id, " is not their team's or theirs")
                      : absl::StrCat("case ", target.case_id, " is not theirs"));
  }
  // A list's filters narrow it together: naming themselves, or their team, is enough.
  if (target.worker_id == actor.id) return absl::OkStatus();
  if (reach == Reach::kTeam && InTeam(actor, target.team_id)) return absl::OkStatus();
  if (!target.record.empty()) {
    return Denied(
        actor, method,
        absl::StrCat(target.record,
                     reach == Reach::kTeam ? " is not their team's or theirs" : " is not theirs"));
  }
  return Denied(actor, method,
                reach == Reach::kTeam
                    ? "ask for their own work (worker_id) or their team's (team_id)"
                    : "ask for their own work (worker_id)");
}

}  // namespace caseledger::app
