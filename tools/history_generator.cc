#include "tools/history_generator.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/proto_time.h"
#include "domain/case.h"
#include "domain/policy.h"

namespace caseledger::tools {
namespace {

constexpr const char* kCategories[] = {"housing",    "debt",        "benefits",
                                       "employment", "immigration", "family"};
constexpr const char* kNotes[] = {
    "Client called about the letter from the landlord.",
    "Reviewed the bank statements the client brought in.",
    "Drafted a reply to the council and read it through with the client.",
    "Client reports the situation is unchanged.",
    "Spoke to the creditor's agent; they agreed to hold action for 30 days.",
    "Visited the service; the manager showed the updated care plans."};
constexpr v1::ContactType kContacts[] = {v1::PHONE,  v1::FACE_TO_FACE, v1::EMAIL,
                                         v1::LETTER, v1::NO_CONTACT,   v1::VIDEO};
constexpr v1::IncidentKind kIncidents[] = {v1::COMPLAINT,
                                           v1::REPORTED_RISK,
                                           v1::SAFEGUARDING_CONCERN,
                                           v1::AGGRESSIVE_OR_VIOLENT_BEHAVIOUR,
                                           v1::INCORRECT_ADVICE,
                                           v1::MISSED_DEADLINE,
                                           v1::CONFIDENTIALITY_QUERY,
                                           v1::NON_ATTENDANCE};

}  // namespace

const v1::CommandHeader& HeaderOf(const CaseRequest& request) {
  return std::visit([](const auto& r) -> const v1::CommandHeader& { return r.header(); }, request);
}

HistoryGenerator::HistoryGenerator(HistoryOptions options)
    : options_(std::move(options)),
      random_(options_.seed),
      now_(options_.start),
      case_limit_(options_.cases),
      policy_(domain::DefaultPolicyVersion("default")) {}

std::string HistoryGenerator::CaseId(int n) const {
  return absl::StrFormat("%s-%05d", options_.prefix, n);
}

std::string HistoryGenerator::WorkerId(int n) { return absl::StrFormat("w%02d", n); }

std::string HistoryGenerator::TeamOf(const std::string& worker_id) const {
  const int n = std::atoi(worker_id.c_str() + 1);
  return options_.teams <= 1 ? "team-0" : absl::StrCat("team-", n % options_.teams);
}

v1::CommandHeader HistoryGenerator::Header(const std::string& case_id) {
  v1::CommandHeader header;
  header.set_command_id(absl::StrCat(options_.prefix, "-cmd-", ++issued_));
  header.set_case_id(case_id);
  *header.mutable_occurred_at() = ToProto(now_);
  return header;
}

GeneratedCommand HistoryGenerator::Next() {
  if (issued_ > 0) now_ += options_.step;
  while (true) {
    GeneratedCommand command;
    const bool open_new =
        opened_ < case_limit_ && (opened_ == 0 || Chance(opened_ < case_limit_ / 4 ? 0.5 : 0.1));
    if (open_new) {
      const std::string id = CaseId(++opened_);
      v1::OpenCaseRequest open;
      *open.mutable_header() = Header(id);
      open.set_kind(v1::ADVICE);
      open.set_category(kCategories[Pick(6)]);
      open.set_summary("Client seeks advice");
      open.set_client_ref(absl::StrCat("C-", 10000 + opened_));
      open.set_complexity(static_cast<v1::Complexity>(1 + Pick(3)));
      open.set_team_id(absl::StrCat("team-", Pick(std::max(options_.teams, 1))));
      command.actor = "intake";
      command.role = "caseworker";
      command.request = std::move(open);
    } else {
      const std::string id = CaseId(1 + Pick(opened_));
      const v1::CaseState& state = cases_[id];
      if (state.status() == v1::ARCHIVED) {
        if (opened_ >= case_limit_) ++case_limit_;
        continue;
      }
      v1::CommandHeader header = Header(id);
      command.actor = state.worker_id().empty() ? "intake" : state.worker_id();
      command.role = "caseworker";
      command.request = state.status() == v1::LIVE ? ForLiveCase(state, std::move(header))
                                                   : ForClosedOrDormant(state, std::move(header));
      if (std::holds_alternative<v1::AssignCaseRequest>(command.request) ||
          std::holds_alternative<v1::RecordFileReviewRequest>(command.request) ||
          std::holds_alternative<v1::AcknowledgeEscalationRequest>(command.request)) {
        command.actor = absl::StrCat("sup-", state.team_id());
        command.role = "supervisor";
        command.team = state.team_id();
      }
    }
    Apply(command);
    return command;
  }
}

CaseRequest HistoryGenerator::ForLiveCase(const v1::CaseState& state, v1::CommandHeader header) {
  auto assess = [&](v1::CommandHeader h) {
    v1::AssessPriorityRequest r;
    *r.mutable_header() = std::move(h);
    for (const auto& c : policy_.policy().criteria()) {
      auto* s = r.add_scores();
      s->set_criterion(c.name());
      s->set_score(Pick(static_cast<int>(c.scale_max()) + 1));
    }
    r.set_rationale("Scored against the agreed criteria after reviewing the file");
    return r;
  };
  auto note = [&](v1::CommandHeader h, const std::string& incident_id) {
    v1::RecordNoteRequest r;
    *r.mutable_header() = std::move(h);
    r.mutable_note()->set_kind(Chance(0.8) ? v1::FACT : v1::OPINION);
    r.mutable_note()->set_contact_type(kContacts[Pick(6)]);
    r.mutable_note()->set_text(kNotes[Pick(6)]);
    r.mutable_note()->add_actions_taken("Updated the file");
    r.mutable_note()->set_next_steps("Follow up next week");
    r.mutable_note()->set_incident_id(incident_id);
    return r;
  };
  auto assign = [&](v1::CommandHeader h, const std::string& reason) {
    v1::AssignCaseRequest r;
    *r.mutable_header() = std::move(h);
    std::string worker = WorkerId(1 + Pick(options_.workers));
    if (worker == state.worker_id())
      worker = WorkerId(1 + (Pick(options_.workers) + 1) % options_.workers);
    if (worker == state.worker_id()) absl::StrAppend(&worker, "b");
    r.set_worker_id(worker);
    r.set_team_id(TeamOf(worker));
    r.set_reason(reason);
    return r;
  };
  if (state.reassessment_required()) {
    if (Chance(0.6)) return assess(std::move(header));
    return note(std::move(header), state.reassessment_incident_id());
  }
  if (state.worker_id().empty()) return assign(std::move(header), "");
  if (state.priority().rag() == v1::RAG_UNSPECIFIED) return assess(std::move(header));

  std::vector<std::string> open_deadlines, open_incidents;
  for (const auto& d : state.deadlines()) {
    if (!d.has_completed()) open_deadlines.push_back(d.deadline_id());
  }
  for (const auto& i : state.incidents()) {
    if (!i.has_resolved()) open_incidents.push_back(i.incident_id());
  }
  const double r = absl::Uniform(random_, 0.0, 1.0);
  if (r < 0.40) return note(std::move(header), "");
  if (r < 0.50) {
    v1::SetDeadlineRequest d;
    *d.mutable_header() = std::move(header);
    d.mutable_deadline()->set_kind(static_cast<v1::DeadlineKind>(1 + Pick(4)));
    *d.mutable_deadline()->mutable_due_at() = ToProto(now_ + absl::Hours(24 * (1 + Pick(30))));
    d.mutable_deadline()->set_what("Send the evidence bundle");
    return d;
  }
  if (r < 0.58 && !open_deadlines.empty()) {
    v1::CompleteDeadlineRequest c;
    *c.mutable_header() = std::move(header);
    c.set_deadline_id(open_deadlines[Pick(open_deadlines.size())]);
    c.set_how("Sent by recorded delivery");
    return c;
  }
  if (r < 0.61 && !open_deadlines.empty()) {
    v1::RecordDeadlineActionRequest a;
    *a.mutable_header() = std::move(header);
    a.set_deadline_id(open_deadlines[Pick(open_deadlines.size())]);
    a.set_action("Asked the client to bring the papers on Monday");
    a.set_risk("Papers not yet received");
    return a;
  }
  if (r < 0.66) return assess(std::move(header));
  if (r < 0.68) {
    v1::ReprioritiseRequest o;
    *o.mutable_header() = std::move(header);
    o.set_rag(static_cast<v1::Rag>(1 + Pick(3)));
    o.set_rationale("Supervisor agreed the score understates the client's vulnerability");
    o.add_informed("supervisor");
    return o;
  }
  if (r < 0.71) {
    v1::FlagUntowardIncidentRequest f;
    *f.mutable_header() = std::move(header);
    auto* i = f.mutable_incident();
    i->set_kind(kIncidents[Pick(8)]);
    i->set_severity(static_cast<v1::Severity>(1 + Pick(4)));
    i->set_description("Reported by the client during a call");
    i->set_immediate_action("Apologised and agreed a holding reply");
    i->set_escalated_to("supervisor");
    return f;
  }
  if (r < 0.74 && !open_incidents.empty()) {
    v1::ResolveIncidentRequest res;
    *res.mutable_header() = std::move(header);
    res.set_incident_id(open_incidents[Pick(open_incidents.size())]);
    res.set_resolution("Resolved with the client's agreement");
    return res;
  }
  if (r < 0.77) {
    v1::RecordReferralRequest ref;
    *ref.mutable_header() = std::move(header);
    ref.mutable_referral()->set_direction(Chance(0.5) ? v1::INTERNAL : v1::EXTERNAL);
    ref.mutable_referral()->set_referred_to("Money advice service");
    ref.mutable_referral()->set_reason("Specialist debt advice");
    ref.mutable_referral()->set_consent(v1::GIVEN);
    return ref;
  }
  if (r < 0.80) return Review(state, std::move(header));
  if (r < 0.83) {
    v1::SetOutcomeRequest o;
    *o.mutable_header() = std::move(header);
    o.mutable_outcome()->set_description("Client's arrears repaid under an agreed plan");
    o.mutable_outcome()->set_measure("Arrears at zero");
    *o.mutable_outcome()->mutable_target_date() = ToProto(now_ + absl::Hours(24 * (30 + Pick(90))));
    o.mutable_outcome()->set_agreed_with("client");
    return o;
  }
  if (r < 0.86 && state.outcomes_size() > 0) {
    v1::RecordOutcomeProgressRequest p;
    *p.mutable_header() = std::move(header);
    p.set_outcome_id(state.outcomes(Pick(state.outcomes_size())).outcome_id());
    p.set_status(static_cast<v1::OutcomeStatus>(1 + Pick(4)));
    p.set_percent_complete(Pick(101));
    return p;
  }
  if (r < 0.88) return assign(std::move(header), "Rebalancing the team's caseload");
  if (r < 0.91) {
    v1::ChangeStatusRequest s;
    *s.mutable_header() = std::move(header);
    s.set_to(v1::DORMANT);
    return s;
  }
  if (r < 0.95 && state.revision() > 8) {
    v1::ChangeStatusRequest s;
    *s.mutable_header() = std::move(header);
    s.set_to(v1::CLOSED);
    s.set_outcome("Advice given; client able to proceed alone");
    return s;
  }
  if (std::optional<CaseRequest> follow = FollowThrough(state, header)) return *std::move(follow);
  return note(std::move(header), "");
}

v1::RecordFileReviewRequest HistoryGenerator::Review(const v1::CaseState& state,
                                                     v1::CommandHeader header) {
  v1::RecordFileReviewRequest fr;
  *fr.mutable_header() = std::move(header);
  v1::FileReviewDetails* review = fr.mutable_review();
  review->set_revision_reviewed(state.revision());
  review->set_findings("Notes complete; next steps clear");
  review->set_feedback_given("Discussed in supervision");
  for (int criterion = 1; criterion <= 6; ++criterion) {
    if (!Chance(0.7)) continue;
    v1::ChecklistGrade* grade = review->add_checklist();
    grade->set_criterion(static_cast<v1::ReviewCriterion>(criterion));
    grade->set_grade(Chance(0.7) ? v1::MET : static_cast<v1::ReviewGrade>(2 + Pick(3)));
  }
  if (Chance(0.4)) {
    review->add_actions_required("Record the advice given at the last appointment");
    if (Chance(0.5)) review->add_actions_required("Confirm the client was told of progress");
    if (Chance(0.5)) {
      *review->mutable_actions_due_by() = ToProto(now_ + absl::Hours(24 * (2 + Pick(20))));
    }
  }
  return fr;
}

std::optional<CaseRequest> HistoryGenerator::FollowThrough(const v1::CaseState& state,
                                                           const v1::CommandHeader& header) {
  for (const v1::FileReview& review : state.file_reviews()) {
    for (const v1::ReviewAction& action : review.actions()) {
      if (action.has_completed_at() || action.owner() != state.worker_id()) continue;
      v1::CompleteReviewActionRequest done;
      *done.mutable_header() = header;
      done.set_action_id(action.action_id());
      done.set_what_was_done("Done and noted on the file");
      return done;
    }
  }
  for (const v1::Escalation& escalation : state.escalations()) {
    for (const v1::EscalationRecipient& recipient : escalation.recipients()) {
      if (recipient.has_acknowledged() || recipient.role() != "supervisor" ||
          !recipient.actor().empty()) {
        continue;
      }
      v1::AcknowledgeEscalationRequest ack;
      *ack.mutable_header() = header;
      ack.set_escalation_id(escalation.escalation_id());
      ack.set_action("Discussed with the worker; agreed the next step");
      return ack;
    }
  }
  return std::nullopt;
}

CaseRequest HistoryGenerator::ForClosedOrDormant(const v1::CaseState& state,
                                                 v1::CommandHeader header) {
  v1::ChangeStatusRequest s;
  *s.mutable_header() = std::move(header);
  if (state.status() == v1::DORMANT) {
    if (Chance(0.6)) {
      s.set_to(v1::LIVE);
      s.set_reason("Client back in touch");
    } else {
      s.set_to(v1::CLOSED);
      s.set_outcome("No further contact from the client");
    }
  } else if (Chance(0.25)) {
    s.set_to(v1::LIVE);
    s.set_reason("New letter from the creditor");
  } else {
    s.set_to(v1::ARCHIVED);
  }
  return s;
}

void HistoryGenerator::Apply(const GeneratedCommand& command) {
  const v1::CommandHeader& header = HeaderOf(command.request);
  v1::CaseState& state = cases_[header.case_id()];
  domain::CommandContext context;
  context.actor = command.actor;
  context.actor_role = command.role;
  context.org_id = "default";
  context.now = now_ + absl::Minutes(1);
  context.policy = &policy_;
  context.new_id = header.command_id();
  auto events =
      std::visit([&](const auto& request) { return domain::Decide(state, request, context); },
                 command.request);
  if (!events.ok()) {
    // A generator bug: every command it makes must be valid.
    std::fprintf(stderr, "history generator made a bad command: %s\n",
                 events.status().ToString().c_str());
    std::abort();
  }
  for (const v1::CaseEvent& event : *events) domain::Evolve(state, event);
  // An archived case takes no further command: keep its status alone, so a history of tens
  // of millions of events fits in memory.
  if (state.status() == v1::ARCHIVED) {
    state.Clear();
    state.set_status(v1::ARCHIVED);
  }
  last_events_ = *std::move(events);
}

}  // namespace caseledger::tools
