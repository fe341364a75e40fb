// caseledger's commands on workers' records: monitoring levels, supervision sessions, training
// needs, corrective action and caseload reviews; and what supervisors and workers read of them:
// the record, file reviews, files due for review, and inboxes of escalations.

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/cli_app.h"
#include "tools/cli_case_command.h"
#include "tools/cli_pages.h"
#include "tools/cli_parse.h"
#include "tools/table.h"

namespace caseledger::cli {
namespace {

std::string Describe(const v1::MonitoringLevel& level) {
  switch (level.kind()) {
    case v1::EVERY_FILE_BEFORE_ADVICE:
      return "every file before advice";
    case v1::SAMPLE_PERCENT:
      return absl::StrCat(level.percent(), "% of files a month");
    case v1::SAMPLE_FILES_PER_MONTH:
      return absl::StrCat(level.files_per_month(), " files a month");
    case v1::PERIODIC:
      return absl::StrCat("every file every ", level.period_days(), " days");
    default:
      return "-";
  }
}

// The worker a command names, or the caller.
std::string WorkerOr(const Client& client, const std::string& worker) {
  return worker.empty() ? client.connection().actor : worker;
}

struct LevelFlags : WorkerCommon {
  std::string kind, reason;
  uint32_t percent = 0, files = 0, days = 0;
};
struct SessionFlags : WorkerCommon {
  std::string session_id, held_at = "now", wellbeing, workload, next;
  std::vector<std::string> agenda, cases, agreed;
};
struct NeedFlags : WorkerCommon {
  std::string need_id, need, competence, from, by, met, how;
};
struct CorrectiveFlags : WorkerCommon {
  std::string action_id, concern, action, review_by, close, outcome;
  std::vector<std::string> evidence;
};
struct CaseloadReviewFlags : WorkerCommon {
  std::string review_id;
  std::vector<std::string> reviewed, reprioritised, closed, obstacles, improvements;
};
struct ReadFlags {
  std::string worker, team, from, to;
  bool follow = false;
  uint32_t limit = 100;
};

void AddLevel(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<LevelFlags>();
  CLI::App* c = app.add_subcommand("level", "Set how closely a caseworker's files are checked");
  f->Add(c, "worker", "The caseworker");
  c->add_option("--kind", f->kind,
                "every-file-before-advice, sample-percent, sample-files-per-month or periodic")
      ->required();
  c->add_option("--percent", f->percent, "sample-percent: the share of open files a month");
  c->add_option("--files", f->files, "sample-files-per-month: how many files a month");
  c->add_option("--days", f->days, "periodic: every file every this many days");
  c->add_option("--reason", f->reason, "Why this level")->required();
  commands.On<LevelFlags>(c, f, [](Client& client, const LevelFlags& f) {
    v1::SetMonitoringLevelRequest r;
    *r.mutable_header() = f.Header();
    r.mutable_level()->set_kind(ParseEnum<v1::MonitoringKind>("--kind", f.kind));
    r.mutable_level()->set_percent(f.percent);
    r.mutable_level()->set_files_per_month(f.files);
    r.mutable_level()->set_period_days(f.days);
    r.set_reason(f.reason);
    SendToRecord(client, r, &v1::Supervision::Stub::SetMonitoringLevel, "level set on");
  });
}

void AddSession(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<SessionFlags>();
  CLI::App* c = app.add_subcommand("session", "Record a supervision session with a caseworker");
  f->Add(c, "worker", "The caseworker");
  c->add_option("--id", f->session_id, "The session's id (default: a new one)");
  c->add_option("--held-at", f->held_at, "When it was held")->capture_default_str();
  c->add_option("--agenda", f->agenda, "An agenda item (repeatable)")->required();
  c->add_option("--case", f->cases, "A case discussed (repeatable)");
  c->add_option("--agreed", f->agreed, "An action agreed (repeatable)");
  c->add_option("--wellbeing", f->wellbeing, "Wellbeing discussed (kept sealed)");
  c->add_option("--workload", f->workload, "Workload discussed (kept sealed)");
  c->add_option("--next", f->next, "When the next session is");
  commands.On<SessionFlags>(c, f, [](Client& client, const SessionFlags& f) {
    v1::RecordSupervisionSessionRequest r;
    *r.mutable_header() = f.Header();
    r.set_session_id(f.session_id);
    v1::SupervisionSession* s = r.mutable_session();
    *s->mutable_held_at() = ToProto(ParseTime("--held-at", f.held_at, absl::Now()));
    for (const auto& a : f.agenda) s->add_agenda(a);
    for (const auto& k : f.cases) s->add_cases_discussed(k);
    for (const auto& a : f.agreed) s->add_agreed_actions(a);
    s->set_wellbeing_discussed(f.wellbeing);
    s->set_workload_discussed(f.workload);
    if (!f.next.empty())
      *s->mutable_next_session_at() = ToProto(ParseTime("--next", f.next, absl::Now()));
    SendToRecord(client, r, &v1::Supervision::Stub::RecordSupervisionSession,
                 "session recorded on");
  });
}

void AddDevelopment(CLI::App& app, Commands& commands) {
  auto n = std::make_shared<NeedFlags>();
  CLI::App* need =
      app.add_subcommand("training-need", "Record a caseworker's training need, or mark one --met");
  n->Add(need, "worker", "The caseworker");
  need->add_option("--id", n->need_id, "The need's id (default: a new one)");
  need->add_option("--need", n->need, "What they need to learn");
  need->add_option("--competence", n->competence, "The competence it concerns");
  need->add_option("--from", n->from, "The file review or session it came from");
  need->add_option("--by", n->by, "When to address it by");
  need->add_option("--met", n->met, "Mark this need met instead");
  need->add_option("--how", n->how, "How it was met (--met)");
  commands.On<NeedFlags>(need, n, [](Client& client, const NeedFlags& f) {
    if (!f.met.empty()) {
      v1::MeetTrainingNeedRequest r;
      *r.mutable_header() = f.Header();
      r.set_need_id(f.met);
      r.set_how(f.how);
      return SendToRecord(client, r, &v1::Supervision::Stub::MeetTrainingNeed, "need met on");
    }
    v1::RecordTrainingNeedRequest r;
    *r.mutable_header() = f.Header();
    r.set_need_id(f.need_id);
    r.mutable_need()->set_need(f.need);
    r.mutable_need()->set_competence(f.competence);
    r.mutable_need()->set_identified_from(f.from);
    if (!f.by.empty())
      *r.mutable_need()->mutable_address_by() = ToProto(ParseTime("--by", f.by, absl::Now()));
    SendToRecord(client, r, &v1::Supervision::Stub::RecordTrainingNeed, "need recorded on");
  });

  auto k = std::make_shared<CorrectiveFlags>();
  CLI::App* corrective =
      app.add_subcommand("corrective-action",
                         "Record corrective action for performance below standard, or --close it");
  k->Add(corrective, "worker", "The caseworker");
  corrective->add_option("--id", k->action_id, "Its id (default: a new one)");
  corrective->add_option("--concern", k->concern, "What is below standard (kept sealed)");
  corrective->add_option("--action", k->action, "What will be done");
  corrective->add_option("--review-by", k->review_by, "When to review it");
  corrective->add_option("--evidence", k->evidence,
                         "A file review or session showing it (repeatable)");
  corrective->add_option("--close", k->close, "Close this corrective action instead");
  corrective->add_option("--outcome", k->outcome, "What came of it (--close)");
  commands.On<CorrectiveFlags>(corrective, k, [](Client& client, const CorrectiveFlags& f) {
    if (!f.close.empty()) {
      v1::CloseCorrectiveActionRequest r;
      *r.mutable_header() = f.Header();
      r.set_action_id(f.close);
      r.set_outcome(f.outcome);
      return SendToRecord(client, r, &v1::Supervision::Stub::CloseCorrectiveAction,
                          "corrective action closed on");
    }
    v1::RecordCorrectiveActionRequest r;
    *r.mutable_header() = f.Header();
    r.set_action_id(f.action_id);
    r.mutable_action()->set_concern(f.concern);
    r.mutable_action()->set_action(f.action);
    if (!f.review_by.empty()) {
      *r.mutable_action()->mutable_review_by() =
          ToProto(ParseTime("--review-by", f.review_by, absl::Now()));
    }
    for (const auto& e : f.evidence) r.mutable_action()->add_evidence(e);
    SendToRecord(client, r, &v1::Supervision::Stub::RecordCorrectiveAction,
                 "corrective action recorded on");
  });

  auto r = std::make_shared<CaseloadReviewFlags>();
  CLI::App* review = app.add_subcommand(
      "caseload-review", "Record a structured review of your own caseload (or a worker's)");
  r->Add(review, "worker", "Whose caseload (default: yours)", /*required=*/false);
  review->add_option("--id", r->review_id, "Its id (default: a new one)");
  review->add_option("--reviewed", r->reviewed, "A case reviewed (repeatable)")->required();
  review->add_option("--reprioritised", r->reprioritised, "A case re-prioritised (repeatable)");
  review->add_option("--closed", r->closed, "A case closed (repeatable)");
  review->add_option("--obstacle", r->obstacles, "An obstacle found (repeatable)");
  review->add_option("--improvement", r->improvements, "An improvement proposed (repeatable)");
  commands.On<CaseloadReviewFlags>(review, r, [](Client& client, const CaseloadReviewFlags& f) {
    CaseloadReviewFlags mine = f;
    mine.subject = WorkerOr(client, f.subject);
    v1::RecordCaseloadReviewRequest request;
    *request.mutable_header() = mine.Header();
    request.set_review_id(f.review_id);
    v1::CaseloadReview* review = request.mutable_review();
    for (const auto& id : f.reviewed) review->add_cases_reviewed(id);
    for (const auto& id : f.reprioritised) review->add_cases_reprioritised(id);
    for (const auto& id : f.closed) review->add_cases_closed(id);
    for (const auto& o : f.obstacles) review->add_obstacles_found(o);
    for (const auto& i : f.improvements) review->add_improvements_proposed(i);
    SendToRecord(client, request, &v1::Supervision::Stub::RecordCaseloadReview,
                 "caseload review recorded on");
  });
}

void PrintRecord(const v1::WorkerRecord& record) {
  const v1::WorkerState& s = record.state();
  std::cout << "worker " << s.worker_id() << (s.team_id().empty() ? "" : " in " + s.team_id())
            << " (revision " << s.revision() << ")\n"
            << "  monitoring  " << Describe(record.level_in_force())
            << (record.default_level() ? " (the policy's default)" : "") << "\n";
  for (const auto& change : s.monitoring_history()) {
    std::cout << "    " << FormatTime(change.set().at()) << " " << Describe(change.level())
              << " by " << change.set().actor() << ": " << change.reason() << "\n";
  }
  Table sessions({"SESSION", "HELD", "AGENDA", "AGREED", "NEXT"});
  for (const auto& e : s.sessions()) {
    sessions.Add({e.session_id(), FormatTime(e.session().held_at()),
                  absl::StrJoin(e.session().agenda(), "; "),
                  absl::StrJoin(e.session().agreed_actions(), "; "),
                  FormatTime(e.session().next_session_at())});
  }
  if (!sessions.empty()) sessions.Print(std::cout);
  for (const auto& n : s.training_needs()) {
    std::cout << "  training    " << n.need_id() << ": " << n.need().need()
              << (n.has_met() ? " (met: " + n.how() + ")" : "") << "\n";
  }
  for (const auto& a : s.corrective_actions()) {
    std::cout << "  corrective  " << a.action_id() << ": " << a.action().action() << ", review by "
              << FormatTime(a.action().review_by())
              << (a.has_closed() ? " (closed: " + a.outcome() + ")" : "") << "\n";
  }
  for (const auto& r : s.caseload_reviews()) {
    std::cout << "  caseload review " << r.review_id() << " on " << FormatTime(r.recorded().at())
              << ": " << r.review().cases_reviewed_size() << " cases reviewed, "
              << r.review().cases_reprioritised_size() << " re-prioritised, "
              << r.review().cases_closed_size() << " closed\n";
  }
}

void AddReads(CLI::App& app, Commands& commands) {
  auto rec = std::make_shared<ReadFlags>();
  CLI::App* record = app.add_subcommand("record", "A caseworker's record (default: yours)");
  record->add_option("worker", rec->worker, "The caseworker");
  commands.On<ReadFlags>(record, rec, [](Client& client, const ReadFlags& f) {
    v1::GetWorkerRecordRequest r;
    r.set_worker_id(WorkerOr(client, f.worker));
    v1::WorkerRecord response;
    Check(client.supervision().GetWorkerRecord(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
    } else {
      PrintRecord(response);
    }
  });

  auto rev = std::make_shared<ReadFlags>();
  CLI::App* reviews =
      app.add_subcommand("reviews", "A caseworker's file reviews over time (default: yours)");
  reviews->add_option("worker", rev->worker, "The caseworker");
  reviews->add_option("--from", rev->from, "From (YYYY-MM-DD, -90d)");
  reviews->add_option("--to", rev->to, "Until");
  reviews->add_option("--limit", rev->limit, "At most this many")->capture_default_str();
  commands.On<ReadFlags>(reviews, rev, [](Client& client, const ReadFlags& f) {
    v1::ListWorkerReviewsRequest r;
    r.set_worker_id(WorkerOr(client, f.worker));
    if (!f.from.empty()) *r.mutable_from() = ToProto(ParseTime("--from", f.from, absl::Now()));
    if (!f.to.empty()) *r.mutable_to() = ToProto(ParseTime("--to", f.to, absl::Now()));
    r.set_page_size(f.limit);
    v1::ListWorkerReviewsResponse response;
    Check(client.supervision().ListWorkerReviews(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    Table table({"REVIEWED", "CASE", "REVIEW", "BY", "CHECKLIST", "ACTIONS", "FINDINGS"});
    for (const auto& review : response.reviews()) {
      std::vector<std::string> grades;
      for (const auto& g : review.review().checklist()) {
        grades.push_back(absl::StrCat(EnumLabel(g.criterion()), "=", EnumLabel(g.grade())));
      }
      int open = 0;
      for (const auto& a : review.actions()) open += a.has_completed_at() ? 0 : 1;
      table.Add({FormatTime(review.reviewed_at()), review.case_id(), review.review_id(),
                 review.reviewer(), absl::StrJoin(grades, " "),
                 absl::StrCat(open, " open of ", review.actions_size()),
                 review.review().findings()});
    }
    table.Print(std::cout);
    std::cout << response.total() << " reviews; " << response.open_actions() << " actions open, "
              << response.overdue_actions() << " past due\n";
    for (const auto& t : response.grades()) {
      std::cout << "  " << EnumLabel(t.criterion()) << ": " << t.met() << " met, " << t.partly_met()
                << " partly, " << t.not_met() << " not met\n";
    }
  });

  auto due = std::make_shared<ReadFlags>();
  CLI::App* files = app.add_subcommand(
      "due-reviews", "Files due for review under each caseworker's monitoring level");
  files->add_option("--worker", due->worker, "One caseworker");
  files->add_option("--team", due->team, "A team (default: yours)");
  commands.On<ReadFlags>(files, due, [](Client& client, const ReadFlags& f) {
    v1::ListFilesDueForReviewRequest r;
    r.set_worker_id(f.worker);
    r.set_team_id(f.worker.empty() && f.team.empty() ? client.connection().team : f.team);
    r.set_page_size(kPageSize);
    const v1::ListFilesDueForReviewResponse response =
        AllPages(client, client.supervision(), &v1::Supervision::Stub::ListFilesDueForReview, r,
                 [](v1::ListFilesDueForReviewResponse& page) { return page.mutable_workers(); });
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    Table table({"WORKER", "LEVEL", "THIS MONTH", "CASE", "DUE", "", "WHY"});
    for (const auto& w : response.workers()) {
      const std::string level = Describe(w.level()) + (w.default_level() ? " (default)" : "");
      const std::string month = absl::StrCat(
          w.reviewed_this_month(), " reviewed",
          w.required_this_month() > 0 ? absl::StrCat(" of ", w.required_this_month()) : "");
      if (w.files().empty()) table.Add({w.worker_id(), level, month, "-", "", "", "nothing due"});
      for (const auto& file : w.files()) {
        table.Add({w.worker_id(), level, month, file.summary().case_id(), FormatTime(file.due_at()),
                   file.overdue() ? "OVERDUE" : "", file.why()});
      }
    }
    table.Print(std::cout);
  });

  auto in = std::make_shared<ReadFlags>();
  CLI::App* inbox = app.add_subcommand(
      "inbox", "Escalations addressed to you (or a worker) awaiting acknowledgement");
  inbox->add_option("--worker", in->worker, "Whose inbox (default: yours)");
  inbox->add_flag("--follow", in->follow, "Keep printing what arrives and what is taken up");
  commands.On<ReadFlags>(inbox, in, [](Client& client, const ReadFlags& f) {
    auto row = [](Table& table, const v1::InboxItem& item) {
      table.Add({FormatTime(item.escalation().raised_at()), item.case_id(),
                 item.escalation().escalation_id(), item.escalation().about(),
                 item.escalation().raised_by(), item.escalation().addressee(),
                 FormatTime(item.acknowledge_by()), item.overdue() ? "OVERDUE" : ""});
    };
    const std::vector<std::string> headers = {"RAISED", "CASE", "ESCALATION", "ABOUT",
                                              "BY",     "TO",   "ACK BY",     ""};
    if (f.follow) {
      v1::FollowInboxRequest r;
      r.set_worker_id(f.worker);
      auto context = client.Context();
      context->set_deadline(std::chrono::system_clock::time_point::max());
      auto reader = client.supervision().FollowInbox(context.get(), r);
      v1::InboxUpdate update;
      while (reader->Read(&update)) {
        if (client.connection().json) {
          std::cout << ToJson(update) << std::endl;
          continue;
        }
        Table table(headers);
        for (const auto& item : update.added()) row(table, item);
        if (!table.empty()) table.Print(std::cout);
        for (const auto& gone : update.removed()) std::cout << "taken up: " << gone << "\n";
        std::cout << std::flush;
      }
      return Check(reader->Finish());
    }
    v1::ListInboxRequest r;
    r.set_worker_id(f.worker);
    r.set_page_size(kPageSize);
    const v1::ListInboxResponse response =
        AllPages(client, client.supervision(), &v1::Supervision::Stub::ListInbox, r,
                 [](v1::ListInboxResponse& page) { return page.mutable_items(); });
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    Table table(headers);
    for (const auto& item : response.items()) row(table, item);
    table.Print(std::cout);
    std::cout << response.items_size() << " awaiting acknowledgement\n";
  });
}

}  // namespace

void AddSupervision(CLI::App& app, Commands& commands) {
  AddLevel(app, commands);
  AddSession(app, commands);
  AddDevelopment(app, commands);
  AddReads(app, commands);
}

}  // namespace caseledger::cli
