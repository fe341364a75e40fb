// caseledger's case commands: open, assign, note, deadline, assess, reprioritise, incident,
// referral, status.

#include <iostream>

#include "absl/strings/numbers.h"
#include "base/ids.h"
#include "base/proto_time.h"
#include "tools/cli_app.h"
#include "tools/cli_case_command.h"
#include "tools/cli_parse.h"

namespace caseledger::cli {
namespace {

struct OpenFlags : Common {
  std::string kind = "advice", category, summary, client_ref, provider_ref, complexity = "medium",
              compliance, team, subject;
};
struct AssignFlags : Common {
  std::string worker, team, reason;
};
struct NoteFlags : Common {
  std::string text, kind = "fact", contact = "no-contact", next_steps, incident, corrects, reason;
  std::vector<std::string> actions;
};
struct DeadlineFlags : Common {
  std::string due, kind = "organisational", what, complete, how, action, at_risk;
};
struct AssessFlags : Common {
  std::vector<std::string> scores, informed;
  std::string rationale;
};
struct ReprioritiseFlags : Common {
  std::string rag, rationale;
  std::vector<std::string> informed;
};
struct IncidentFlags : Common {
  std::string kind, severity, description, action, escalated_to, resolve, resolution, lessons;
};
struct ReferralFlags : Common {
  std::string direction = "external", to, reason, consent, shared;
};
struct StatusFlags : Common {
  std::string to, outcome, reason, review_by;
};

void AddOpen(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<OpenFlags>();
  CLI::App* c = app.add_subcommand("open", "Open a case (the case id is optional)");
  f->Add(c, "case", "The case id", /*required=*/false);
  c->add_option("--kind", f->kind, "advice or inspection")->capture_default_str();
  c->add_option("--category", f->category, "e.g. housing, debt, care home")->required();
  c->add_option("--summary", f->summary, "What the case is about");
  c->add_option("--client-ref", f->client_ref, "Advice: the client's reference (never a name)");
  c->add_option("--provider-ref", f->provider_ref, "Inspection: the provider's reference");
  c->add_option("--complexity", f->complexity, "low, medium or high")->capture_default_str();
  c->add_option("--compliance", f->compliance, "Inspection: compliant or non-compliant");
  c->add_option("--team", f->team, "The team that holds the case");
  c->add_option("--subject", f->subject,
                "The data subject: the same id for every case of one person (default: the case)");
  commands.On<OpenFlags>(c, f, [](Client& client, const OpenFlags& f) {
    v1::OpenCaseRequest r;
    *r.mutable_header() = f.Header();
    r.set_kind(ParseEnum<v1::CaseKind>("--kind", f.kind));
    r.set_category(f.category);
    r.set_summary(f.summary);
    r.set_client_ref(f.client_ref);
    r.set_provider_ref(f.provider_ref);
    r.set_complexity(ParseEnum<v1::Complexity>("--complexity", f.complexity));
    if (!f.compliance.empty())
      r.set_compliance(ParseEnum<v1::Compliance>("--compliance", f.compliance));
    r.set_team_id(f.team);
    r.set_subject_id(f.subject);
    Send(client, r, &v1::CaseCommands::Stub::OpenCase, "opened");
  });
}

void AddAssign(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<AssignFlags>();
  CLI::App* c = app.add_subcommand("assign", "Allocate a case to a worker");
  f->Add(c);
  c->add_option("--worker", f->worker, "The worker")->required();
  c->add_option("--team", f->team, "The worker's team");
  c->add_option("--reason", f->reason, "Why (required to move it from another worker)");
  commands.On<AssignFlags>(c, f, [](Client& client, const AssignFlags& f) {
    v1::AssignCaseRequest r;
    *r.mutable_header() = f.Header();
    r.set_worker_id(f.worker);
    r.set_team_id(f.team);
    r.set_reason(f.reason);
    Send(client, r, &v1::CaseCommands::Stub::AssignCase, "assigned");
  });
}

void AddNote(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<NoteFlags>();
  CLI::App* c = app.add_subcommand("note", "Record a case note (or correct one with --corrects)");
  f->Add(c);
  c->add_option("--text", f->text, "What happened or what you think")->required();
  c->add_option("--kind", f->kind, "fact or opinion")->capture_default_str();
  c->add_option("--contact", f->contact,
                "no-contact, face-to-face, phone, video, email, letter, home-visit, site-visit")
      ->capture_default_str();
  c->add_option("--action", f->actions, "An action taken (repeatable)");
  c->add_option("--next-steps", f->next_steps, "The agreed next steps");
  c->add_option("--incident", f->incident, "The untoward incident this note acts on");
  c->add_option("--corrects", f->corrects, "The note this one corrects");
  c->add_option("--reason", f->reason, "Why the correction");
  commands.On<NoteFlags>(c, f, [](Client& client, const NoteFlags& f) {
    v1::NoteContent note;
    note.set_kind(ParseEnum<v1::NoteKind>("--kind", f.kind));
    note.set_contact_type(ParseEnum<v1::ContactType>("--contact", f.contact));
    note.set_text(f.text);
    for (const auto& a : f.actions) note.add_actions_taken(a);
    note.set_next_steps(f.next_steps);
    note.set_incident_id(f.incident);
    if (!f.corrects.empty()) {
      v1::CorrectNoteRequest r;
      *r.mutable_header() = f.Header();
      r.set_corrects_note_id(f.corrects);
      r.set_reason(f.reason);
      *r.mutable_note() = note;
      return Send(client, r, &v1::CaseCommands::Stub::CorrectNote, "corrected a note on");
    }
    v1::RecordNoteRequest r;
    *r.mutable_header() = f.Header();
    *r.mutable_note() = note;
    Send(client, r, &v1::CaseCommands::Stub::RecordNote, "noted");
  });
}

void AddDeadline(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<DeadlineFlags>();
  CLI::App* c = app.add_subcommand(
      "deadline", "Set a deadline; or --complete ID, or --action on ID for one at risk");
  f->Add(c);
  c->add_option("--due", f->due, "When: YYYY-MM-DD, RFC 3339, +7d");
  c->add_option("--kind", f->kind,
                "statutory, court-or-tribunal, organisational, follow-up, inspection-visit, "
                "inspection-report")
      ->capture_default_str();
  c->add_option("--what", f->what, "What must be done");
  c->add_option("--complete", f->complete, "Complete this deadline");
  c->add_option("--how", f->how, "How it was met (with --complete)");
  c->add_option("--action", f->action, "An action to meet a deadline at risk (with --at-risk)");
  c->add_option("--at-risk", f->at_risk, "The id of the deadline at risk");
  commands.On<DeadlineFlags>(c, f, [](Client& client, const DeadlineFlags& f) {
    if (!f.complete.empty()) {
      v1::CompleteDeadlineRequest r;
      *r.mutable_header() = f.Header();
      r.set_deadline_id(f.complete);
      r.set_how(f.how);
      return Send(client, r, &v1::CaseCommands::Stub::CompleteDeadline, "completed a deadline on");
    }
    if (!f.at_risk.empty()) {
      v1::RecordDeadlineActionRequest r;
      *r.mutable_header() = f.Header();
      r.set_deadline_id(f.at_risk);
      r.set_action(f.action);
      return Send(client, r, &v1::CaseCommands::Stub::RecordDeadlineAction,
                  "recorded action on a deadline of");
    }
    v1::SetDeadlineRequest r;
    *r.mutable_header() = f.Header();
    r.mutable_deadline()->set_kind(ParseEnum<v1::DeadlineKind>("--kind", f.kind));
    if (!f.due.empty())
      *r.mutable_deadline()->mutable_due_at() = ToProto(ParseTime("--due", f.due, absl::Now()));
    r.mutable_deadline()->set_what(f.what);
    Send(client, r, &v1::CaseCommands::Stub::SetDeadline, "set a deadline on");
  });
}

void AddAssess(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<AssessFlags>();
  CLI::App* c = app.add_subcommand("assess", "Score a case against the policy's criteria");
  f->Add(c);
  c->add_option("--score", f->scores, "criterion=score, one per criterion (repeatable)")
      ->required();
  c->add_option("--rationale", f->rationale, "Why this priority")->required();
  c->add_option("--informed", f->informed, "Who was told (repeatable)");
  commands.On<AssessFlags>(c, f, [](Client& client, const AssessFlags& f) {
    v1::AssessPriorityRequest r;
    *r.mutable_header() = f.Header();
    for (const std::string& s : f.scores) {
      const size_t eq = s.find('=');
      uint32_t value = 0;
      if (eq == std::string::npos || !absl::SimpleAtoi(s.substr(eq + 1), &value)) {
        throw Failure{absl::StrCat("--score: '", s, "' is not criterion=number")};
      }
      auto* score = r.add_scores();
      score->set_criterion(s.substr(0, eq));
      score->set_score(value);
    }
    r.set_rationale(f.rationale);
    for (const auto& i : f.informed) r.add_informed(i);
    Send(client, r, &v1::CaseCommands::Stub::AssessPriority, "assessed");
  });
}

void AddReprioritise(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ReprioritiseFlags>();
  CLI::App* c = app.add_subcommand("reprioritise", "Override a case's priority, with a rationale");
  f->Add(c);
  c->add_option("--rag", f->rag, "red, amber or green")->required();
  c->add_option("--rationale", f->rationale, "Why (required)");
  c->add_option("--informed", f->informed, "Who was told (repeatable)");
  commands.On<ReprioritiseFlags>(c, f, [](Client& client, const ReprioritiseFlags& f) {
    v1::ReprioritiseRequest r;
    *r.mutable_header() = f.Header();
    r.set_rag(ParseEnum<v1::Rag>("--rag", f.rag));
    r.set_rationale(f.rationale);
    for (const auto& i : f.informed) r.add_informed(i);
    Send(client, r, &v1::CaseCommands::Stub::Reprioritise, "reprioritised");
  });
}

void AddIncident(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<IncidentFlags>();
  CLI::App* c = app.add_subcommand("incident", "Flag an untoward incident, or --resolve one");
  f->Add(c);
  c->add_option("--kind", f->kind,
                "complaint, reported-risk, catastrophic-incident, safeguarding-concern, "
                "aggressive-or-violent-behaviour, incorrect-advice, incorrect-letter, "
                "missed-deadline, confidentiality-query, non-attendance");
  c->add_option("--severity", f->severity, "minor, moderate, serious or critical");
  c->add_option("--description", f->description, "What happened");
  c->add_option("--action", f->action, "The immediate or holding action taken");
  c->add_option("--escalated-to", f->escalated_to, "Who it was passed to");
  c->add_option("--resolve", f->resolve, "Resolve this incident");
  c->add_option("--resolution", f->resolution, "How it was resolved (with --resolve)");
  c->add_option("--lessons", f->lessons, "Lessons learned (with --resolve)");
  commands.On<IncidentFlags>(c, f, [](Client& client, const IncidentFlags& f) {
    if (!f.resolve.empty()) {
      v1::ResolveIncidentRequest r;
      *r.mutable_header() = f.Header();
      r.set_incident_id(f.resolve);
      r.set_resolution(f.resolution);
      r.set_lessons_learned(f.lessons);
      return Send(client, r, &v1::CaseCommands::Stub::ResolveIncident, "resolved an incident on");
    }
    v1::FlagUntowardIncidentRequest r;
    *r.mutable_header() = f.Header();
    if (f.kind.empty()) throw Failure{"--kind: required to flag an incident"};
    if (f.severity.empty()) throw Failure{"--severity: required to flag an incident"};
    r.mutable_incident()->set_kind(ParseEnum<v1::IncidentKind>("--kind", f.kind));
    r.mutable_incident()->set_severity(ParseEnum<v1::Severity>("--severity", f.severity));
    r.mutable_incident()->set_description(f.description);
    r.mutable_incident()->set_immediate_action(f.action);
    r.mutable_incident()->set_escalated_to(f.escalated_to);
    Send(client, r, &v1::CaseCommands::Stub::FlagUntowardIncident, "flagged an incident on");
  });
}

void AddReferral(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ReferralFlags>();
  CLI::App* c = app.add_subcommand("referral", "Record an internal or external referral");
  f->Add(c);
  c->add_option("--direction", f->direction, "internal or external")->capture_default_str();
  c->add_option("--to", f->to, "The team, service or agency")->required();
  c->add_option("--reason", f->reason, "Why")->required();
  c->add_option("--consent", f->consent, "given, refused or not-required")->required();
  c->add_option("--shared", f->shared, "What information was shared");
  commands.On<ReferralFlags>(c, f, [](Client& client, const ReferralFlags& f) {
    v1::RecordReferralRequest r;
    *r.mutable_header() = f.Header();
    r.mutable_referral()->set_direction(
        ParseEnum<v1::ReferralDirection>("--direction", f.direction));
    r.mutable_referral()->set_referred_to(f.to);
    r.mutable_referral()->set_reason(f.reason);
    r.mutable_referral()->set_consent(ParseEnum<v1::Consent>("--consent", f.consent));
    r.mutable_referral()->set_information_shared(f.shared);
    Send(client, r, &v1::CaseCommands::Stub::RecordReferral, "referred");
  });
}

void AddStatus(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<StatusFlags>();
  CLI::App* c = app.add_subcommand("status", "Move a case: live, dormant, closed, archived");
  f->Add(c);
  c->add_option("--to", f->to, "live, dormant, closed or archived")->required();
  c->add_option("--outcome", f->outcome, "What the case achieved (closing)");
  c->add_option("--reason", f->reason, "Why (reopening)");
  c->add_option("--review-by", f->review_by, "When to look again (going dormant)");
  commands.On<StatusFlags>(c, f, [](Client& client, const StatusFlags& f) {
    v1::ChangeStatusRequest r;
    *r.mutable_header() = f.Header();
    r.set_to(ParseEnum<v1::CaseStatus>("--to", f.to));
    r.set_outcome(f.outcome);
    r.set_reason(f.reason);
    if (!f.review_by.empty()) {
      *r.mutable_review_by() = ToProto(ParseTime("--review-by", f.review_by, absl::Now()));
    }
    Send(client, r, &v1::CaseCommands::Stub::ChangeStatus, "moved");
  });
}

}  // namespace

void AddCaseCommands(CLI::App& app, Commands& commands) {
  AddOpen(app, commands);
  AddAssign(app, commands);
  AddNote(app, commands);
  AddDeadline(app, commands);
  AddAssess(app, commands);
  AddReprioritise(app, commands);
  AddIncident(app, commands);
  AddReferral(app, commands);
  AddStatus(app, commands);
}

}  // namespace caseledger::cli
