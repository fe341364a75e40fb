// Two organisations on one server, the same people's ids and the same team's id in each: every
// read path, over gRPC and over HTTP, shows a caller their own organisation's records and
// nothing of the other's; Events.Subscribe sends each only its own events, and each actor's
// trail holds only what they did in the caller's organisation.

#include <httplib.h>

#include <functional>
#include <type_traits>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "gmock/gmock.h"
#include "tests/integration/command_client.h"

namespace caseledger {
namespace {

// One organisation: its id as its callers' credentials name it, and a marker that every id
// and text of its records holds, and nothing of the other's.
struct Organisation {
  std::string id;
  std::string marker;

  std::string Case() const { return marker + "-case"; }
  std::string Inspection() const { return marker + "-insp"; }
  std::string Provider() const { return marker + "-prov"; }
  std::string Period() const { return marker + "-2026"; }
  // Whether a stream of the log is this organisation's: ana's record is north's, who kept it.
  bool Holds(const std::string& stream_id) const {
    return absl::StrContains(stream_id, marker) || absl::StrContains(stream_id, id) ||
           (stream_id == "worker-ana" && id == "north-org");
  }
};

// Whether a request has a min_position, for a read to wait for what was written.
template <typename Request, typename = void>
struct WaitsForPosition : std::false_type {};
template <typename Request>
struct WaitsForPosition<Request,
                        std::void_t<decltype(std::declval<Request&>().set_min_position(0))>>
    : std::true_type {};

const Organisation kNorth{"north-org", "northx"};
const Organisation kSouth{"south-org", "southx"};

const Organisation& OtherThan(const Organisation& org) {
  return org.id == kNorth.id ? kSouth : kNorth;
}

// A call's outcome: its code, and what it showed (the response as text, or the error).
struct Answer {
  grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
  std::string text;
};

class OrganisationsTest : public testing::ServerFixture {
 protected:
  OrganisationsTest() : ServerFixture(absl::ZeroDuration(), false, false, /*serve_http=*/true) {}

  // A call context for `actor` of team north in `org`.
  static std::unique_ptr<grpc::ClientContext> In(const Organisation& org, const std::string& actor,
                                                 const std::string& role) {
    return As(actor, role, "north", org.id);
  }

  std::string Next(const Organisation& org) {
    return absl::StrCat(org.marker, "-cmd-", ++commands_);
  }

  template <typename Result>
  void Ok(const grpc::Status& status, const Result& result) {
    ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
    last_position_ = std::max(last_position_, result.position());
  }

  // In `org`: ana's advice case (a deadline, a note, an incident escalated to sue, a file
  // review), a provider of ian's with its inspection case and a visit made, ian's work plan, and in
  // north only, ana's monitoring level (her record is north's, who kept it first).
  void Seed(const Organisation& org) {
    auto sue = [&] { return In(org, "sue", "supervisor"); };
    auto ana = [&] { return In(org, "ana", "caseworker"); };
    auto ian = [&] { return In(org, "ian", "inspector"); };
    v1::CommandResult result;
    v1::OpenCaseRequest open;
    *open.mutable_header() = Header(Next(org), org.Case());
    open.set_kind(v1::ADVICE);
    open.set_category("debt");
    open.set_client_ref("C-" + org.marker);
    open.set_summary(org.marker + " rent arrears");
    open.set_subject_id("person-1");
    open.set_complexity(v1::MEDIUM);
    open.set_team_id("north");
    Ok(cases_->OpenCase(sue().get(), open, &result), result);
    Assign(org, org.Case(), "ana");
    v1::SetDeadlineRequest deadline;
    *deadline.mutable_header() = Header(Next(org), org.Case());
    deadline.mutable_deadline()->set_kind(v1::STATUTORY);
    *deadline.mutable_deadline()->mutable_due_at() = ToProto(clock_.Now() + absl::Hours(24 * 7));
    deadline.mutable_deadline()->set_what(org.marker + " appeal");
    Ok(cases_->SetDeadline(ana().get(), deadline, &result), result);
    v1::RecordNoteRequest note;
    *note.mutable_header() = Header(Next(org), org.Case());
    note.mutable_note()->set_kind(v1::FACT);
    note.mutable_note()->set_contact_type(v1::PHONE);
    note.mutable_note()->set_text(org.marker + " called the client");
    Ok(cases_->RecordNote(ana().get(), note, &result), result);
    v1::FlagUntowardIncidentRequest incident;
    *incident.mutable_header() = Header(Next(org), org.Case());
    incident.set_incident_id("inc-1");
    incident.mutable_incident()->set_kind(v1::COMPLAINT);
    incident.mutable_incident()->set_severity(v1::MODERATE);
    incident.mutable_incident()->set_description(org.marker + " complaint");
    incident.mutable_incident()->set_escalated_to("supervisor:sue");
    Ok(cases_->FlagUntowardIncident(ana().get(), incident, &result), result);
    v1::RecordFileReviewRequest review;
    *review.mutable_header() = Header(Next(org), org.Case());
    review.set_review_id("fr-1");
    review.mutable_review()->set_revision_reviewed(3);
    review.mutable_review()->set_findings(org.marker + " findings");
    review.mutable_review()->set_feedback_given("went through it with ana");
    v1::ChecklistGrade* grade = review.mutable_review()->add_checklist();
    grade->set_criterion(v1::ACCURATE_ADVICE);
    grade->set_grade(v1::MET);
    Ok(cases_->RecordFileReview(sue().get(), review, &result), result);

    v1::RegisterProviderRequest provider;
    provider.mutable_header()->set_command_id(Next(org));
    provider.mutable_header()->set_provider_id(org.Provider());
    provider.mutable_details()->set_reference("1-" + org.marker);
    provider.mutable_details()->set_name(org.marker + " care home");
    provider.mutable_details()->set_service_type("care home");
    provider.set_team_id("north");
    provider.set_lead_inspector("ian");
    v1::ProviderCommandResult registered;
    Ok(providers_->RegisterProvider(ian().get(), provider, &registered), registered);
    *open.mutable_header() = Header(Next(org), org.Inspection());
    open.set_kind(v1::INSPECTION);
    open.set_category("care home");
    open.set_provider_ref(org.Provider());
    open.clear_client_ref();
    open.clear_subject_id();
    open.set_summary(org.marker + " inspection");
    Ok(cases_->OpenCase(ian().get(), open, &result), result);
    Assign(org, org.Inspection(), "ian");
    v1::PlanVisitRequest visit;
    *visit.mutable_header() = Header(Next(org), org.Inspection());
    visit.set_visit_id(org.marker + "-visit");
    visit.mutable_plan()->set_type(v1::UNANNOUNCED);
    *visit.mutable_plan()->mutable_planned_for() = ToProto(clock_.Now() - absl::Hours(2));
    visit.mutable_plan()->add_inspectors("ian");
    visit.mutable_plan()->add_focus_areas("medicines");
    visit.mutable_plan()->set_estimated_effort_days(2);
    Ok(inspections_->PlanVisit(ian().get(), visit, &result), result);
    v1::RecordVisitRequest made;
    *made.mutable_header() = Header(Next(org), org.Inspection());
    made.set_visit_id(visit.visit_id());
    *made.mutable_record()->mutable_visited_at() = visit.plan().planned_for();
    made.mutable_record()->add_inspectors("ian");
    v1::EvidenceItem* evidence = made.mutable_record()->add_evidence();
    evidence->set_evidence_id(org.marker + "-mar");
    evidence->set_source(v1::RECORDS_EXAMINED);
    evidence->set_summary("Medicine administration records for three weeks");
    Ok(inspections_->RecordVisit(ian().get(), made, &result), result);
    v1::AgreeWorkPlanRequest plan;
    plan.mutable_header()->set_command_id(Next(org));
    plan.mutable_header()->set_inspector_id("ian");
    plan.mutable_header()->set_period_id(org.Period());
    v1::WorkPlanTerms* terms = plan.mutable_plan();
    terms->set_manager_id("sue");
    terms->set_team_id("north");
    *terms->mutable_period_start() =
        ToProto(absl::FromCivil(absl::CivilDay(2026, 1, 1), absl::UTCTimeZone()));
    *terms->mutable_period_end() =
        ToProto(absl::FromCivil(absl::CivilDay(2027, 1, 1), absl::UTCTimeZone()));
    v1::WorkObjective* objective = terms->add_objectives();
    objective->set_objective_id("o1");
    objective->set_description(org.marker + " inspections on time");
    objective->set_measure("providers inspected by their due date");
    objective->set_target("all");
    *objective->mutable_due_by() =
        ToProto(absl::FromCivil(absl::CivilDay(2026, 12, 1), absl::UTCTimeZone()));
    terms->set_untoward_incidents("Raised with the manager the same day");
    v1::WorkPlanResult agreed;
    Ok(work_plans_->AgreeWorkPlan(sue().get(), plan, &agreed), agreed);

    if (org.id != kNorth.id) return;
    v1::SetMonitoringLevelRequest level;
    level.mutable_header()->set_command_id(Next(org));
    level.mutable_header()->set_worker_id("ana");
    level.mutable_level()->set_kind(v1::EVERY_FILE_BEFORE_ADVICE);
    level.set_reason(org.marker + " new to debt work");
    v1::WorkerCommandResult set;
    Ok(supervision_->SetMonitoringLevel(sue().get(), level, &set), set);
  }

  void Assign(const Organisation& org, const std::string& case_id, const std::string& worker) {
    v1::AssignCaseRequest assign;
    *assign.mutable_header() = Header(Next(org), case_id);
    assign.set_worker_id(worker);
    assign.set_team_id("north");
    v1::CommandResult result;
    Ok(cases_->AssignCase(In(org, "sue", "supervisor").get(), assign, &result), result);
  }

  // A unary gRPC read as `actor` in `role` of `caller`.
  template <typename Response, typename Request, typename Stub, typename Method>
  Answer Read(Stub* stub, Method method, const Organisation& caller, const std::string& actor,
              const std::string& role, Request request,
              std::function<std::string(const Response&)> tally = nullptr) {
    if constexpr (WaitsForPosition<Request>::value) {
      request.set_min_position(last_position_);
    }
    Response response;
    grpc::Status status = (stub->*method)(In(caller, actor, role).get(), request, &response);
    Answer answer{status.error_code(),
                  status.ok() ? response.DebugString() : status.error_message()};
    if (status.ok() && tally) absl::StrAppend(&answer.text, "\n", tally(response));
    return answer;
  }

  // The same over HTTP, as the Connect protocol's JSON.
  Answer Connect(const std::string& procedure, const Organisation& caller, const std::string& actor,
                 const std::string& role, const std::string& json) {
    httplib::Client http("127.0.0.1", server_->http_port());
    http.set_read_timeout(30, 0);
    httplib::Headers headers = {{"X-Caseledger-Actor", actor},
                                {"X-Caseledger-Role", role},
                                {"X-Caseledger-Team", "north"},
                                {"X-Caseledger-Org", caller.id}};
    auto answer = http.Post(procedure.c_str(), headers, json, "application/json");
    if (!answer) return Answer{grpc::StatusCode::UNAVAILABLE, "no answer"};
    return Answer{answer->status == 200 ? grpc::StatusCode::OK : grpc::StatusCode::UNKNOWN,
                  answer->body};
  }

  // Every event of the log, as stored.
  std::vector<v1::EventRecord> Log() {
    auto log = store_->ReadAll(1, store_->Head().position);
    EXPECT_TRUE(log.ok());
    return log.ok() ? *std::move(log) : std::vector<v1::EventRecord>();
  }

  int commands_ = 0;
  uint64_t last_position_ = 0;
};

// A read path: the call made as a caller of one organisation, naming the records of
// `target` where it names any.
struct ReadPath {
  std::string name;
  std::function<Answer(const Organisation& caller, const Organisation& target)> call;
  // Whether it names a record (a case, provider, plan, policy): then it is also called naming
  // the other organisation's.
  bool names_record = false;
  // What a caller's answer about their own organisation must show; empty: only that it
  // shows nothing of the other's (refused or not).
  std::function<std::string(const Organisation& caller)> shows = [](const Organisation& caller) {
    return caller.marker;
  };
};

TEST_F(OrganisationsTest, EveryReadPathShowsOnlyTheCallersOrganisation) {
  Seed(kNorth);
  Seed(kSouth);
  using C = v1::Caseload::Stub;
  using A = v1::Audit::Stub;
  using P = v1::Providers::Stub;
  using S = v1::Supervision::Stub;
  const auto nothing_required = [](const Organisation&) { return std::string(); };
  const std::vector<ReadPath> paths = {
      {"Caseload.GetCase",
       [&](const Organisation& caller, const Organisation& target) {
         v1::GetCaseRequest r;
         r.set_case_id(target.Case());
         return Read<v1::CaseView>(caseload_.get(), &C::GetCase, caller, "cora",
                                   "compliance_officer", r);
       },
       true},
      {"Caseload.ListCaseload (the organisation)",
       [&](const Organisation& caller, const Organisation&) {
         return Read<v1::ListCaseloadResponse>(caseload_.get(), &C::ListCaseload, caller, "cora",
                                               "compliance_officer", v1::ListCaseloadRequest());
       }},
      {"Caseload.ListCaseload (ana's own)",
       [&](const Organisation& caller, const Organisation&) {
         v1::ListCaseloadRequest r;
         r.set_worker_id("ana");
         return Read<v1::ListCaseloadResponse>(caseload_.get(), &C::ListCaseload, caller, "ana",
                                               "caseworker", r);
       }},
      {"Caseload.GetWorkload (team north)",
       [&](const Organisation& caller, const Organisation&) {
         v1::GetWorkloadRequest r;
         r.set_team_id("north");
         return Read<v1::GetWorkloadResponse>(
             caseload_.get(), &C::GetWorkload, caller, "sue", "supervisor", r,
             std::function<std::string(const v1::GetWorkloadResponse&)>(
                 [](const v1::GetWorkloadResponse& w) {
                   return absl::StrCat(
                       "open cases counted: ", w.total().live() + w.total().dormant(),
                       "; capacity: ", w.total().capacity_days() > 0);
                 }));
       },
       false, [](const Organisation&) { return std::string("open cases counted: 2;"); }},
      {"Caseload.ListDiary (ana's)",
       [&](const Organisation& caller, const Organisation&) {
         v1::ListDiaryRequest r;
         r.set_worker_id("ana");
         *r.mutable_from() = ToProto(clock_.Now() - absl::Hours(24));
         *r.mutable_to() = ToProto(clock_.Now() + absl::Hours(24 * 30));
         return Read<v1::ListDiaryResponse>(caseload_.get(), &C::ListDiary, caller, "ana",
                                            "caseworker", r);
       }},
      {"Caseload.ListAttention (team north)",
       [&](const Organisation& caller, const Organisation&) {
         v1::ListAttentionRequest r;
         r.set_team_id("north");
         return Read<v1::ListAttentionResponse>(caseload_.get(), &C::ListAttention, caller, "sue",
                                                "supervisor", r);
       },
       false, nothing_required},
      {"Audit.GetCaseHistory",
       [&](const Organisation& caller, const Organisation& target) {
         v1::GetCaseHistoryRequest r;
         r.set_case_id(target.Case());
         return Read<v1::GetCaseHistoryResponse>(audit_.get(), &A::GetCaseHistory, caller, "cora",
                                                 "compliance_officer", r);
       },
       true},
      {"Audit.ReplayCase",
       [&](const Organisation& caller, const Organisation& target) {
         v1::ReplayCaseRequest r;
         r.set_case_id(target.Case());
         r.set_revision(1);
         return Read<v1::ReplayCaseResponse>(audit_.get(), &A::ReplayCase, caller, "cora",
                                             "compliance_officer", r);
       },
       true},
      {"Audit.ListActorEvents (ana)",
       [&](const Organisation& caller, const Organisation&) {
         v1::ListActorEventsRequest r;
         r.set_actor("ana");
         return Read<v1::ListActorEventsResponse>(audit_.get(), &A::ListActorEvents, caller, "cora",
                                                  "compliance_officer", r);
       }},
      {"Audit.ListCaseAccess (a case)",
       [&](const Organisation& caller, const Organisation& target) {
         v1::ListCaseAccessRequest r;
         r.set_case_id(target.Case());
         return Read<v1::ListCaseAccessResponse>(audit_.get(), &A::ListCaseAccess, caller, "cora",
                                                 "compliance_officer", r);
       },
       true},
      {"Audit.ListCaseAccess (a provider's)",
       [&](const Organisation& caller, const Organisation& target) {
         v1::ListCaseAccessRequest r;
         r.set_case_id("provider-" + target.Provider());
         return Read<v1::ListCaseAccessResponse>(audit_.get(), &A::ListCaseAccess, caller, "cora",
                                                 "compliance_officer", r);
       },
       true, nothing_required},
      {"Audit.ListCaseAccess (the organisation's refusals)",
       [&](const Organisation& caller, const Organisation&) {
         return Read<v1::ListCaseAccessResponse>(audit_.get(), &A::ListCaseAccess, caller, "cora",
                                                 "compliance_officer", v1::ListCaseAccessRequest());
       },
       false, nothing_required},
      {"Audit.VerifyLog",
       [&](const Organisation& caller, const Organisation&) {
         return Read<v1::VerifyLogResponse>(audit_.get(), &A::VerifyLog, caller, "cora",
                                            "compliance_officer", v1::VerifyLogRequest());
       },
       false, nothing_required},
      {"Subjects.ExportSubject (person-1, in each organisation)",
       [&](const Organisation& caller, const Organisation&) {
         v1::ExportSubjectRequest r;
         r.set_subject_id("person-1");
         return Read<v1::ExportSubjectResponse>(subjects_.get(), &v1::Subjects::Stub::ExportSubject,
                                                caller, "cora", "compliance_officer", r);
       }},
      {"PolicyCommands.GetPolicy",
       [&](const Organisation& caller, const Organisation& target) {
         v1::GetPolicyRequest r;
         r.set_org_id(target.id);
         return Read<v1::PolicyVersion>(policies_.get(), &v1::PolicyCommands::Stub::GetPolicy,
                                        caller, "cora", "compliance_officer", r);
       },
       true, nothing_required},
      {"Providers.GetProvider",
       [&](const Organisation& caller, const Organisation& target) {
         v1::GetProviderRequest r;
         r.set_provider_id(target.Provider());
         return Read<v1::ProviderView>(providers_.get(), &P::GetProvider, caller, "cora",
                                       "compliance_officer", r);
       },
       true},
      {"Providers.GetProviderHistory",
       [&](const Organisation& caller, const Organisation& target) {
         v1::GetProviderHistoryRequest r;
         r.set_provider_id(target.Provider());
         return Read<v1::GetProviderHistoryResponse>(providers_.get(), &P::GetProviderHistory,
                                                     caller, "cora", "compliance_officer", r);
       },
       true},
      {"Providers.ListProviders",
       [&](const Organisation& caller, const Organisation&) {
         return Read<v1::ListProvidersResponse>(providers_.get(), &P::ListProviders, caller, "cora",
                                                "compliance_officer", v1::ListProvidersRequest());
       }},
      {"Providers.ListInspectionProgramme",
       [&](const Organisation& caller, const Organisation&) {
         v1::ListInspectionProgrammeRequest r;
         *r.mutable_to() = ToProto(clock_.Now() + absl::Hours(24 * 365 * 5));
         return Read<v1::ListInspectionProgrammeResponse>(providers_.get(),
                                                          &P::ListInspectionProgramme, caller,
                                                          "cora", "compliance_officer", r);
       }},
      {"WorkPlans.GetWorkPlan (with its visits)",
       [&](const Organisation& caller, const Organisation& target) {
         v1::GetWorkPlanRequest r;
         r.set_inspector_id("ian");
         r.set_period_id(target.Period());
         return Read<v1::WorkPlanView>(work_plans_.get(), &v1::WorkPlans::Stub::GetWorkPlan, caller,
                                       "cora", "compliance_officer", r);
       },
       true},
      {"Supervision.GetWorkerRecord (ana, whose record north keeps)",
       [&](const Organisation& caller, const Organisation&) {
         v1::GetWorkerRecordRequest r;
         r.set_worker_id("ana");
         return Read<v1::WorkerRecord>(supervision_.get(), &S::GetWorkerRecord, caller, "cora",
                                       "compliance_officer", r);
       },
       false,
       [](const Organisation& caller) {
         return caller.id == kNorth.id ? caller.marker : std::string();
       }},
      {"Supervision.ListWorkerReviews (ana)",
       [&](const Organisation& caller, const Organisation&) {
         v1::ListWorkerReviewsRequest r;
         r.set_worker_id("ana");
         return Read<v1::ListWorkerReviewsResponse>(
             supervision_.get(), &S::ListWorkerReviews, caller, "sue", "supervisor", r,
             std::function<std::string(const v1::ListWorkerReviewsResponse&)>(
                 [](const v1::ListWorkerReviewsResponse& w) {
                   return absl::StrCat("reviews counted: ", w.total());
                 }));
       },
       false,
       [](const Organisation& caller) {
         // ana's record is north's: south may not ask for her by that id.
         return caller.id == kNorth.id ? std::string("reviews counted: 1") : std::string();
       }},
      {"Supervision.ListFilesDueForReview (team north)",
       [&](const Organisation& caller, const Organisation&) {
         v1::ListFilesDueForReviewRequest r;
         r.set_team_id("north");
         return Read<v1::ListFilesDueForReviewResponse>(
             supervision_.get(), &S::ListFilesDueForReview, caller, "sue", "supervisor", r,
             std::function<std::string(const v1::ListFilesDueForReviewResponse&)>(
                 [](const v1::ListFilesDueForReviewResponse& due) {
                   std::string tally;
                   for (const auto& w : due.workers()) {
                     absl::StrAppend(&tally, w.worker_id(), ": ", w.open_files(), " open, ",
                                     w.reviewed_this_month(), " reviewed, ",
                                     w.default_level() ? "default level" : "their level", "; ");
                   }
                   return tally;
                 }));
       },
       false,
       [](const Organisation& caller) {
         // ana's level is her record's in north only.
         return caller.id == kNorth.id ? std::string("ana: 1 open, 1 reviewed, their level")
                                       : std::string("ana: 1 open, 1 reviewed, default level");
       }},
      {"Supervision.ListInbox (sue's)",
       [&](const Organisation& caller, const Organisation&) {
         return Read<v1::ListInboxResponse>(supervision_.get(), &S::ListInbox, caller, "sue",
                                            "supervisor", v1::ListInboxRequest());
       }},
      {"Supervision.GetTeamReport (team north)",
       [&](const Organisation& caller, const Organisation&) {
         v1::GetTeamReportRequest r;
         r.set_team_id("north");
         r.set_from_month("2026-03");
         r.set_to_month("2026-03");
         return Read<v1::TeamReport>(
             supervision_.get(), &S::GetTeamReport, caller, "sue", "supervisor", r,
             std::function<std::string(const v1::TeamReport&)>([](const v1::TeamReport& report) {
               return absl::StrCat("opened: ", report.total().opened(),
                                   "; reviews done: ", report.total().reviews_done(), ";");
             }));
       },
       false, [](const Organisation&) { return std::string("opened: 2; reviews done: 1;"); }},
      {"HTTP Caseload.ListCaseload",
       [&](const Organisation& caller, const Organisation&) {
         return Connect("/caseledger.v1.Caseload/ListCaseload", caller, "cora",
                        "compliance_officer",
                        absl::StrCat("{\"minPosition\":\"", last_position_, "\"}"));
       }},
      {"HTTP Audit.ListActorEvents (sue)",
       [&](const Organisation& caller, const Organisation&) {
         return Connect(
             "/caseledger.v1.Audit/ListActorEvents", caller, "cora", "compliance_officer",
             absl::StrCat("{\"actor\":\"sue\",\"minPosition\":\"", last_position_, "\"}"));
       }},
  };

  // Each caller about their own organisation: shown what it holds, nothing of the other's.
  for (const ReadPath& path : paths) {
    for (const Organisation* caller : {&kNorth, &kSouth}) {
      SCOPED_TRACE(absl::StrCat(path.name, " by ", caller->id));
      const Answer answer = path.call(*caller, *caller);
      EXPECT_THAT(answer.text, ::testing::Not(::testing::HasSubstr(OtherThan(*caller).marker)));
      const std::string shown = path.shows(*caller);
      if (shown.empty()) continue;
      EXPECT_EQ(answer.code, grpc::StatusCode::OK) << answer.text;
      EXPECT_THAT(answer.text, ::testing::HasSubstr(shown));
    }
  }
  // Each caller naming the other organisation's records: refused or not found, or shown
  // nothing of them.
  for (const ReadPath& path : paths) {
    if (!path.names_record) continue;
    for (const Organisation* caller : {&kNorth, &kSouth}) {
      SCOPED_TRACE(absl::StrCat(path.name, " by ", caller->id, " of ", OtherThan(*caller).id));
      const Answer answer = path.call(*caller, OtherThan(*caller));
      if (answer.code == grpc::StatusCode::OK) {
        EXPECT_THAT(answer.text, ::testing::Not(::testing::HasSubstr(OtherThan(*caller).marker)));
      } else {
        EXPECT_THAT(answer.code, ::testing::AnyOf(grpc::StatusCode::PERMISSION_DENIED,
                                                  grpc::StatusCode::NOT_FOUND))
            << answer.text;
      }
    }
  }
}

TEST_F(OrganisationsTest, SubscribeDeliversOnlyTheCallersOrganisationsEvents) {
  Seed(kNorth);
  Seed(kSouth);
  // One more of north's after south's, so each one's positions have gaps.
  v1::RecordNoteRequest note;
  *note.mutable_header() = Header(Next(kNorth), kNorth.Case());
  note.mutable_note()->set_kind(v1::FACT);
  note.mutable_note()->set_contact_type(v1::PHONE);
  note.mutable_note()->set_text("northx called again");
  v1::CommandResult result;
  Ok(cases_->RecordNote(In(kNorth, "ana", "caseworker").get(), note, &result), result);

  const std::vector<v1::EventRecord> log = Log();
  auto positions_of = [&](const Organisation& org, uint64_t after) {
    std::vector<uint64_t> positions;
    for (const v1::EventRecord& record : log) {
      if (record.position() > after && org.Holds(record.stream_id())) {
        positions.push_back(record.position());
      }
    }
    return positions;
  };
  for (const v1::EventRecord& record : log) {
    ASSERT_NE(kNorth.Holds(record.stream_id()), kSouth.Holds(record.stream_id()))
        << record.stream_id() << " is one organisation's";
  }
  auto subscribe = [&](const Organisation& org, uint64_t after) {
    v1::SubscribeRequest request;
    request.set_after_position(after);
    auto context = In(org, "cora", "compliance_officer");
    auto reader = events_->Subscribe(context.get(), request);
    const uint64_t last = positions_of(org, after).back();
    std::vector<uint64_t> positions;
    v1::SubscribeResponse response;
    while ((positions.empty() || positions.back() < last) && reader->Read(&response)) {
      for (const v1::EventRecord& record : response.records()) {
        EXPECT_TRUE(org.Holds(record.stream_id())) << record.stream_id();
        positions.push_back(record.position());
      }
    }
    context->TryCancel();
    return positions;
  };
  for (const Organisation* org : {&kNorth, &kSouth}) {
    SCOPED_TRACE(org->id);
    const std::vector<uint64_t> expected = positions_of(*org, 0);
    ASSERT_GT(expected.size(), 10u);
    EXPECT_EQ(subscribe(*org, 0), expected);
    // Positions are the log's: one after an event of the other's resumes after it.
    uint64_t others = 0;
    for (const v1::EventRecord& record : log) {
      if (OtherThan(*org).Holds(record.stream_id()) && record.position() < expected.back()) {
        others = record.position();
      }
    }
    ASSERT_GT(others, 0u);
    ASSERT_FALSE(positions_of(*org, others).empty());
    EXPECT_EQ(subscribe(*org, others), positions_of(*org, others));
  }

  // Live: an event of south's committed while both follow goes to south's subscriber only,
  // after north's subscriber has been sent north's next.
  auto north_context = In(kNorth, "cora", "compliance_officer");
  auto south_context = In(kSouth, "cora", "compliance_officer");
  v1::SubscribeRequest live;
  live.set_after_position(store_->Head().position);
  auto north = events_->Subscribe(north_context.get(), live);
  auto south = events_->Subscribe(south_context.get(), live);
  *note.mutable_header() = Header(Next(kSouth), kSouth.Case());
  note.mutable_note()->set_text("southx called again");
  Ok(cases_->RecordNote(In(kSouth, "ana", "caseworker").get(), note, &result), result);
  const uint64_t south_note = result.position();
  *note.mutable_header() = Header(Next(kNorth), kNorth.Case());
  note.mutable_note()->set_text("northx called a third time");
  Ok(cases_->RecordNote(In(kNorth, "ana", "caseworker").get(), note, &result), result);
  const uint64_t north_note = result.position();
  v1::SubscribeResponse response;
  ASSERT_TRUE(north->Read(&response));
  ASSERT_GE(response.records_size(), 1);
  EXPECT_EQ(response.records(0).position(), north_note) << "south's note is not north's";
  ASSERT_TRUE(south->Read(&response));
  ASSERT_GE(response.records_size(), 1);
  EXPECT_EQ(response.records(0).position(), south_note);
  north_context->TryCancel();
  south_context->TryCancel();
}

TEST_F(OrganisationsTest, ListActorEventsShowsOnlyWhatTheActorDidInTheCallersOrganisation) {
  Seed(kNorth);
  Seed(kSouth);
  // sam works in south only.
  v1::RecordNoteRequest note;
  *note.mutable_header() = Header(Next(kSouth), kSouth.Case());
  note.mutable_note()->set_kind(v1::FACT);
  note.mutable_note()->set_contact_type(v1::PHONE);
  note.mutable_note()->set_text("southx covered for ana");
  v1::CommandResult result;
  Ok(cases_->RecordNote(In(kSouth, "sam", "supervisor").get(), note, &result), result);

  const std::vector<v1::EventRecord> log = Log();
  auto trail = [&](const Organisation& caller, const std::string& asker, const std::string& role,
                   const std::string& actor, uint32_t page_size) {
    std::vector<uint64_t> positions;
    v1::ListActorEventsRequest request;
    request.set_actor(actor);
    request.set_page_size(page_size);
    request.set_min_position(last_position_);
    for (int page = 0; page < 100; ++page) {
      v1::ListActorEventsResponse response;
      grpc::Status status =
          audit_->ListActorEvents(In(caller, asker, role).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const v1::ActorEvent& event : response.events()) {
        EXPECT_TRUE(caller.Holds(event.stream_id())) << event.stream_id();
        EXPECT_EQ(event.actor(), actor);
        positions.push_back(event.position());
      }
      if (response.next_after_position() == 0) break;
      request.set_after_position(response.next_after_position());
    }
    return positions;
  };
  auto expected = [&](const Organisation& org, const std::string& actor) {
    std::vector<uint64_t> positions;
    for (const v1::EventRecord& record : log) {
      if (record.metadata().actor() == actor && org.Holds(record.stream_id())) {
        positions.push_back(record.position());
      }
    }
    return positions;
  };
  for (const Organisation* org : {&kNorth, &kSouth}) {
    SCOPED_TRACE(org->id);
    for (const char* actor : {"ana", "sue", "ian"}) {
      const std::vector<uint64_t> theirs = expected(*org, actor);
      ASSERT_FALSE(theirs.empty()) << actor;
      EXPECT_EQ(trail(*org, "cora", "compliance_officer", actor, 100), theirs) << actor;
      EXPECT_EQ(trail(*org, "cora", "compliance_officer", actor, 2), theirs) << actor << " by page";
    }
    // ana asking for her own trail is shown her work in the organisation she calls from.
    EXPECT_EQ(trail(*org, "ana", "caseworker", "ana", 100), expected(*org, "ana"));
  }
  // An actor of the other organisation has done nothing in north.
  EXPECT_FALSE(expected(kSouth, "sam").empty());
  EXPECT_THAT(trail(kNorth, "cora", "compliance_officer", "sam", 100), ::testing::IsEmpty());
  // And a caseworker may not ask for someone else's, in either.
  v1::ListActorEventsRequest request;
  request.set_actor("sam");
  v1::ListActorEventsResponse response;
  EXPECT_EQ(audit_->ListActorEvents(In(kNorth, "ana", "caseworker").get(), request, &response)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace caseledger
