// caseledger's commands for what follows on a case: file reviews graded against the checklist
// with the actions they require, actions done, escalations acknowledged, and key people.

#include <iostream>

#include "absl/strings/str_split.h"
#include "tools/cli_app.h"
#include "tools/cli_case_command.h"
#include "tools/cli_parse.h"

namespace caseledger::cli {
namespace {

struct ReviewFlags : Common {
  uint64_t revision = 0;
  std::string findings, feedback, actions_due, actions_owner;
  std::vector<std::string> mistakes, actions, grades;
};
struct ActionFlags : Common {
  std::string action_id, done;
};
struct AcknowledgeFlags : Common {
  std::string escalation_id, action;
};
struct KeyPersonFlags : Common {
  std::string person_id, relationship, name, contact, views, preferences, consent, reason,
      no_longer_shared;
  bool update = false;
};

// "accurate-advice=met" as a checklist grade.
v1::ChecklistGrade GradeOf(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits('=', 1));
  if (parts.size() != 2) {
    throw Failure{
        "--grade: give criterion=grade, e.g. accurate-advice=met or full-records=not-met"};
  }
  v1::ChecklistGrade grade;
  grade.set_criterion(ParseEnum<v1::ReviewCriterion>("--grade", parts[0]));
  grade.set_grade(ParseEnum<v1::ReviewGrade>("--grade", parts[1]));
  return grade;
}

void AddReview(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ReviewFlags>();
  CLI::App* c = app.add_subcommand(
      "review", "Record a file review: feedback, the checklist, and the actions it requires");
  f->Add(c);
  c->add_option("--revision", f->revision, "The case revision reviewed")->required();
  c->add_option("--findings", f->findings, "What the review found")->required();
  c->add_option("--feedback", f->feedback, "The feedback given to the worker")->required();
  c->add_option("--mistake", f->mistakes, "A mistake found (repeatable)");
  c->add_option("--action", f->actions, "An action required (repeatable); each is tracked");
  c->add_option("--actions-due", f->actions_due,
                "When the actions are due (default: the policy's working days after the review)");
  c->add_option("--actions-owner", f->actions_owner, "Who does them (default: the case's worker)");
  c->add_option("--grade", f->grades,
                "The checklist: criterion=grade (repeatable), e.g. accurate-advice=met; criteria "
                "accurate-advice, conflict-of-interest-checked, client-informed, full-records, "
                "problem-and-advice-stated, mistakes-corrected; grades met, partly-met, not-met, "
                "not-applicable");
  commands.On<ReviewFlags>(c, f, [](Client& client, const ReviewFlags& f) {
    v1::RecordFileReviewRequest r;
    *r.mutable_header() = f.Header();
    v1::FileReviewDetails* review = r.mutable_review();
    review->set_revision_reviewed(f.revision);
    review->set_findings(f.findings);
    review->set_feedback_given(f.feedback);
    for (const auto& m : f.mistakes) review->add_mistakes_found(m);
    for (const auto& a : f.actions) review->add_actions_required(a);
    if (!f.actions_due.empty()) {
      *review->mutable_actions_due_by() =
          ToProto(ParseTime("--actions-due", f.actions_due, absl::Now()));
    }
    review->set_actions_owner(f.actions_owner);
    for (const auto& g : f.grades) *review->add_checklist() = GradeOf(g);
    Send(client, r, &v1::CaseCommands::Stub::RecordFileReview, "reviewed");
  });
}

void AddReviewAction(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ActionFlags>();
  CLI::App* c = app.add_subcommand("review-action", "Mark an action a file review required done");
  f->Add(c);
  c->add_option("action", f->action_id, "The action's id, e.g. fr-1.2")->required();
  c->add_option("--done", f->done, "What was done")->required();
  commands.On<ActionFlags>(c, f, [](Client& client, const ActionFlags& f) {
    v1::CompleteReviewActionRequest r;
    *r.mutable_header() = f.Header();
    r.set_action_id(f.action_id);
    r.set_what_was_done(f.done);
    Send(client, r, &v1::CaseCommands::Stub::CompleteReviewAction, "done on");
  });
}

void AddAcknowledge(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<AcknowledgeFlags>();
  CLI::App* c = app.add_subcommand(
      "acknowledge", "Take up an escalation addressed to you, saying what you will do");
  f->Add(c);
  c->add_option("escalation", f->escalation_id, "The escalation's id, e.g. incident:inc-1")
      ->required();
  c->add_option("--action", f->action, "What you will do")->required();
  commands.On<AcknowledgeFlags>(c, f, [](Client& client, const AcknowledgeFlags& f) {
    v1::AcknowledgeEscalationRequest r;
    *r.mutable_header() = f.Header();
    r.set_escalation_id(f.escalation_id);
    r.set_action(f.action);
    Send(client, r, &v1::CaseCommands::Stub::AcknowledgeEscalation, "acknowledged on");
  });
}

// The key person's details as they stand, with what the flags change.
v1::KeyPersonDetails Details(Client& client, const KeyPersonFlags& f) {
  v1::KeyPersonDetails person;
  if (f.update) {
    v1::GetCaseRequest get;
    get.set_case_id(f.subject);
    v1::CaseView view;
    Check(client.caseload().GetCase(client.Context().get(), get, &view));
    bool found = false;
    for (const auto& p : view.state().key_people()) {
      if (p.person_id() == f.person_id) {
        person = p.person();
        found = true;
      }
    }
    if (!found) throw Failure{"NOT_FOUND: key person " + f.person_id + " is not on the case"};
  }
  if (!f.relationship.empty()) {
    person.set_relationship(ParseEnum<v1::KeyPersonRelationship>("--relationship", f.relationship));
  }
  if (!f.name.empty()) person.set_name(f.name);
  if (!f.contact.empty()) person.set_contact(f.contact);
  if (!f.views.empty()) person.set_views(f.views);
  if (!f.preferences.empty()) person.set_preferences(f.preferences);
  if (!f.consent.empty()) person.set_consent(ParseEnum<v1::Consent>("--consent", f.consent));
  return person;
}

void AddKeyPeople(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<KeyPersonFlags>();
  CLI::App* c = app.add_subcommand(
      "key-person", "Add a key person to a case, or --update their details, views, preferences");
  f->Add(c);
  c->add_option("--person", f->person_id, "Their id on the case (default for a new one: new)");
  c->add_flag("--update", f->update, "Change the person's details; the earlier ones are kept");
  c->add_option("--relationship", f->relationship, "family, carer, advocate, interpreter, ...");
  c->add_option("--name", f->name, "Their name");
  c->add_option("--contact", f->contact, "How to reach them");
  c->add_option("--views", f->views, "Their views");
  c->add_option("--preferences", f->preferences, "Their preferences");
  c->add_option("--consent", f->consent, "The client's consent: given, refused, not-required");
  c->add_option("--reason", f->reason, "Why the details changed (--update)");
  commands.On<KeyPersonFlags>(c, f, [](Client& client, const KeyPersonFlags& f) {
    if (!f.update) {
      v1::AddKeyPersonRequest r;
      *r.mutable_header() = f.Header();
      r.set_person_id(f.person_id);
      *r.mutable_person() = Details(client, f);
      return Send(client, r, &v1::CaseCommands::Stub::AddKeyPerson, "added to");
    }
    v1::UpdateKeyPersonRequest r;
    *r.mutable_header() = f.Header();
    r.set_person_id(f.person_id);
    *r.mutable_person() = Details(client, f);
    r.set_reason(f.reason);
    Send(client, r, &v1::CaseCommands::Stub::UpdateKeyPerson, "updated on");
  });

  auto w = std::make_shared<KeyPersonFlags>();
  CLI::App* withdraw = app.add_subcommand(
      "withdraw-consent", "Record that the client withdrew consent to a key person's involvement");
  w->Add(withdraw);
  withdraw->add_option("person", w->person_id, "The key person's id")->required();
  withdraw->add_option("--reason", w->reason, "Why")->required();
  withdraw->add_option("--no-longer-shared", w->no_longer_shared, "What stops being shared");
  commands.On<KeyPersonFlags>(withdraw, w, [](Client& client, const KeyPersonFlags& f) {
    v1::WithdrawKeyPersonConsentRequest r;
    *r.mutable_header() = f.Header();
    r.set_person_id(f.person_id);
    r.set_reason(f.reason);
    r.set_no_longer_shared(f.no_longer_shared);
    Send(client, r, &v1::CaseCommands::Stub::WithdrawKeyPersonConsent, "consent withdrawn on");
  });

  auto e = std::make_shared<KeyPersonFlags>();
  CLI::App* end = app.add_subcommand("end-involvement", "End a key person's involvement");
  e->Add(end);
  end->add_option("person", e->person_id, "The key person's id")->required();
  end->add_option("--reason", e->reason, "Why")->required();
  commands.On<KeyPersonFlags>(end, e, [](Client& client, const KeyPersonFlags& f) {
    v1::EndKeyPersonInvolvementRequest r;
    *r.mutable_header() = f.Header();
    r.set_person_id(f.person_id);
    r.set_reason(f.reason);
    Send(client, r, &v1::CaseCommands::Stub::EndKeyPersonInvolvement, "involvement ended on");
  });
}

}  // namespace

void AddFollowThrough(CLI::App& app, Commands& commands) {
  AddReview(app, commands);
  AddReviewAction(app, commands);
  AddAcknowledge(app, commands);
  AddKeyPeople(app, commands);
}

}  // namespace caseledger::cli
