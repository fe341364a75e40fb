#include "services/roles.h"

#include <iterator>

#include "absl/strings/str_cat.h"

namespace caseledger::services {
namespace {

constexpr Reach N = Reach::kNone;
constexpr Reach Own = Reach::kOwn;
constexpr Reach Team = Reach::kTeam;
constexpr Reach Org = Reach::kOrg;

// caseworker, inspector, supervisor, compliance officer, administrator.
constexpr Permission kPermissions[] = {
    {"CaseCommands.OpenCase", Own, Own, Team, N, N},
    {"CaseCommands.AssignCase", N, N, Team, N, N},
    {"CaseCommands.ChangeStatus", Own, Own, Team, N, N},
    {"CaseCommands.RecordNote", Own, Own, Team, N, N},
    {"CaseCommands.CorrectNote", Own, Own, Team, N, N},
    {"CaseCommands.SetDeadline", Own, Own, Team, N, N},
    {"CaseCommands.CompleteDeadline", Own, Own, Team, N, N},
    {"CaseCommands.RecordDeadlineAction", Own, Own, Team, N, N},
    {"CaseCommands.AssessPriority", Own, Own, Team, N, N},
    {"CaseCommands.Reprioritise", Own, Own, Team, N, N},
    {"CaseCommands.FlagUntowardIncident", Own, Own, Team, N, N},
    {"CaseCommands.ResolveIncident", Own, Own, Team, N, N},
    {"CaseCommands.RecordReferral", Own, Own, Team, N, N},
    {"CaseCommands.RecordObstacle", Own, Own, Team, N, N},
    {"CaseCommands.ResolveObstacle", Own, Own, Team, N, N},
    {"CaseCommands.SetOutcome", Own, Own, Team, N, N},
    {"CaseCommands.RecordOutcomeProgress", Own, Own, Team, N, N},
    {"CaseCommands.RecordFileReview", N, N, Team, N, N},
    {"CaseCommands.AddKeyPerson", Own, Own, Team, N, N},
    {"Caseload.GetCase", Own, Own, Team, Org, N},
    {"Caseload.ListCaseload", Own, Own, Team, Org, N},
    {"Caseload.GetWorkload", N, N, Team, Org, N},
    {"Caseload.ListDiary", Own, Own, Team, Org, N},
    {"Caseload.ListAttention", Own, Own, Team, Org, N},
    {"Audit.GetCaseHistory", Own, Own, Team, Org, N},
    {"Audit.ReplayCase", Own, Own, Team, Org, N},
    {"Audit.ListActorEvents", Own, Own, Own, Org, N},
    {"Audit.ListCaseAccess", N, N, N, Org, N},
    {"Audit.VerifyLog", N, N, N, Org, Org},
    {"Subjects.ExportSubject", N, N, N, Org, N},
    {"Subjects.EraseSubject", N, N, N, N, Org},
    {"PolicyCommands.SetPolicy", N, N, N, N, Org},
    {"PolicyCommands.GetPolicy", Org, Org, Org, Org, Org},
    {"Events.Subscribe", N, N, N, Org, N},
    {"Events.RelayStatus", N, N, N, Org, Org},
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

absl::Status RoleAuthorizer::Decide(const Actor& actor, absl::string_view method,
                                    const Target& target) {
  const Permission* permission = Find(method);
  if (permission == nullptr) return Denied(actor, method, "no role may");
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
  return Denied(actor, method,
                reach == Reach::kTeam
                    ? "ask for their own work (worker_id) or their team's (team_id)"
                    : "ask for their own work (worker_id)");
}

absl::Status RoleAuthorizer::Authorize(const Actor& actor, absl::string_view method,
                                       const Target& target) const {
  absl::Status decision = Decide(actor, method, target);
  if (!decision.ok()) {
    access_.RecordRefusal(actor, method, target, decision.message());
  }
  return decision;
}

}  // namespace caseledger::services
