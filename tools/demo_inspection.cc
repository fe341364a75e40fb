#include "tools/demo_inspection.h"

#include <functional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/proto_time.h"

namespace caseledger::cli {
namespace {

constexpr char kTeam[] = "insp-north";
constexpr char kManager[] = "mo";
const char* const kInspectors[] = {"ines", "ivan"};
const char* const kNames[] = {"Sunnyside", "Oakwood",      "Meadowbank", "Riverside",
                              "Elm Grove", "Hillcrest",    "Beechwood",  "Larkfield",
                              "Ashdown",   "Willow Court", "Fernlea",    "Brookside"};
const char* const kKinds[] = {"House", "Lodge", "Care Home", "Court", "Gardens"};
const char* const kServices[] = {"care home with nursing", "care home", "domiciliary care",
                                 "supported living"};
const char* const kRegions[] = {"north west", "north east", "Yorkshire"};

absl::Time DaysAgo(absl::Time now, double days) { return now - absl::Hours(24) * days; }

// Makes the team's commands with ids that depend only on the seed, so a second run repeats
// them and changes nothing.
class Team {
 public:
  Team(Client& client, uint64_t seed) : client_(client), seed_(seed), now_(absl::Now()) {}

  absl::Time now() const { return now_; }
  std::string Id(absl::string_view what) const { return absl::StrCat("d", seed_, "-", what); }
  std::string Next() { return Id(absl::StrCat("insp-", ++commands_)); }

  std::unique_ptr<grpc::ClientContext> As(const std::string& actor) {
    return client_.ContextAs(actor, actor == kManager ? "supervisor" : "inspector", kTeam);
  }

  v1::ProviderCommandHeader ProviderHeader(const std::string& provider, absl::Time at) {
    v1::ProviderCommandHeader header;
    header.set_command_id(Next());
    header.set_provider_id(provider);
    *header.mutable_occurred_at() = ToProto(at);
    return header;
  }

  v1::CommandHeader CaseHeader(const std::string& case_id, absl::Time at) {
    v1::CommandHeader header;
    header.set_command_id(Next());
    header.set_case_id(case_id);
    *header.mutable_occurred_at() = ToProto(at);
    return header;
  }

  template <typename Request, typename Call>
  void Provider(const std::string& actor, const Request& request, Call call) {
    v1::ProviderCommandResult result;
    Check((client_.providers().*call)(As(actor).get(), request, &result));
  }

  template <typename Request, typename Call>
  void Inspect(const std::string& actor, const Request& request, Call call) {
    v1::CommandResult result;
    Check((client_.inspections().*call)(As(actor).get(), request, &result));
  }

  template <typename Request, typename Call>
  void Plan(const Request& request, Call call) {
    v1::WorkPlanResult result;
    Check((client_.work_plans().*call)(As(kManager).get(), request, &result));
  }

  Client& client() { return client_; }

 private:
  Client& client_;
  const uint64_t seed_;
  const absl::Time now_;
  int commands_ = 0;
};

struct Provided {
  std::string id;
  std::string lead;
  std::string judgement;
  absl::Time inspected_at;
};

Provided RegisterAndRate(Team& team, int n) {
  const absl::Time now = team.now();
  Provided p;
  p.id = team.Id(absl::StrCat("p", n < 10 ? "0" : "", n));
  p.lead = kInspectors[n % 2];
  v1::RegisterProviderRequest reg;
  *reg.mutable_header() = team.ProviderHeader(p.id, DaysAgo(now, 1000 - n));
  reg.mutable_details()->set_reference(absl::StrCat("1-10", 1000 + n * 37));
  reg.mutable_details()->set_name(absl::StrCat(kNames[n % 12], " ", kKinds[(n / 12) % 5]));
  reg.mutable_details()->set_service_type(kServices[n % 4]);
  reg.mutable_details()->set_region(kRegions[n % 3]);
  reg.set_team_id(kTeam);
  reg.set_lead_inspector(p.lead);
  team.Provider(p.lead, reg, &v1::Providers::Stub::RegisterProvider);
  // One in six is new and not yet rated; the rest carry over their last rating.
  if (n % 6 == 5) return p;
  static const char* const kScale[] = {
      "good", "good",       "requires_improvement", "good", "outstanding",
      "good", "inadequate", "requires_improvement", "good", "good"};
  p.judgement = kScale[n % 10];
  const bool compliant = p.judgement == "good" || p.judgement == "outstanding";
  p.inspected_at = DaysAgo(now, 40 + (n * 53) % 800);
  v1::RecordRatingRequest rate;
  *rate.mutable_header() = team.ProviderHeader(p.id, p.inspected_at + absl::Hours(24 * 30));
  rate.set_compliance(compliant ? v1::COMPLIANT : v1::NON_COMPLIANT);
  if (!compliant) {
    rate.add_breaches()->set_standard(n % 3 == 0 ? "Regulation 12: safe care and treatment"
                                                 : "Regulation 17: good governance");
  }
  rate.set_judgement(p.judgement);
  rate.set_decision_ref(absl::StrCat("report-", 2000 + n));
  *rate.mutable_inspected_at() = ToProto(p.inspected_at);
  rate.set_rationale("The rating of its last published inspection report, carried over");
  team.Provider(p.lead, rate, &v1::Providers::Stub::RecordRating);
  return p;
}

void RecordIntelligence(Team& team, const Provided& p, int n) {
  static const v1::IntelligenceKind kKindsOf[] = {
      v1::INTELLIGENCE_COMPLAINT,    v1::INTELLIGENCE_SAFEGUARDING,
      v1::INTELLIGENCE_NOTIFICATION, v1::INTELLIGENCE_WHISTLEBLOWING,
      v1::INTELLIGENCE_FROM_AGENCY,  v1::INTELLIGENCE_FROM_PERSON_USING_SERVICE};
  static const v1::Severity kSeverities[] = {v1::SERIOUS, v1::MODERATE, v1::MINOR, v1::CRITICAL};
  const absl::Time received = DaysAgo(team.now(), 3 + (n * 7) % 40);
  v1::RecordIntelligenceRequest r;
  *r.mutable_header() = team.ProviderHeader(p.id, received);
  r.set_intelligence_id(team.Id(absl::StrCat("intel-", n)));
  v1::IntelligenceDetails* d = r.mutable_details();
  d->set_kind(kKindsOf[n % 6]);
  if (d->kind() == v1::INTELLIGENCE_FROM_AGENCY) d->set_agency("local authority commissioners");
  d->set_severity(kSeverities[n % 4]);
  d->set_source(n % 2 == 0 ? "A resident's daughter" : "A member of staff");
  d->set_description(n % 2 == 0 ? "Call bells left unanswered for long periods at night"
                                : "Staffing below the agreed levels on several weekends");
  *d->mutable_received_at() = ToProto(received);
  d->set_subject_id(team.Id(absl::StrCat("person-", n)));
  team.Provider(p.lead, r, &v1::Providers::Stub::RecordIntelligence);
  if (n % 2 == 1) return;
  v1::ConsiderIntelligenceRequest c;
  *c.mutable_header() = team.ProviderHeader(p.id, received + absl::Hours(48));
  c.set_intelligence_id(r.intelligence_id());
  c.set_consideration(n % 4 == 0 ? v1::ADDED_TO_INSPECTION_FOCUS : v1::NO_FURTHER_ACTION);
  c.set_how("Discussed with the registered manager; evidence asked for and reviewed");
  team.Provider(p.lead, c, &v1::Providers::Stub::ConsiderIntelligence);
}

// How far an inspection case gets: each stage adds one step of the report's lifecycle.
enum class Stage {
  kVisitPlanned,
  kVisited,
  kDrafted,
  kSent,
  kCommented,
  kPublished,
  kPlanOverdue,
  kEnforced,
};

// An inspection case for `p` taken to `stage`, backdated so its steps fall in the past.
void Inspect(Team& team, const Provided& p, Stage stage, int n) {
  const absl::Time now = team.now();
  const std::string case_id = team.Id(absl::StrCat("insp-case-", n));
  const std::string& who = p.lead;
  const double start = stage >= Stage::kPlanOverdue ? 130 : 80;
  v1::OpenCaseRequest open;
  *open.mutable_header() = team.CaseHeader(case_id, DaysAgo(now, start));
  open.set_kind(v1::INSPECTION);
  open.set_category("care home inspection");
  open.set_provider_ref(p.id);
  open.set_complexity(p.judgement == "inadequate" ? v1::HIGH : v1::MEDIUM);
  v1::CommandResult result;
  Check(team.client().cases().OpenCase(team.As(who).get(), open, &result));
  v1::AssignCaseRequest assign;
  *assign.mutable_header() = team.CaseHeader(case_id, DaysAgo(now, start - 0.5));
  assign.set_worker_id(who);
  assign.set_team_id(kTeam);
  Check(team.client().cases().AssignCase(team.As(kManager).get(), assign, &result));

  const absl::Time visit_at =
      stage == Stage::kVisitPlanned ? now + absl::Hours(24 * 9) : DaysAgo(now, start - 10);
  v1::PlanVisitRequest plan;
  *plan.mutable_header() = team.CaseHeader(case_id, DaysAgo(now, start - 1));
  plan.set_visit_id("v1");
  plan.mutable_plan()->set_type(n % 3 == 0 ? v1::ANNOUNCED : v1::UNANNOUNCED);
  *plan.mutable_plan()->mutable_planned_for() = ToProto(visit_at);
  plan.mutable_plan()->add_inspectors(who);
  plan.mutable_plan()->add_focus_areas("safe care and treatment");
  plan.mutable_plan()->set_estimated_effort_days(4);
  team.Inspect(who, plan, &v1::Inspections::Stub::PlanVisit);
  if (stage == Stage::kVisitPlanned) return;

  v1::RecordVisitRequest visit;
  *visit.mutable_header() = team.CaseHeader(case_id, visit_at + absl::Hours(8));
  visit.set_visit_id("v1");
  v1::VisitRecord* record = visit.mutable_record();
  *record->mutable_visited_at() = ToProto(visit_at);
  record->add_inspectors(who);
  auto evidence = [&](const char* id, v1::EvidenceSource source, const char* summary) {
    v1::EvidenceItem* item = record->add_evidence();
    item->set_evidence_id(id);
    item->set_source(source);
    item->set_summary(summary);
  };
  evidence("obs", v1::OBSERVATION, "Observed the lunchtime meal and the medicines round");
  evidence("mar", v1::RECORDS_EXAMINED, "Medicine administration records for four weeks");
  evidence("res", v1::INTERVIEW_PERSON_USING_SERVICE, "Spoke with four residents");
  evidence("fam", v1::INTERVIEW_FAMILY, "Spoke with two relatives visiting");
  evidence("staff", v1::INTERVIEW_STAFF, "Spoke with the manager and three care staff");
  record->add_views_of_people_using_service("The staff are kind, but I wait a long time at night");
  record->set_advocate_involved(n % 2 == 0);
  team.Inspect(who, visit, &v1::Inspections::Stub::RecordVisit);

  const bool breach = p.judgement != "good" && p.judgement != "outstanding";
  v1::RecordFindingsRequest findings;
  *findings.mutable_header() = team.CaseHeader(case_id, visit_at + absl::Hours(30));
  findings.set_visit_id("v1");
  v1::FindingDetails* safe = findings.add_findings();
  safe->set_standard("Regulation 12: safe care and treatment");
  safe->set_judgement(breach ? "inadequate" : "good");
  safe->set_met(!breach);
  safe->add_evidence_ids("obs");
  safe->add_evidence_ids("mar");
  safe->set_narrative(breach ? "Medicines were not always given as prescribed"
                             : "Medicines are managed safely");
  v1::FindingDetails* caring = findings.add_findings();
  caring->set_standard("Regulation 10: dignity and respect");
  caring->set_judgement("good");
  caring->set_met(true);
  caring->add_evidence_ids("res");
  caring->add_evidence_ids("fam");
  team.Inspect(who, findings, &v1::Inspections::Stub::RecordFindings);
  if (stage == Stage::kVisited) return;

  const std::string judgement =
      breach ? (p.judgement == "inadequate" ? "inadequate" : "requires_improvement") : "good";
  v1::DraftDocumentRequest draft;
  *draft.mutable_header() = team.CaseHeader(case_id, visit_at + absl::Hours(24 * 5));
  draft.set_document_id("report-1");
  draft.set_kind(v1::REPORT);
  draft.set_title(absl::StrCat("Inspection report"));
  draft.set_summary("Findings of the inspection against the fundamental standards");
  draft.set_judgement(judgement);
  team.Inspect(who, draft, &v1::Inspections::Stub::DraftDocument);
  if (stage == Stage::kDrafted) return;

  v1::SendForFactualAccuracyRequest send;
  *send.mutable_header() = team.CaseHeader(case_id, visit_at + absl::Hours(24 * 8));
  send.set_document_id("report-1");
  team.Inspect(who, send, &v1::Inspections::Stub::SendForFactualAccuracy);
  if (stage == Stage::kSent) return;

  v1::RecordProviderCommentsRequest comments;
  *comments.mutable_header() = team.CaseHeader(case_id, visit_at + absl::Hours(24 * 16));
  comments.set_document_id("report-1");
  comments.set_comments("Two dates corrected; the provider accepts the findings");
  comments.set_changes_made("Dates in paragraph 3 corrected");
  team.Inspect(who, comments, &v1::Inspections::Stub::RecordProviderComments);
  if (stage == Stage::kCommented) return;

  v1::PublishDocumentRequest publish;
  *publish.mutable_header() = team.CaseHeader(case_id, visit_at + absl::Hours(24 * 18));
  publish.set_document_id("report-1");
  publish.set_rationale(breach ? "Medicines are not managed safely; people are at risk"
                               : "Care is safe, kind and well led");
  team.Inspect(who, publish, &v1::Inspections::Stub::PublishDocument);
  if (stage == Stage::kPublished || !breach) return;

  v1::RequireActionPlanRequest require;
  *require.mutable_header() = team.CaseHeader(case_id, visit_at + absl::Hours(24 * 19));
  require.set_plan_id("plan-1");
  require.add_breaches("Regulation 12: safe care and treatment");
  *require.mutable_plan_due_by() = ToProto(visit_at + absl::Hours(24 * 33));
  team.Inspect(who, require, &v1::Inspections::Stub::RequireActionPlan);
  v1::RecordActionPlanRequest plan_of_actions;
  *plan_of_actions.mutable_header() = team.CaseHeader(case_id, visit_at + absl::Hours(24 * 30));
  plan_of_actions.set_plan_id("plan-1");
  v1::PlannedAction* action = plan_of_actions.add_actions();
  action->set_action_id("a1");
  action->set_action("A second nurse on every evening medicines round");
  action->set_owner("Registered manager");
  // Overdue: the actions were due ten days ago and nobody has verified them.
  *action->mutable_due_by() =
      ToProto(stage == Stage::kPlanOverdue ? DaysAgo(now, 10) : now + absl::Hours(24 * 40));
  team.Inspect(who, plan_of_actions, &v1::Inspections::Stub::RecordActionPlan);
  if (stage != Stage::kEnforced) return;

  v1::TakeEnforcementActionRequest enforce;
  *enforce.mutable_header() = team.CaseHeader(case_id, visit_at + absl::Hours(24 * 31));
  enforce.set_action_id("warning-1");
  enforce.mutable_enforcement()->set_kind("warning_notice");
  enforce.mutable_enforcement()->set_legal_basis("Health and Social Care Act 2008, section 29");
  enforce.mutable_enforcement()->add_breaches("Regulation 12: safe care and treatment");
  enforce.mutable_enforcement()->set_details("Medicines must be managed safely by the review");
  *enforce.mutable_enforcement()->mutable_review_by() = ToProto(now + absl::Hours(24 * 30));
  team.Inspect(who, enforce, &v1::Inspections::Stub::TakeEnforcementAction);
}

void AgreeWorkPlan(Team& team, const std::string& inspector, const std::string& period,
                   const std::vector<Provided>& providers, double other_duties) {
  const absl::CivilYear year = absl::ToCivilYear(team.now(), absl::UTCTimeZone());
  v1::AgreeWorkPlanRequest r;
  r.mutable_header()->set_command_id(team.Next());
  r.mutable_header()->set_inspector_id(inspector);
  r.mutable_header()->set_period_id(period);
  v1::WorkPlanTerms* plan = r.mutable_plan();
  plan->set_manager_id(kManager);
  plan->set_team_id(kTeam);
  *plan->mutable_period_start() = ToProto(absl::FromCivil(year, absl::UTCTimeZone()));
  *plan->mutable_period_end() = ToProto(absl::FromCivil(year + 1, absl::UTCTimeZone()));
  auto objective = [&](const char* id, const char* description, const char* measure,
                       const char* target, absl::CivilDay due) {
    v1::WorkObjective* o = plan->add_objectives();
    o->set_objective_id(id);
    o->set_description(description);
    o->set_measure(measure);
    o->set_target(target);
    *o->mutable_due_by() = ToProto(absl::FromCivil(due, absl::UTCTimeZone()));
  };
  objective("on-time", "Inspect every provider by the date the programme gives it",
            "providers inspected by their due date", "95%", absl::CivilDay(year.year(), 12, 31));
  objective("follow-up", "Follow up every breach within the policy's time frame",
            "breaches followed up in time", "100%", absl::CivilDay(year.year(), 12, 31));
  objective("reports", "Publish reports within the policy's time frames",
            "reports published on time", "90%", absl::CivilDay(year.year(), 9, 30));
  plan->add_priorities("Providers judged inadequate, then those with serious intelligence");
  plan->add_priorities("Follow-up inspections from action plans not verified");
  plan->set_untoward_incidents(
      "Serious incidents and safeguarding concerns are raised with the manager the same day, "
      "considered within two working days, and may displace a routine visit");
  plan->set_leave_days(27);
  plan->set_other_duties_days(other_duties);
  int month = 1;
  for (const Provided& p : providers) {
    if (p.lead != inspector) continue;
    v1::PlannedInspection* inspection = plan->add_inspections();
    inspection->set_provider_id(p.id);
    *inspection->mutable_planned_for() = ToProto(
        absl::FromCivil(absl::CivilMonth(year.year(), 1 + (month++ % 12)), absl::UTCTimeZone()));
    inspection->set_visit_days(2);
    inspection->set_report_days(3);
    inspection->set_reason(p.judgement.empty() ? "first inspection" : "due by its interval");
  }
  r.set_rationale("Agreed at the annual planning meeting");
  team.Plan(r, &v1::WorkPlans::Stub::AgreeWorkPlan);
  v1::RecordObjectiveProgressRequest progress;
  progress.mutable_header()->set_command_id(team.Next());
  progress.mutable_header()->set_inspector_id(inspector);
  progress.mutable_header()->set_period_id(period);
  progress.set_objective_id("on-time");
  progress.set_status(v1::ON_TRACK);
  progress.set_percent_complete(20);
  progress.set_note("Every inspection due so far made on time");
  team.Plan(progress, &v1::WorkPlans::Stub::RecordObjectiveProgress);
}

}  // namespace

std::string RunInspectionDemo(Client& client, const InspectionDemo& demo) {
  Team team(client, demo.seed);
  std::vector<Provided> providers;
  for (int n = 1; n <= demo.providers; ++n) providers.push_back(RegisterAndRate(team, n));
  for (int n = 0; n < demo.providers / 5; ++n) {
    RecordIntelligence(team, providers[(n * 7) % providers.size()], n);
  }
  // Inspection cases at every stage, most of them where they are most needed.
  std::vector<const Provided*> chosen;
  for (const Provided& p : providers) {
    if (p.judgement == "inadequate" || p.judgement == "requires_improvement") chosen.push_back(&p);
  }
  const Stage stages[] = {Stage::kPlanOverdue, Stage::kEnforced,    Stage::kPublished,
                          Stage::kCommented,   Stage::kSent,        Stage::kDrafted,
                          Stage::kVisited,     Stage::kVisitPlanned};
  for (size_t i = 0; i < std::size(stages) && i < chosen.size(); ++i) {
    Inspect(team, *chosen[i], stages[i], static_cast<int>(i) + 1);
  }
  const std::string period =
      absl::StrCat(absl::ToCivilYear(team.now(), absl::UTCTimeZone()).year());
  if (!providers.empty()) {
    AgreeWorkPlan(team, "ines", period, providers, 30);
    // Ivan's other duties leave him less time than his inspections need.
    AgreeWorkPlan(team, "ivan", period, providers, 110);
  }
  return period;
}

}  // namespace caseledger::cli
