// The role table, cell by cell, over a real channel: each role calls each method on its
// own case (or work), its team's and another team's, and is refused exactly where the
// table says. Refusals and views of case content are in the access log.

#include <functional>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "app/roles.h"
#include "base/proto_time.h"
#include "caseledger/v1/access.pb.h"
#include "gmock/gmock.h"
#include "tests/integration/command_client.h"

namespace caseledger {
namespace {

using app::Reach;

enum class Scope { kOwn, kTeam, kOther };

const char* Name(Scope scope) {
  switch (scope) {
    case Scope::kOwn:
      return "own";
    case Scope::kTeam:
      return "team's";
    case Scope::kOther:
      break;
  }
  return "another team's";
}

// What the table means: how far each reach goes.
bool Allows(Reach reach, Scope scope) {
  switch (reach) {
    case Reach::kOrg:
      return true;
    case Reach::kTeam:
      return scope != Scope::kOther;
    case Reach::kOwn:
      return scope == Scope::kOwn;
    case Reach::kNone:
      break;
  }
  return false;
}

Reach ReachOf(const app::Permission& p, const std::string& role) {
  if (role == "caseworker") return p.caseworker;
  if (role == "inspector") return p.inspector;
  if (role == "supervisor") return p.supervisor;
  if (role == "compliance_officer") return p.compliance_officer;
  return p.administrator;
}

struct Person {
  std::string id, role, team;
};

const Person kPeople[] = {
    {"cw", "caseworker", "north"},  {"ins", "inspector", "north"},
    {"sup", "supervisor", "north"}, {"cora", "compliance_officer", ""},
    {"adm", "administrator", ""},
};

class RolesTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    // Each person's own case, a case of the north team's held by a peer, and one of south's.
    for (const Person& p : kPeople) OpenAndAssign(absl::StrCat("own-", p.id), "north", p.id);
    OpenAndAssign("team-case", "north", "peer");
    OpenAndAssign("other-case", "south", "stranger");
    // Providers and work plans likewise: each person's own, a peer's in north, a stranger's in
    // south.
    for (const Person& p : kPeople) RegisterAndPlan(p.id, "north");
    RegisterAndPlan("peer", "north");
    RegisterAndPlan("stranger", "south");
    // A worker's team is that of their cases until their record says: wait for the view to
    // hold every allocation, so no call is judged on a view that is behind.
    v1::GetWorkloadRequest caught_up;
    caught_up.set_team_id("north");
    caught_up.set_min_position(last_position_);
    v1::GetWorkloadResponse workload;
    ASSERT_TRUE(
        caseload_->GetWorkload(As("cora", "compliance_officer").get(), caught_up, &workload).ok());
    BuildCalls();
    BuildInspectionCalls();
  }

  std::unique_ptr<grpc::ClientContext> AsPerson(const Person& p) {
    return As(p.id, p.role, p.team);
  }

  void OpenAndAssign(const std::string& id, const std::string& team, const std::string& worker) {
    auto setup = [&] { return As(absl::StrCat("setup-", team), "supervisor", team); };
    v1::OpenCaseRequest open;
    *open.mutable_header() = Header(absl::StrCat("open-", id), id);
    open.set_kind(v1::ADVICE);
    open.set_category("debt");
    open.set_client_ref(absl::StrCat("C-", id));
    open.set_team_id(team);
    open.set_summary("Rent arrears and a possession claim");
    open.set_complexity(v1::MEDIUM);
    v1::CommandResult result;
    grpc::Status opened = cases_->OpenCase(setup().get(), open, &result);
    ASSERT_TRUE(opened.ok()) << opened.error_message();
    v1::AssignCaseRequest assign;
    *assign.mutable_header() = Header(absl::StrCat("assign-", id), id);
    assign.set_worker_id(worker);
    assign.set_team_id(team);
    grpc::Status assigned = cases_->AssignCase(setup().get(), assign, &result);
    ASSERT_TRUE(assigned.ok()) << assigned.error_message();
    last_position_ = result.position();
  }

  // The case, or the filters, a call in `scope` names for `p`.
  static std::string CaseOf(const Person& p, Scope scope) {
    if (scope == Scope::kOwn) return absl::StrCat("own-", p.id);
    return scope == Scope::kTeam ? "team-case" : "other-case";
  }
  static void SetWhose(const Person& p, Scope scope, std::string* worker, std::string* team) {
    if (scope == Scope::kOwn) *worker = p.id;
    if (scope == Scope::kTeam) *team = "north";
    if (scope == Scope::kOther) *team = "south";
  }

  using Call = std::function<grpc::Status(const Person&, Scope)>;

  template <typename Request, typename Stub, typename Method>
  Call CaseCommand(Stub* stub, Method method) {
    return [this, stub, method](const Person& p, Scope scope) {
      Request request;
      *request.mutable_header() = Header(absl::StrCat("cmd-", ++commands_), CaseOf(p, scope));
      v1::CommandResult result;
      return (stub->*method)(AsPerson(p).get(), request, &result);
    };
  }
  template <typename Request, typename Method>
  Call CaseCommand(Method method) {
    return CaseCommand<Request>(cases_.get(), method);
  }

  template <typename Request, typename Response, typename Stub, typename Method>
  Call CaseRead(Stub* stub, Method method) {
    return [this, stub, method](const Person& p, Scope scope) {
      Request request;
      request.set_case_id(CaseOf(p, scope));
      Response response;
      return (stub->*method)(AsPerson(p).get(), request, &response);
    };
  }

  template <typename Request, typename Response, typename Stub, typename Method>
  Call ListRead(Stub* stub, Method method) {
    return [this, stub, method](const Person& p, Scope scope) {
      Request request;
      SetWhose(p, scope, request.mutable_worker_id(), request.mutable_team_id());
      Response response;
      return (stub->*method)(AsPerson(p).get(), request, &response);
    };
  }

  template <typename Request, typename Response, typename Stub, typename Method>
  Call Plain(Stub* stub, Method method, Request request = Request()) {
    return [this, stub, method, request](const Person& p, Scope) {
      Response response;
      return (stub->*method)(AsPerson(p).get(), request, &response);
    };
  }

  // Whose a provider or a plan is in each scope.
  static std::string HolderOf(const Person& p, Scope scope) {
    if (scope == Scope::kOwn) return p.id;
    return scope == Scope::kTeam ? "peer" : "stranger";
  }
  static std::string TeamOf(Scope scope) { return scope == Scope::kOther ? "south" : "north"; }
  static std::string ProviderOf(const Person& p, Scope scope) {
    return absl::StrCat("prov-", HolderOf(p, scope));
  }

  void RegisterAndPlan(const std::string& holder, const std::string& team) {
    auto setup = [&team] { return As(absl::StrCat("setup-", team), "supervisor", team); };
    v1::RegisterProviderRequest provider;
    provider.mutable_header()->set_command_id(absl::StrCat("register-", holder));
    provider.mutable_header()->set_provider_id(absl::StrCat("prov-", holder));
    provider.mutable_details()->set_reference(absl::StrCat("1-", holder));
    provider.mutable_details()->set_name("A care home");
    provider.mutable_details()->set_service_type("care home");
    provider.set_team_id(team);
    provider.set_lead_inspector(holder);
    v1::ProviderCommandResult registered;
    grpc::Status status = providers_->RegisterProvider(setup().get(), provider, &registered);
    ASSERT_TRUE(status.ok()) << status.error_message();
    v1::AgreeWorkPlanRequest plan;
    plan.mutable_header()->set_command_id(absl::StrCat("plan-", holder));
    plan.mutable_header()->set_inspector_id(holder);
    plan.mutable_header()->set_period_id("2026");
    v1::WorkPlanTerms* terms = plan.mutable_plan();
    terms->set_manager_id(absl::StrCat("setup-", team));
    terms->set_team_id(team);
    *terms->mutable_period_start() =
        ToProto(absl::FromCivil(absl::CivilDay(2026, 1, 1), absl::UTCTimeZone()));
    *terms->mutable_period_end() =
        ToProto(absl::FromCivil(absl::CivilDay(2027, 1, 1), absl::UTCTimeZone()));
    v1::WorkObjective* objective = terms->add_objectives();
    objective->set_objective_id("o1");
    objective->set_description("Inspect every provider on time");
    objective->set_measure("providers inspected by their due date");
    objective->set_target("all");
    *objective->mutable_due_by() =
        ToProto(absl::FromCivil(absl::CivilDay(2026, 12, 1), absl::UTCTimeZone()));
    terms->set_untoward_incidents("Raised with the manager the same day");
    v1::WorkPlanResult agreed;
    status = work_plans_->AgreeWorkPlan(setup().get(), plan, &agreed);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  template <typename Request, typename Stub, typename Method>
  Call ProviderCommand(Stub* stub, Method method) {
    return [this, stub, method](const Person& p, Scope scope) {
      Request request;
      request.mutable_header()->set_command_id(absl::StrCat("cmd-", ++commands_));
      request.mutable_header()->set_provider_id(ProviderOf(p, scope));
      v1::ProviderCommandResult result;
      return (stub->*method)(AsPerson(p).get(), request, &result);
    };
  }

  template <typename Request, typename Response, typename Stub, typename Method>
  Call ProviderRead(Stub* stub, Method method) {
    return [this, stub, method](const Person& p, Scope scope) {
      Request request;
      request.set_provider_id(ProviderOf(p, scope));
      Response response;
      return (stub->*method)(AsPerson(p).get(), request, &response);
    };
  }

  template <typename Request, typename Response, typename Stub, typename Method>
  Call ProviderList(Stub* stub, Method method) {
    return [this, stub, method](const Person& p, Scope scope) {
      Request request;
      if (scope == Scope::kOwn) request.set_inspector_id(p.id);
      if (scope != Scope::kOwn) request.set_team_id(TeamOf(scope));
      Response response;
      return (stub->*method)(AsPerson(p).get(), request, &response);
    };
  }

  template <typename Request, typename Method>
  Call PlanCommand(Method method) {
    return [this, method](const Person& p, Scope scope) {
      Request request;
      request.mutable_header()->set_command_id(absl::StrCat("cmd-", ++commands_));
      request.mutable_header()->set_inspector_id(HolderOf(p, scope));
      request.mutable_header()->set_period_id("2026");
      v1::WorkPlanResult result;
      return (work_plans_.get()->*method)(AsPerson(p).get(), request, &result);
    };
  }

  void BuildInspectionCalls() {
    using I = v1::Inspections::Stub;
    calls_["Inspections.PlanVisit"] =
        CaseCommand<v1::PlanVisitRequest>(inspections_.get(), &I::PlanVisit);
    calls_["Inspections.RecordVisit"] =
        CaseCommand<v1::RecordVisitRequest>(inspections_.get(), &I::RecordVisit);
    calls_["Inspections.RecordFindings"] =
        CaseCommand<v1::RecordFindingsRequest>(inspections_.get(), &I::RecordFindings);
    calls_["Inspections.DraftDocument"] =
        CaseCommand<v1::DraftDocumentRequest>(inspections_.get(), &I::DraftDocument);
    calls_["Inspections.SendForFactualAccuracy"] = CaseCommand<v1::SendForFactualAccuracyRequest>(
        inspections_.get(), &I::SendForFactualAccuracy);
    calls_["Inspections.RecordProviderComments"] = CaseCommand<v1::RecordProviderCommentsRequest>(
        inspections_.get(), &I::RecordProviderComments);
    calls_["Inspections.PublishDocument"] =
        CaseCommand<v1::PublishDocumentRequest>(inspections_.get(), &I::PublishDocument);
    calls_["Inspections.RequireActionPlan"] =
        CaseCommand<v1::RequireActionPlanRequest>(inspections_.get(), &I::RequireActionPlan);
    calls_["Inspections.RecordActionPlan"] =
        CaseCommand<v1::RecordActionPlanRequest>(inspections_.get(), &I::RecordActionPlan);
    calls_["Inspections.RecordActionProgress"] =
        CaseCommand<v1::RecordActionProgressRequest>(inspections_.get(), &I::RecordActionProgress);
    calls_["Inspections.VerifyActionPlan"] =
        CaseCommand<v1::VerifyActionPlanRequest>(inspections_.get(), &I::VerifyActionPlan);
    calls_["Inspections.TakeEnforcementAction"] = CaseCommand<v1::TakeEnforcementActionRequest>(
        inspections_.get(), &I::TakeEnforcementAction);
    calls_["Inspections.ConcludeEnforcementAction"] =
        CaseCommand<v1::ConcludeEnforcementActionRequest>(inspections_.get(),
                                                          &I::ConcludeEnforcementAction);

    using P = v1::Providers::Stub;
    // A registration names whose the provider is to be: each scope's holder and team.
    calls_["Providers.RegisterProvider"] = [this](const Person& p, Scope scope) {
      v1::RegisterProviderRequest request;
      request.mutable_header()->set_command_id(absl::StrCat("cmd-", ++commands_));
      request.mutable_header()->set_provider_id(absl::StrCat("new-", commands_));
      request.set_lead_inspector(HolderOf(p, scope));
      request.set_team_id(TeamOf(scope));
      v1::ProviderCommandResult result;
      return providers_->RegisterProvider(AsPerson(p).get(), request, &result);
    };
    calls_["Providers.AssignProvider"] =
        ProviderCommand<v1::AssignProviderRequest>(providers_.get(), &P::AssignProvider);
    calls_["Providers.RecordRating"] =
        ProviderCommand<v1::RecordRatingRequest>(providers_.get(), &P::RecordRating);
    calls_["Providers.RecordIntelligence"] =
        ProviderCommand<v1::RecordIntelligenceRequest>(providers_.get(), &P::RecordIntelligence);
    calls_["Providers.ConsiderIntelligence"] = ProviderCommand<v1::ConsiderIntelligenceRequest>(
        providers_.get(), &P::ConsiderIntelligence);
    calls_["Providers.GetProvider"] =
        ProviderRead<v1::GetProviderRequest, v1::ProviderView>(providers_.get(), &P::GetProvider);
    calls_["Providers.GetProviderHistory"] =
        ProviderRead<v1::GetProviderHistoryRequest, v1::GetProviderHistoryResponse>(
            providers_.get(), &P::GetProviderHistory);
    calls_["Providers.ListProviders"] =
        ProviderList<v1::ListProvidersRequest, v1::ListProvidersResponse>(providers_.get(),
                                                                          &P::ListProviders);
    calls_["Providers.ListInspectionProgramme"] =
        ProviderList<v1::ListInspectionProgrammeRequest, v1::ListInspectionProgrammeResponse>(
            providers_.get(), &P::ListInspectionProgramme);

    using W = v1::WorkPlans::Stub;
    calls_["WorkPlans.AgreeWorkPlan"] = PlanCommand<v1::AgreeWorkPlanRequest>(&W::AgreeWorkPlan);
    calls_["WorkPlans.RecordObjectiveProgress"] =
        PlanCommand<v1::RecordObjectiveProgressRequest>(&W::RecordObjectiveProgress);
    calls_["WorkPlans.ReviewWorkPlan"] = PlanCommand<v1::ReviewWorkPlanRequest>(&W::ReviewWorkPlan);
    calls_["WorkPlans.GetWorkPlan"] = [this](const Person& p, Scope scope) {
      v1::GetWorkPlanRequest request;
      request.set_inspector_id(HolderOf(p, scope));
      request.set_period_id("2026");
      v1::WorkPlanView view;
      return work_plans_->GetWorkPlan(AsPerson(p).get(), request, &view);
    };
  }

  void BuildCalls() {
    using S = v1::CaseCommands::Stub;
    calls_["CaseCommands.OpenCase"] = CaseCommand<v1::OpenCaseRequest>(&S::OpenCase);
    calls_["CaseCommands.AssignCase"] = CaseCommand<v1::AssignCaseRequest>(&S::AssignCase);
    calls_["CaseCommands.ChangeStatus"] = CaseCommand<v1::ChangeStatusRequest>(&S::ChangeStatus);
    calls_["CaseCommands.RecordNote"] = CaseCommand<v1::RecordNoteRequest>(&S::RecordNote);
    calls_["CaseCommands.CorrectNote"] = CaseCommand<v1::CorrectNoteRequest>(&S::CorrectNote);
    calls_["CaseCommands.SetDeadline"] = CaseCommand<v1::SetDeadlineRequest>(&S::SetDeadline);
    calls_["CaseCommands.CompleteDeadline"] =
        CaseCommand<v1::CompleteDeadlineRequest>(&S::CompleteDeadline);
    calls_["CaseCommands.RecordDeadlineAction"] =
        CaseCommand<v1::RecordDeadlineActionRequest>(&S::RecordDeadlineAction);
    calls_["CaseCommands.AssessPriority"] =
        CaseCommand<v1::AssessPriorityRequest>(&S::AssessPriority);
    calls_["CaseCommands.Reprioritise"] = CaseCommand<v1::ReprioritiseRequest>(&S::Reprioritise);
    calls_["CaseCommands.FlagUntowardIncident"] =
        CaseCommand<v1::FlagUntowardIncidentRequest>(&S::FlagUntowardIncident);
    calls_["CaseCommands.ResolveIncident"] =
        CaseCommand<v1::ResolveIncidentRequest>(&S::ResolveIncident);
    calls_["CaseCommands.RecordReferral"] =
        CaseCommand<v1::RecordReferralRequest>(&S::RecordReferral);
    calls_["CaseCommands.RecordObstacle"] =
        CaseCommand<v1::RecordObstacleRequest>(&S::RecordObstacle);
    calls_["CaseCommands.ResolveObstacle"] =
        CaseCommand<v1::ResolveObstacleRequest>(&S::ResolveObstacle);
    calls_["CaseCommands.SetOutcome"] = CaseCommand<v1::SetOutcomeRequest>(&S::SetOutcome);
    calls_["CaseCommands.RecordOutcomeProgress"] =
        CaseCommand<v1::RecordOutcomeProgressRequest>(&S::RecordOutcomeProgress);
    calls_["CaseCommands.RecordFileReview"] =
        CaseCommand<v1::RecordFileReviewRequest>(&S::RecordFileReview);
    calls_["CaseCommands.AddKeyPerson"] = CaseCommand<v1::AddKeyPersonRequest>(&S::AddKeyPerson);
    calls_["CaseCommands.CompleteReviewAction"] =
        CaseCommand<v1::CompleteReviewActionRequest>(&S::CompleteReviewAction);
    calls_["CaseCommands.AcknowledgeEscalation"] =
        CaseCommand<v1::AcknowledgeEscalationRequest>(&S::AcknowledgeEscalation);
    calls_["CaseCommands.UpdateKeyPerson"] =
        CaseCommand<v1::UpdateKeyPersonRequest>(&S::UpdateKeyPerson);
    calls_["CaseCommands.WithdrawKeyPersonConsent"] =
        CaseCommand<v1::WithdrawKeyPersonConsentRequest>(&S::WithdrawKeyPersonConsent);
    calls_["CaseCommands.EndKeyPersonInvolvement"] =
        CaseCommand<v1::EndKeyPersonInvolvementRequest>(&S::EndKeyPersonInvolvement);
    BuildSupervisionCalls();

    using C = v1::Caseload::Stub;
    using A = v1::Audit::Stub;
    calls_["Caseload.GetCase"] =
        CaseRead<v1::GetCaseRequest, v1::CaseView>(caseload_.get(), &C::GetCase);
    calls_["Caseload.ListCaseload"] = ListRead<v1::ListCaseloadRequest, v1::ListCaseloadResponse>(
        caseload_.get(), &C::ListCaseload);
    calls_["Caseload.GetWorkload"] =
        ListRead<v1::GetWorkloadRequest, v1::GetWorkloadResponse>(caseload_.get(), &C::GetWorkload);
    calls_["Caseload.ListDiary"] =
        ListRead<v1::ListDiaryRequest, v1::ListDiaryResponse>(caseload_.get(), &C::ListDiary);
    calls_["Caseload.ListAttention"] =
        ListRead<v1::ListAttentionRequest, v1::ListAttentionResponse>(caseload_.get(),
                                                                      &C::ListAttention);
    calls_["Audit.GetCaseHistory"] =
        CaseRead<v1::GetCaseHistoryRequest, v1::GetCaseHistoryResponse>(audit_.get(),
                                                                        &A::GetCaseHistory);
    calls_["Audit.ReplayCase"] = [this](const Person& p, Scope scope) {
      v1::ReplayCaseRequest request;
      request.set_case_id(CaseOf(p, scope));
      request.set_revision(1);
      v1::ReplayCaseResponse response;
      return audit_->ReplayCase(AsPerson(p).get(), request, &response);
    };
    calls_["Audit.ListCaseAccess"] =
        CaseRead<v1::ListCaseAccessRequest, v1::ListCaseAccessResponse>(audit_.get(),
                                                                        &A::ListCaseAccess);
    calls_["Audit.ListActorEvents"] = [this](const Person& p, Scope scope) {
      v1::ListActorEventsRequest request;
      request.set_actor(scope == Scope::kOwn ? p.id : scope == Scope::kTeam ? "peer" : "stranger");
      v1::ListActorEventsResponse response;
      return audit_->ListActorEvents(AsPerson(p).get(), request, &response);
    };
    calls_["Audit.VerifyLog"] =
        Plain<v1::VerifyLogRequest, v1::VerifyLogResponse>(audit_.get(), &A::VerifyLog);
    v1::EraseSubjectRequest erase;
    erase.set_subject_id("nobody");
    erase.set_reason("A subject's request");
    calls_["Subjects.EraseSubject"] = Plain<v1::EraseSubjectRequest, v1::EraseSubjectResponse>(
        subjects_.get(), &v1::Subjects::Stub::EraseSubject, erase);
    v1::ExportSubjectRequest exported;
    exported.set_subject_id("nobody");
    calls_["Subjects.ExportSubject"] = Plain<v1::ExportSubjectRequest, v1::ExportSubjectResponse>(
        subjects_.get(), &v1::Subjects::Stub::ExportSubject, exported);
    calls_["PolicyCommands.SetPolicy"] = Plain<v1::SetPolicyRequest, v1::SetPolicyResponse>(
        policies_.get(), &v1::PolicyCommands::Stub::SetPolicy);
    calls_["PolicyCommands.GetPolicy"] = Plain<v1::GetPolicyRequest, v1::PolicyVersion>(
        policies_.get(), &v1::PolicyCommands::Stub::GetPolicy);
    v1::BackupRequest backup;
    backup.set_to(dir_.Sub("backup"));  // the first call allowed makes it; the rest find it there
    calls_["Operations.Backup"] = Plain<v1::BackupRequest, v1::BackupResponse>(
        operations_.get(), &v1::Operations::Stub::Backup, backup);
    // Let in, it is refused all the same: this server does not replicate.
    calls_["Operations.Promote"] = Plain<v1::PromoteRequest, v1::PromoteResponse>(
        operations_.get(), &v1::Operations::Stub::Promote);
    calls_["Events.RelayStatus"] = Plain<v1::RelayStatusRequest, v1::RelayStatusResponse>(
        events_.get(), &v1::Events::Stub::RelayStatus);
    // The log holds the setup's events: a subscriber let in receives them at once (and then
    // hangs up); one refused receives nothing and the refusal.
    calls_["Events.Subscribe"] = [this](const Person& p, Scope) {
      auto context = AsPerson(p);
      auto reader = events_->Subscribe(context.get(), v1::SubscribeRequest());
      v1::SubscribeResponse response;
      if (reader->Read(&response)) context->TryCancel();
      while (reader->Read(&response)) {
      }
      return reader->Finish();
    };
  }

  // A worker's own record, a peer's in their team, or a stranger's in another.
  static std::string WorkerOf(const Person& p, Scope scope) {
    if (scope == Scope::kOwn) return p.id;
    return scope == Scope::kTeam ? "peer" : "stranger";
  }

  template <typename Request, typename Method>
  Call WorkerCommand(Method method) {
    return [this, method](const Person& p, Scope scope) {
      Request request;
      request.mutable_header()->set_command_id(absl::StrCat("cmd-", ++commands_));
      request.mutable_header()->set_worker_id(WorkerOf(p, scope));
      v1::WorkerCommandResult result;
      return (supervision_.get()->*method)(AsPerson(p).get(), request, &result);
    };
  }

  template <typename Request, typename Response, typename Method>
  Call WorkerRead(Method method) {
    return [this, method](const Person& p, Scope scope) {
      Request request;
      request.set_worker_id(WorkerOf(p, scope));
      Response response;
      return (supervision_.get()->*method)(AsPerson(p).get(), request, &response);
    };
  }

  void BuildSupervisionCalls() {
    using V = v1::Supervision::Stub;
    calls_["Supervision.SetMonitoringLevel"] =
        WorkerCommand<v1::SetMonitoringLevelRequest>(&V::SetMonitoringLevel);
    calls_["Supervision.RecordSupervisionSession"] =
        WorkerCommand<v1::RecordSupervisionSessionRequest>(&V::RecordSupervisionSession);
    calls_["Supervision.RecordTrainingNeed"] =
        WorkerCommand<v1::RecordTrainingNeedRequest>(&V::RecordTrainingNeed);
    calls_["Supervision.MeetTrainingNeed"] =
        WorkerCommand<v1::MeetTrainingNeedRequest>(&V::MeetTrainingNeed);
    calls_["Supervision.RecordCorrectiveAction"] =
        WorkerCommand<v1::RecordCorrectiveActionRequest>(&V::RecordCorrectiveAction);
    calls_["Supervision.CloseCorrectiveAction"] =
        WorkerCommand<v1::CloseCorrectiveActionRequest>(&V::CloseCorrectiveAction);
    calls_["Supervision.RecordCaseloadReview"] =
        WorkerCommand<v1::RecordCaseloadReviewRequest>(&V::RecordCaseloadReview);
    calls_["Supervision.GetWorkerRecord"] =
        WorkerRead<v1::GetWorkerRecordRequest, v1::WorkerRecord>(&V::GetWorkerRecord);
    calls_["Supervision.ListWorkerReviews"] =
        WorkerRead<v1::ListWorkerReviewsRequest, v1::ListWorkerReviewsResponse>(
            &V::ListWorkerReviews);
    calls_["Supervision.ListInbox"] =
        WorkerRead<v1::ListInboxRequest, v1::ListInboxResponse>(&V::ListInbox);
    calls_["Supervision.ListFilesDueForReview"] =
        ListRead<v1::ListFilesDueForReviewRequest, v1::ListFilesDueForReviewResponse>(
            supervision_.get(), &V::ListFilesDueForReview);
    calls_["Supervision.GetTeamReport"] = [this](const Person& p, Scope scope) {
      v1::GetTeamReportRequest request;
      // Their own team's report; a person in no team asks for north's as their own.
      request.set_team_id(scope == Scope::kOther ? "south" : p.team.empty() ? "north" : p.team);
      request.set_from_month("2026-01");
      request.set_to_month("2026-03");
      v1::TeamReport response;
      return supervision_->GetTeamReport(AsPerson(p).get(), request, &response);
    };
    // One let in receives the inbox at once (and then hangs up); one refused receives nothing
    // and the refusal.
    calls_["Supervision.FollowInbox"] = [this](const Person& p, Scope scope) {
      auto context = AsPerson(p);
      v1::FollowInboxRequest request;
      request.set_worker_id(WorkerOf(p, scope));
      auto reader = supervision_->FollowInbox(context.get(), request);
      v1::InboxUpdate update;
      if (reader->Read(&update)) context->TryCancel();
      while (reader->Read(&update)) {
      }
      return reader->Finish();
    };
  }

  int commands_ = 0;
  uint64_t last_position_ = 0;
  std::map<std::string, Call> calls_;
};

TEST_F(RolesTest, EveryRoleGetsWhatTheTableGivesOnItsOwnItsTeamsAndAnotherTeamsCase) {
  int refused = 0;
  int allowed = 0;
  for (const app::Permission& permission : app::Permissions()) {
    auto call = calls_.find(permission.method);
    ASSERT_NE(call, calls_.end()) << permission.method << " has no call in this test";
    for (const Person& person : kPeople) {
      for (Scope scope : {Scope::kOwn, Scope::kTeam, Scope::kOther}) {
        const bool allows = Allows(ReachOf(permission, person.role), scope);
        grpc::Status status = call->second(person, scope);
        const bool denied = status.error_code() == grpc::StatusCode::PERMISSION_DENIED;
        EXPECT_EQ(denied, !allows)
            << person.role << " calling " << permission.method << " on their " << Name(scope)
            << " case: " << status.error_code() << " " << status.error_message();
        if (denied) {
          EXPECT_THAT(status.error_message(), ::testing::HasSubstr(permission.method));
        }
        (denied ? refused : allowed)++;
      }
    }
  }
  EXPECT_EQ(calls_.size(), app::Permissions().size()) << "every call is in the table";
  // Both answers occur plenty: the test is not passing by refusing or allowing everything.
  EXPECT_GT(refused, 200);
  EXPECT_GT(allowed, 150);
}

TEST_F(RolesTest, AComplianceOfficerCannotChangeAnything) {
  const Person& cora = kPeople[3];
  const uint64_t before = store_->Head().position;
  size_t calls = 0;
  size_t changing = 0;
  for (const auto& [method, call] : calls_) {
    const bool changes =
        absl::StartsWith(method, "CaseCommands.") || absl::StartsWith(method, "Inspections.") ||
        (absl::StartsWith(method, "Providers.") && !absl::StartsWith(method, "Providers.Get") &&
         !absl::StartsWith(method, "Providers.List")) ||
        (absl::StartsWith(method, "WorkPlans.") && method != "WorkPlans.GetWorkPlan") ||
        (absl::StartsWith(method, "Supervision.") && !absl::StartsWith(method, "Supervision.Get") &&
         !absl::StartsWith(method, "Supervision.List") && method != "Supervision.FollowInbox") ||
        method == "PolicyCommands.SetPolicy" || method == "Subjects.EraseSubject";
    if (!changes) continue;
    ++changing;
    for (Scope scope : {Scope::kOwn, Scope::kTeam, Scope::kOther}) {
      EXPECT_EQ(call(cora, scope).error_code(), grpc::StatusCode::PERMISSION_DENIED) << method;
      ++calls;
    }
  }
  EXPECT_EQ(changing, 24u + 13u + 5u + 3u + 7u + 2u)
      << "every case, inspection, provider and work plan command, every command on a worker's "
         "record, the policy and erasure";
  EXPECT_EQ(calls, changing * 3);
  // Only the access log grew: one refusal per call.
  auto written = store_->ReadAll(before + 1, 1000);
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(written->size(), calls);
  for (const v1::EventRecord& record : *written) {
    EXPECT_EQ(record.type(), "AccessRecorded");
    EXPECT_TRUE(absl::StartsWith(record.stream_id(), "access-")) << record.stream_id();
  }
}

TEST_F(RolesTest, ARefusalIsRecordedAndACompliancOfficerListsItForTheCase) {
  const Person& cw = kPeople[0];
  v1::GetCaseRequest get;
  get.set_case_id("other-case");
  v1::CaseView view;
  EXPECT_EQ(caseload_->GetCase(AsPerson(cw).get(), get, &view).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_FALSE(view.has_state()) << "nothing of the case is shown";

  v1::ListCaseAccessRequest list;
  list.set_case_id("other-case");
  v1::ListCaseAccessResponse access;
  ASSERT_TRUE(audit_->ListCaseAccess(As("cora", "compliance_officer").get(), list, &access).ok());
  ASSERT_EQ(access.entries_size(), 1);
  const v1::AccessRecorded& refusal = access.entries(0).access();
  EXPECT_FALSE(refusal.granted());
  EXPECT_EQ(refusal.actor(), "cw");
  EXPECT_EQ(refusal.actor_role(), "caseworker");
  EXPECT_EQ(refusal.method(), "Caseload.GetCase");
  EXPECT_THAT(refusal.reason(), ::testing::HasSubstr("case other-case is not theirs"));
  EXPECT_GT(access.entries(0).position(), 0u);
}

TEST_F(RolesTest, ViewingACasesNotesLeavesAnAccessRecordACompliancOfficerCanList) {
  const Person& cw = kPeople[0];
  clock_.Advance(absl::Minutes(5));
  v1::GetCaseRequest get;
  get.set_case_id("own-cw");
  v1::CaseView view;
  ASSERT_TRUE(caseload_->GetCase(AsPerson(cw).get(), get, &view).ok());
  EXPECT_EQ(view.state().summary(), "Rent arrears and a possession claim");
  clock_.Advance(absl::Minutes(5));
  v1::GetCaseHistoryRequest history;
  history.set_case_id("own-cw");
  v1::GetCaseHistoryResponse page;
  ASSERT_TRUE(audit_->GetCaseHistory(AsPerson(cw).get(), history, &page).ok());

  v1::ListCaseAccessRequest list;
  list.set_case_id("own-cw");
  v1::ListCaseAccessResponse access;
  EXPECT_EQ(audit_->ListCaseAccess(AsPerson(cw).get(), list, &access).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "the access log is the compliance officer's";
  ASSERT_TRUE(audit_->ListCaseAccess(As("cora", "compliance_officer").get(), list, &access).ok());
  // The two views, and cw's refused look at the access log itself.
  ASSERT_EQ(access.entries_size(), 3);
  EXPECT_EQ(access.entries(0).access().method(), "Caseload.GetCase");
  EXPECT_EQ(access.entries(1).access().method(), "Audit.GetCaseHistory");
  EXPECT_EQ(access.entries(2).access().method(), "Audit.ListCaseAccess");
  for (const v1::AccessEntry& entry : access.entries()) {
    EXPECT_EQ(entry.access().granted(), &entry != &access.entries(2));
    EXPECT_EQ(entry.access().actor(), "cw");
    EXPECT_EQ(entry.access().actor_team(), "north");
  }
  EXPECT_LT(access.entries(0).at().seconds(), access.entries(1).at().seconds())
      << "each record has the time of the view";
}

TEST_F(RolesTest, AnotherOrganisationsCasesAreNeitherListedNorShown) {
  auto in_elsewhere = [](const std::string& actor, const std::string& role) {
    auto context = As(actor, role, "east");
    context->AddMetadata("x-caseledger-org", "elsewhere");
    return context;
  };
  v1::OpenCaseRequest open;
  *open.mutable_header() = Header("open-x1", "x1");
  open.set_kind(v1::ADVICE);
  open.set_category("debt");
  open.set_client_ref("C-X1");
  open.set_complexity(v1::LOW);
  open.set_team_id("east");
  v1::CommandResult result;
  ASSERT_TRUE(cases_->OpenCase(in_elsewhere("eve", "supervisor").get(), open, &result).ok());

  v1::ListCaseloadRequest list;
  list.set_min_position(result.position());
  v1::ListCaseloadResponse listed;
  ASSERT_TRUE(caseload_->ListCaseload(As("cora", "compliance_officer").get(), list, &listed).ok());
  for (const auto& item : listed.items()) EXPECT_NE(item.summary().case_id(), "x1");
  EXPECT_EQ(listed.total(), 7u) << "the default organisation's seven cases";
  ASSERT_TRUE(
      caseload_->ListCaseload(in_elsewhere("olga", "compliance_officer").get(), list, &listed)
          .ok());
  ASSERT_EQ(listed.items_size(), 1);
  EXPECT_EQ(listed.items(0).summary().case_id(), "x1");

  v1::GetCaseRequest get;
  get.set_case_id("x1");
  v1::CaseView view;
  grpc::Status status = caseload_->GetCase(As("cora", "compliance_officer").get(), get, &view);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("another organisation"));
}

TEST_F(RolesTest, OutsidersLearnNeitherACasesRevisionNorWhetherItExists) {
  // A compliance officer may not record notes: an expected revision tells them nothing.
  v1::RecordNoteRequest note;
  *note.mutable_header() = Header("note-by-officer", "other-case");
  note.mutable_header()->set_expected_revision(999);
  note.mutable_note()->set_kind(v1::FACT);
  note.mutable_note()->set_contact_type(v1::PHONE);
  note.mutable_note()->set_text("Not theirs to write");
  v1::CommandResult result;
  grpc::Status status = cases_->RecordNote(As("cora", "compliance_officer").get(), note, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::Not(::testing::HasSubstr("revision")));

  // A caller who is not authenticated gets the same answer for a case that exists, one that
  // does not, and an id no case could have.
  for (const std::string& id :
       {std::string("other-case"), std::string("no-such-case"), std::string(4096, 'x')}) {
    v1::GetCaseRequest get;
    get.set_case_id(id);
    v1::CaseView view;
    grpc::ClientContext anonymous;
    status = caseload_->GetCase(&anonymous, get, &view);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << id.substr(0, 20);
    v1::GetCaseHistoryRequest history;
    history.set_case_id(id);
    v1::GetCaseHistoryResponse page;
    grpc::ClientContext anonymous_too;
    EXPECT_EQ(audit_->GetCaseHistory(&anonymous_too, history, &page).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  // Once authenticated, an id no case could have is named as a bad field.
  v1::GetCaseRequest get;
  get.set_case_id(std::string(4096, 'x'));
  v1::CaseView view;
  status = caseload_->GetCase(As("cora", "compliance_officer").get(), get, &view);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ::testing::ElementsAre("case_id"));
}

TEST_F(RolesTest, OnlyTheCallerWhoMadeACommandLearnsItsResultByRetrying) {
  v1::AssignCaseRequest assign;
  *assign.mutable_header() = Header("assign-other-case", "other-case");
  assign.set_worker_id("stranger");
  assign.set_team_id("south");
  v1::CommandResult result;
  EXPECT_EQ(cases_->AssignCase(AsPerson(kPeople[2]).get(), assign, &result).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "north's supervisor may not see what south's command did";
  ASSERT_TRUE(
      cases_->AssignCase(As("setup-south", "supervisor", "south").get(), assign, &result).ok());
  EXPECT_TRUE(result.duplicate());
}

}  // namespace
}  // namespace caseledger
