// caseledger's inspection commands on an inspection case: visit (plan, record), findings,
// report (draft, send, comments, publish), action-plan (require, record, progress, verify)
// and enforce (take, conclude).

#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "base/proto_time.h"
#include "tools/cli_app.h"
#include "tools/cli_case_command.h"
#include "tools/cli_parse.h"

namespace caseledger::cli {
namespace {

// Sends an Inspections command on a case and reports it.
template <typename Request, typename Call>
void SendToInspections(Client& client, const Request& request, Call call, const std::string& what) {
  SendCaseCommand(client, client.inspections(), request, call, what);
}

// "a|b|c" into exactly `n` parts; a Failure naming `flag` otherwise.
std::vector<std::string> Parts(const std::string& flag, const std::string& text, size_t n,
                               const std::string& form) {
  std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits('|', n - 1));
  if (parts.size() != n) throw Failure{absl::StrCat(flag, ": '", text, "' is not ", form)};
  return parts;
}

absl::Time When(const std::string& flag, const std::string& text) {
  return ParseTime(flag, text, absl::Now());
}

struct VisitFlags : CaseCommandFlags {
  std::string visit_id, on, at, language;
  bool announced = false, follow_up = false, advocate = false, interpreter = false;
  double effort = 0;
  std::vector<std::string> inspectors, focus, evidence, views;
};

void AddVisit(CLI::App& app, Commands& commands) {
  CLI::App* visit = app.add_subcommand("visit", "Plan or record a site visit to a provider");
  visit->require_subcommand(1);
  auto p = std::make_shared<VisitFlags>();
  CLI::App* plan = visit->add_subcommand("plan", "Plan a visit (in the diary until it is made)");
  p->Add(plan);
  plan->add_option("--visit", p->visit_id, "Its id (default: the command id)");
  plan->add_option("--on", p->on, "When: YYYY-MM-DD, RFC 3339, +7d")->required();
  plan->add_flag("--announced", p->announced, "Announced (default: unannounced)");
  plan->add_option("--inspector", p->inspectors, "An inspector who will visit (repeat)")
      ->required();
  plan->add_option("--focus", p->focus, "A focus area (repeat)");
  plan->add_option("--effort", p->effort, "Estimated effort, in days")->required();
  plan->add_flag("--follow-up", p->follow_up, "A follow-up inspection");
  commands.On<VisitFlags>(plan, p, [](Client& client, const VisitFlags& f) {
    v1::PlanVisitRequest r;
    *r.mutable_header() = f.Header();
    r.set_visit_id(f.visit_id);
    r.mutable_plan()->set_type(f.announced ? v1::ANNOUNCED : v1::UNANNOUNCED);
    *r.mutable_plan()->mutable_planned_for() = ToProto(When("--on", f.on));
    for (const auto& i : f.inspectors) r.mutable_plan()->add_inspectors(i);
    for (const auto& a : f.focus) r.mutable_plan()->add_focus_areas(a);
    r.mutable_plan()->set_estimated_effort_days(f.effort);
    r.mutable_plan()->set_follow_up(f.follow_up);
    SendToInspections(client, r, &v1::Inspections::Stub::PlanVisit, "planned a visit on");
  });

  auto d = std::make_shared<VisitFlags>();
  CLI::App* record = visit->add_subcommand("record", "Record a visit made, with its evidence");
  d->Add(record);
  record->add_option("visit", d->visit_id, "The visit planned")->required();
  record->add_option("--at", d->at, "When it was made")->required();
  record->add_option("--inspector", d->inspectors, "An inspector who visited (repeat)")->required();
  record
      ->add_option("--evidence", d->evidence,
                   "SOURCE|ID|SUMMARY, source one of observation, records-examined, "
                   "interview-person-using-service, interview-family, interview-staff, "
                   "other-evidence (repeat)")
      ->required();
  record->add_option("--view", d->views, "A view of a person who uses the service (repeat)");
  record->add_flag("--advocate", d->advocate, "An advocate was involved");
  record->add_option("--interpreter", d->language,
                     "An interpreter was involved, for this language");
  commands.On<VisitFlags>(record, d, [](Client& client, const VisitFlags& f) {
    v1::RecordVisitRequest r;
    *r.mutable_header() = f.Header();
    r.set_visit_id(f.visit_id);
    v1::VisitRecord* v = r.mutable_record();
    *v->mutable_visited_at() = ToProto(When("--at", f.at));
    for (const auto& i : f.inspectors) v->add_inspectors(i);
    for (const auto& e : f.evidence) {
      std::vector<std::string> parts = Parts("--evidence", e, 3, "SOURCE|ID|SUMMARY");
      v1::EvidenceItem* item = v->add_evidence();
      item->set_source(ParseEnum<v1::EvidenceSource>("--evidence", parts[0]));
      item->set_evidence_id(parts[1]);
      item->set_summary(parts[2]);
    }
    for (const auto& view : f.views) v->add_views_of_people_using_service(view);
    v->set_advocate_involved(f.advocate);
    v->set_interpreter_involved(!f.language.empty());
    v->set_interpreter_language(f.language);
    SendToInspections(client, r, &v1::Inspections::Stub::RecordVisit, "recorded a visit on");
  });
}

struct FindingsFlags : CaseCommandFlags {
  std::string visit_id;
  std::vector<std::string> findings;
};

void AddFindings(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<FindingsFlags>();
  CLI::App* c = app.add_subcommand("findings", "Record a judgement per standard, citing evidence");
  f->Add(c);
  c->add_option("visit", f->visit_id, "The visit they come from")->required();
  c->add_option("--finding", f->findings,
                "STANDARD|JUDGEMENT|met or not-met|EVIDENCE,IDS|NARRATIVE (repeat)")
      ->required();
  commands.On<FindingsFlags>(c, f, [](Client& client, const FindingsFlags& f) {
    v1::RecordFindingsRequest r;
    *r.mutable_header() = f.Header();
    r.set_visit_id(f.visit_id);
    for (const auto& text : f.findings) {
      std::vector<std::string> parts =
          Parts("--finding", text, 5, "STANDARD|JUDGEMENT|met|EVIDENCE,IDS|NARRATIVE");
      v1::FindingDetails* finding = r.add_findings();
      finding->set_standard(parts[0]);
      finding->set_judgement(parts[1]);
      if (parts[2] != "met" && parts[2] != "not-met") {
        throw Failure{absl::StrCat("--finding: '", parts[2], "' is not met or not-met")};
      }
      finding->set_met(parts[2] == "met");
      for (absl::string_view id : absl::StrSplit(parts[3], ',', absl::SkipEmpty())) {
        finding->add_evidence_ids(std::string(id));
      }
      finding->set_narrative(parts[4]);
    }
    SendToInspections(client, r, &v1::Inspections::Stub::RecordFindings, "recorded findings on");
  });
}

struct ReportFlags : CaseCommandFlags {
  std::string document_id, kind = "report", title, summary, judgement, comments, changes, rationale;
};

void AddInspectionReport(CLI::App& app, Commands& commands) {
  CLI::App* report = app.add_subcommand(
      "document", "An inspection report or judgement notice: draft, send, comments, publish");
  report->require_subcommand(1);
  auto d = std::make_shared<ReportFlags>();
  CLI::App* draft = report->add_subcommand("draft", "Draft a document");
  d->Add(draft);
  draft->add_option("--document", d->document_id, "Its id (default: the command id)");
  draft->add_option("--kind", d->kind, "report or judgement-notice")->capture_default_str();
  draft->add_option("--title", d->title, "Its title")->required();
  draft->add_option("--summary", d->summary, "What it says");
  draft->add_option("--judgement", d->judgement, "A report's proposed overall judgement");
  commands.On<ReportFlags>(draft, d, [](Client& client, const ReportFlags& f) {
    v1::DraftDocumentRequest r;
    *r.mutable_header() = f.Header();
    r.set_document_id(f.document_id);
    r.set_kind(ParseEnum<v1::DocumentKind>("--kind", f.kind));
    r.set_title(f.title);
    r.set_summary(f.summary);
    r.set_judgement(f.judgement);
    SendToInspections(client, r, &v1::Inspections::Stub::DraftDocument, "drafted a document on");
  });
  auto s = std::make_shared<ReportFlags>();
  CLI::App* send =
      report->add_subcommand("send", "Send a draft to the provider to check its factual accuracy");
  s->Add(send);
  send->add_option("document", s->document_id, "The document")->required();
  commands.On<ReportFlags>(send, s, [](Client& client, const ReportFlags& f) {
    v1::SendForFactualAccuracyRequest r;
    *r.mutable_header() = f.Header();
    r.set_document_id(f.document_id);
    SendToInspections(client, r, &v1::Inspections::Stub::SendForFactualAccuracy,
                      "sent a document on");
  });
  auto c = std::make_shared<ReportFlags>();
  CLI::App* comments = report->add_subcommand("comments", "Record the provider's comments");
  c->Add(comments);
  comments->add_option("document", c->document_id, "The document")->required();
  comments->add_option("--comments", c->comments, "What the provider said")->required();
  comments->add_option("--changes", c->changes, "What changed because of them");
  comments->add_option("--judgement", c->judgement, "A report's revised judgement");
  commands.On<ReportFlags>(comments, c, [](Client& client, const ReportFlags& f) {
    v1::RecordProviderCommentsRequest r;
    *r.mutable_header() = f.Header();
    r.set_document_id(f.document_id);
    r.set_comments(f.comments);
    r.set_changes_made(f.changes);
    r.set_revised_judgement(f.judgement);
    SendToInspections(client, r, &v1::Inspections::Stub::RecordProviderComments,
                      "recorded comments on");
  });
  auto p = std::make_shared<ReportFlags>();
  CLI::App* publish =
      report->add_subcommand("publish", "Publish (a report rates the provider; say why)");
  p->Add(publish);
  publish->add_option("document", p->document_id, "The document")->required();
  publish->add_option("--rationale", p->rationale, "Why the rating is what it is");
  commands.On<ReportFlags>(publish, p, [](Client& client, const ReportFlags& f) {
    v1::PublishDocumentRequest r;
    *r.mutable_header() = f.Header();
    r.set_document_id(f.document_id);
    r.set_rationale(f.rationale);
    SendToInspections(client, r, &v1::Inspections::Stub::PublishDocument,
                      "published a document on");
  });
}

struct PlanFlags : CaseCommandFlags {
  std::string plan_id, due, action_id, status, note, verdict, how;
  std::vector<std::string> breaches, actions;
};

void AddActionPlan(CLI::App& app, Commands& commands) {
  CLI::App* plan = app.add_subcommand("action-plan", "A provider's action plan for its breaches");
  plan->require_subcommand(1);
  auto q = std::make_shared<PlanFlags>();
  CLI::App* require = plan->add_subcommand("require", "Require an action plan by a date");
  q->Add(require);
  require->add_option("--plan", q->plan_id, "Its id (default: the command id)");
  require->add_option("--breach", q->breaches, "A breach to put right (repeat)")->required();
  require->add_option("--due", q->due, "When the provider's plan is due")->required();
  commands.On<PlanFlags>(require, q, [](Client& client, const PlanFlags& f) {
    v1::RequireActionPlanRequest r;
    *r.mutable_header() = f.Header();
    r.set_plan_id(f.plan_id);
    for (const auto& b : f.breaches) r.add_breaches(b);
    *r.mutable_plan_due_by() = ToProto(When("--due", f.due));
    SendToInspections(client, r, &v1::Inspections::Stub::RequireActionPlan,
                      "required an action plan on");
  });
  auto d = std::make_shared<PlanFlags>();
  CLI::App* record = plan->add_subcommand("record", "Record the provider's plan");
  d->Add(record);
  record->add_option("plan", d->plan_id, "The plan required")->required();
  record->add_option("--action", d->actions, "ID|ACTION|OWNER|DUE (repeat)")->required();
  commands.On<PlanFlags>(record, d, [](Client& client, const PlanFlags& f) {
    v1::RecordActionPlanRequest r;
    *r.mutable_header() = f.Header();
    r.set_plan_id(f.plan_id);
    for (const auto& text : f.actions) {
      std::vector<std::string> parts = Parts("--action", text, 4, "ID|ACTION|OWNER|DUE");
      v1::PlannedAction* a = r.add_actions();
      a->set_action_id(parts[0]);
      a->set_action(parts[1]);
      a->set_owner(parts[2]);
      *a->mutable_due_by() = ToProto(When("--action", parts[3]));
    }
    SendToInspections(client, r, &v1::Inspections::Stub::RecordActionPlan,
                      "recorded an action plan on");
  });
  auto g = std::make_shared<PlanFlags>();
  CLI::App* progress = plan->add_subcommand("progress", "Record progress on one action");
  g->Add(progress);
  progress->add_option("plan", g->plan_id, "The plan")->required();
  progress->add_option("action", g->action_id, "The action")->required();
  progress->add_option("--status", g->status, "action-not-started, -in-progress, -completed")
      ->required();
  progress->add_option("--note", g->note, "What was seen");
  commands.On<PlanFlags>(progress, g, [](Client& client, const PlanFlags& f) {
    v1::RecordActionProgressRequest r;
    *r.mutable_header() = f.Header();
    r.set_plan_id(f.plan_id);
    r.set_action_id(f.action_id);
    r.set_status(ParseEnum<v1::ActionStatus>("--status", f.status));
    r.set_note(f.note);
    SendToInspections(client, r, &v1::Inspections::Stub::RecordActionProgress,
                      "recorded progress on");
  });
  auto v = std::make_shared<PlanFlags>();
  CLI::App* verify = plan->add_subcommand("verify", "Verify a plan's actions: met or not");
  v->Add(verify);
  verify->add_option("plan", v->plan_id, "The plan")->required();
  verify->add_option("--verdict", v->verdict, "actions-met or actions-not-met")->required();
  verify->add_option("--how", v->how, "How it was verified")->required();
  commands.On<PlanFlags>(verify, v, [](Client& client, const PlanFlags& f) {
    v1::VerifyActionPlanRequest r;
    *r.mutable_header() = f.Header();
    r.set_plan_id(f.plan_id);
    r.set_verdict(ParseEnum<v1::PlanVerdict>("--verdict", f.verdict));
    r.set_how(f.how);
    SendToInspections(client, r, &v1::Inspections::Stub::VerifyActionPlan,
                      "verified an action plan on");
  });
}

struct EnforceFlags : CaseCommandFlags {
  std::string action_id, kind, basis, details, review, outcome;
  std::vector<std::string> breaches;
};

void AddEnforce(CLI::App& app, Commands& commands) {
  CLI::App* enforce = app.add_subcommand("enforce", "Enforcement actions: take, conclude");
  enforce->require_subcommand(1);
  auto t = std::make_shared<EnforceFlags>();
  CLI::App* take = enforce->add_subcommand("take", "Take an enforcement action");
  t->Add(take);
  take->add_option("--action", t->action_id, "Its id (default: the command id)");
  take->add_option("--kind", t->kind, "One of the policy's powers, e.g. warning_notice")
      ->required();
  take->add_option("--legal-basis", t->basis, "The law that gives the power")->required();
  take->add_option("--breach", t->breaches, "A breach it addresses (repeat)");
  take->add_option("--details", t->details, "What it requires");
  take->add_option("--review", t->review, "When it is reviewed")->required();
  commands.On<EnforceFlags>(take, t, [](Client& client, const EnforceFlags& f) {
    v1::TakeEnforcementActionRequest r;
    *r.mutable_header() = f.Header();
    r.set_action_id(f.action_id);
    v1::EnforcementDetails* e = r.mutable_enforcement();
    e->set_kind(f.kind);
    e->set_legal_basis(f.basis);
    for (const auto& b : f.breaches) e->add_breaches(b);
    e->set_details(f.details);
    *e->mutable_review_by() = ToProto(When("--review", f.review));
    SendToInspections(client, r, &v1::Inspections::Stub::TakeEnforcementAction,
                      "took enforcement action on");
  });
  auto c = std::make_shared<EnforceFlags>();
  CLI::App* conclude = enforce->add_subcommand("conclude", "Conclude an enforcement action");
  c->Add(conclude);
  conclude->add_option("action", c->action_id, "The action")->required();
  conclude->add_option("--outcome", c->outcome, "How it ended")->required();
  commands.On<EnforceFlags>(conclude, c, [](Client& client, const EnforceFlags& f) {
    v1::ConcludeEnforcementActionRequest r;
    *r.mutable_header() = f.Header();
    r.set_action_id(f.action_id);
    r.set_outcome(f.outcome);
    SendToInspections(client, r, &v1::Inspections::Stub::ConcludeEnforcementAction,
                      "concluded enforcement action on");
  });
}

}  // namespace

void AddInspections(CLI::App& app, Commands& commands) {
  AddVisit(app, commands);
  AddFindings(app, commands);
  AddInspectionReport(app, commands);
  AddActionPlan(app, commands);
  AddEnforce(app, commands);
}

}  // namespace caseledger::cli
