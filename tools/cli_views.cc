// caseledger's views: caseload, workload, diary, attention, case, history, replay, verify.

#include <iostream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/proto_time.h"
#include "tools/cli_app.h"
#include "tools/cli_pages.h"
#include "tools/cli_parse.h"
#include "tools/table.h"

namespace caseledger::cli {
namespace {

// Sets a list request's worker and team filters. Without --worker or --team the list is
// of the caller's own work: a supervisor's team's, a caseworker's or inspector's own, and
// everything for a compliance officer.
template <typename Request>
void SetWhose(const Client& client, const std::string& worker, const std::string& team,
              Request& r) {
  r.set_worker_id(worker);
  r.set_team_id(team);
  if (!worker.empty() || !team.empty()) return;
  const Connection& c = client.connection();
  if (c.role == "supervisor") {
    r.set_team_id(c.team);
  } else if (c.role == "caseworker" || c.role == "inspector") {
    r.set_worker_id(c.actor);
  }
}

struct ListFlags {
  std::string worker, team, rag, status, compliance;
  bool overdue = false;
  uint32_t limit = 100;
  uint32_t page_size = kPageSize;
  uint64_t min_position = 0;
};

void PrintCaseload(const v1::ListCaseloadResponse& r) {
  Table table({"CASE", "RAG", "STATUS", "WORKER", "NEXT DEADLINE", "OVERDUE", "CONTACT DUE",
               "DAYS SINCE CONTACT", "CATEGORY"});
  for (const auto& item : r.items()) {
    const auto& s = item.summary();
    table.Add({s.case_id(), RagLabel(s.rag()), EnumLabel(s.status()),
               s.worker_id().empty() ? "(unallocated)" : s.worker_id(),
               item.has_next_deadline() ? FormatTime(item.next_deadline().due_at()) : "-",
               item.overdue() ? "OVERDUE" : "",
               item.has_contact_due_by() ? FormatTime(item.contact_due_by()) +
                                               (item.response_time_breached() ? " BREACHED" : "")
                                         : "-",
               absl::StrCat(item.working_days_since_contact()), s.category()});
  }
  table.Print(std::cout);
  std::cout << r.items_size() << " of " << r.total() << " cases";
  if (!r.next_page_token().empty())
    std::cout << " (more: --page-token " << r.next_page_token() << ")";
  std::cout << "\n";
}

void PrintCase(const v1::CaseState& s) {
  std::cout << "case " << s.case_id() << " (revision " << s.revision() << ")\n"
            << "  kind        " << EnumLabel(s.kind()) << ", " << s.category() << ", "
            << EnumLabel(s.complexity()) << " complexity\n"
            << "  status      " << EnumLabel(s.status())
            << (s.outcome().empty() ? "" : ": " + s.outcome()) << "\n"
            << "  worker      " << (s.worker_id().empty() ? "(unallocated)" : s.worker_id())
            << (s.team_id().empty() ? "" : " in " + s.team_id()) << "\n"
            << "  priority    " << RagLabel(s.priority().rag());
  if (s.priority().has_decided()) {
    std::cout << (s.priority().overridden() ? " (override)" : "") << " by "
              << s.priority().decided().actor() << " on " << FormatTime(s.priority().decided().at())
              << ": " << s.priority().rationale();
  }
  std::cout << "\n  opened      " << FormatTime(s.opened().at()) << " by " << s.opened().actor()
            << "\n  last contact " << FormatTime(s.last_contact_at()) << "\n";
  if (s.reassessment_required()) {
    std::cout << "  REASSESSMENT DUE after incident " << s.reassessment_incident_id() << "\n";
  }
  int open_deadlines = 0, open_incidents = 0;
  for (const auto& d : s.deadlines()) open_deadlines += d.has_completed() ? 0 : 1;
  for (const auto& i : s.incidents()) open_incidents += i.has_resolved() ? 0 : 1;
  std::cout << "  records     " << s.notes_size() << " notes, " << open_deadlines << " open of "
            << s.deadlines_size() << " deadlines, " << open_incidents << " open of "
            << s.incidents_size() << " incidents, " << s.referrals_size() << " referrals, "
            << s.file_reviews_size() << " file reviews\n";
}

void AddCaseload(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ListFlags>();
  CLI::App* c = app.add_subcommand("caseload", "Open cases, red first, then the soonest deadline");
  c->add_option("--worker", f->worker, "One worker's caseload");
  c->add_option("--team", f->team, "One team's caseload");
  c->add_option("--rag", f->rag, "Only red, amber or green");
  c->add_option("--status", f->status,
                "live, dormant, closed or archived (default: live and dormant)");
  c->add_option("--compliance", f->compliance,
                "Only inspection cases whose provider is compliant or non-compliant");
  c->add_flag("--overdue", f->overdue, "Only cases with a missed deadline");
  c->add_option("--limit", f->limit, "At most this many")->capture_default_str();
  c->add_option("--min-position", f->min_position, "Wait until the views include this position");
  commands.On<ListFlags>(c, f, [](Client& client, const ListFlags& f) {
    v1::ListCaseloadRequest r;
    SetWhose(client, f.worker, f.team, r);
    if (!f.rag.empty()) r.add_rags(ParseEnum<v1::Rag>("--rag", f.rag));
    if (!f.status.empty()) r.add_statuses(ParseEnum<v1::CaseStatus>("--status", f.status));
    if (!f.compliance.empty()) {
      r.add_compliance(ParseEnum<v1::Compliance>("--compliance", f.compliance));
    }
    r.set_overdue_only(f.overdue);
    r.set_page_size(f.limit);
    r.set_min_position(f.min_position);
    v1::ListCaseloadResponse response;
    Check(client.caseload().ListCaseload(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
    } else {
      PrintCaseload(response);
    }
  });
}

void AddWorkload(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ListFlags>();
  CLI::App* c =
      app.add_subcommand("workload", "Weighted caseload per worker against the safe level");
  c->add_option("--team", f->team, "One team");
  c->add_option("--worker", f->worker, "One worker");
  commands.On<ListFlags>(c, f, [](Client& client, const ListFlags& f) {
    v1::GetWorkloadRequest r;
    SetWhose(client, f.worker, f.team, r);
    v1::GetWorkloadResponse response;
    Check(client.caseload().GetWorkload(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    Table table({"WORKER", "TEAM", "POINTS", "SAFE", "", "LIVE", "DORMANT", "RED", "AMBER", "GREEN",
                 "UNASSESSED"});
    auto row = [&](const v1::WorkerLoad& w, const std::string& name) {
      table.Add({name, w.team_id(), absl::StrCat(w.weighted_points()),
                 absl::StrCat(w.safe_points()),
                 w.over_limit() ? (UseColour() ? "\033[1;31mOVER\033[0m" : "OVER") : "",
                 absl::StrCat(w.live()), absl::StrCat(w.dormant()), absl::StrCat(w.red()),
                 absl::StrCat(w.amber()), absl::StrCat(w.green()), absl::StrCat(w.unassessed())});
    };
    for (const auto& w : response.workers()) row(w, w.worker_id());
    row(response.total(), "(all)");
    table.Print(std::cout);
    // Inspectors' work besides: their providers' compliance, incidents, effort against capacity.
    bool inspects = false;
    for (const auto& w : response.workers()) inspects |= w.providers() > 0 || w.capacity_days() > 0;
    if (inspects) {
      Table inspection({"INSPECTOR", "PROVIDERS", "COMPLIANT", "NON-COMPLIANT", "INCIDENTS",
                        "EFFORT BOOKED", "CAPACITY"});
      auto add = [&](const v1::WorkerLoad& w, const std::string& name) {
        inspection.Add({name, absl::StrCat(w.providers()), absl::StrCat(w.compliant()),
                        absl::StrCat(w.non_compliant()), absl::StrCat(w.untoward_incidents()),
                        absl::StrCat(w.effort_days_booked()),
                        w.capacity_days() > 0 ? absl::StrCat(w.capacity_days()) : "-"});
      };
      for (const auto& w : response.workers()) {
        if (w.providers() > 0 || w.capacity_days() > 0) add(w, w.worker_id());
      }
      add(response.total(), "(all)");
      std::cout << "\n";
      inspection.Print(std::cout);
    }
    std::cout << response.unallocated() << " open cases unallocated; policy version "
              << response.policy_version() << "\n";
  });
}

struct DiaryFlags {
  std::string from = "now", to = "+14d", worker, team;
  bool missed = true;
  uint32_t page_size = kPageSize;
};

void AddDiary(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<DiaryFlags>();
  CLI::App* c =
      app.add_subcommand("diary", "The bring-forward diary: what is due, and what was missed");
  c->add_option("--from", f->from, "Start of the window")->capture_default_str();
  c->add_option("--to", f->to, "End of the window")->capture_default_str();
  c->add_option("--worker", f->worker, "One worker");
  c->add_option("--team", f->team, "One team");
  c->add_option("--page-size", f->page_size, "Entries read in each call")->capture_default_str();
  commands.On<DiaryFlags>(c, f, [](Client& client, const DiaryFlags& f) {
    const absl::Time now = absl::Now();
    v1::ListDiaryRequest r;
    *r.mutable_from() = ToProto(ParseTime("--from", f.from, now));
    *r.mutable_to() = ToProto(ParseTime("--to", f.to, now));
    r.set_include_missed(f.missed);
    SetWhose(client, f.worker, f.team, r);
    r.set_page_size(f.page_size);
    const v1::ListDiaryResponse response =
        AllPages(client, client.caseload(), &v1::Caseload::Stub::ListDiary, r,
                 [](v1::ListDiaryResponse& page) { return page.mutable_entries(); });
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    Table table({"DUE", "", "CASE", "DEADLINE", "KIND", "WHAT", "WORKER"});
    for (const auto& e : response.entries()) {
      table.Add({FormatTime(e.deadline().due_at()), e.missed() ? "MISSED" : "", e.case_id(),
                 e.deadline().deadline_id(), EnumLabel(e.deadline().kind()), e.deadline().what(),
                 e.worker_id()});
    }
    table.Print(std::cout);
    std::cout << response.entries_size() << " entries\n";
  });
}

void AddAttention(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<ListFlags>();
  CLI::App* c =
      app.add_subcommand("attention", "What must not slip: breaches, missed deadlines, incidents");
  c->add_option("--worker", f->worker, "One worker");
  c->add_option("--team", f->team, "One team");
  c->add_option("--page-size", f->page_size, "Cases read in each call")->capture_default_str();
  commands.On<ListFlags>(c, f, [](Client& client, const ListFlags& f) {
    v1::ListAttentionRequest r;
    SetWhose(client, f.worker, f.team, r);
    r.set_page_size(f.page_size);
    const v1::ListAttentionResponse response =
        AllPages(client, client.caseload(), &v1::Caseload::Stub::ListAttention, r,
                 [](v1::ListAttentionResponse& page) { return page.mutable_items(); });
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    Table table({"CASE", "RAG", "WORKER", "SINCE", "WHY"});
    for (const auto& item : response.items()) {
      for (const auto& reason : item.reasons()) {
        table.Add(
            {item.summary().case_id(), RagLabel(item.summary().rag()),
             item.summary().worker_id().empty() ? "(unallocated)" : item.summary().worker_id(),
             FormatTime(reason.since()), reason.detail()});
      }
    }
    table.Print(std::cout);
    std::cout << response.items_size() << " cases need attention\n";
  });
}

struct CaseFlags {
  std::string case_id, as_of, occurred_by;
  int64_t revision = -1;
  uint32_t limit = 100;
};

void AddCaseViews(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<CaseFlags>();
  CLI::App* c = app.add_subcommand("case", "One case as it stands now");
  c->add_option("case", f->case_id, "The case id")->required();
  commands.On<CaseFlags>(c, f, [](Client& client, const CaseFlags& f) {
    v1::GetCaseRequest r;
    r.set_case_id(f.case_id);
    v1::CaseView view;
    Check(client.caseload().GetCase(client.Context().get(), r, &view));
    if (client.connection().json) {
      std::cout << ToJson(view) << "\n";
      return;
    }
    PrintCase(view.state());
    for (const auto& reason : view.attention())
      std::cout << "  ATTENTION   " << reason.detail() << "\n";
  });

  auto h = std::make_shared<CaseFlags>();
  CLI::App* history = app.add_subcommand("history", "Every event of a case: who, when, what, why");
  history->add_option("case", h->case_id, "The case id")->required();
  history->add_option("--limit", h->limit, "At most this many events")->capture_default_str();
  commands.On<CaseFlags>(history, h, [](Client& client, const CaseFlags& f) {
    v1::GetCaseHistoryRequest r;
    r.set_case_id(f.case_id);
    r.set_page_size(f.limit);
    v1::GetCaseHistoryResponse response;
    Check(client.audit().GetCaseHistory(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    Table table({"REV", "POSITION", "OCCURRED", "RECORDED", "ACTOR", "EVENT", "HASH"});
    for (const auto& e : response.entries()) {
      const auto& record = e.record();
      table.Add({absl::StrCat(record.stream_revision()), absl::StrCat(record.position()),
                 FormatTime(record.metadata().occurred_at()),
                 FormatTime(record.metadata().recorded_at()),
                 record.metadata().actor() + " (" + record.metadata().actor_role() + ")",
                 record.type(), absl::BytesToHexString(record.hash()).substr(0, 12)});
    }
    table.Print(std::cout);
  });

  auto p = std::make_shared<CaseFlags>();
  CLI::App* replay =
      app.add_subcommand("replay", "A case as it stood at a past moment or revision");
  replay->add_option("case", p->case_id, "The case id")->required();
  replay->add_option(
      "--as-of", p->as_of,
      "As the file stood then: events recorded by then (YYYY-MM-DD, RFC 3339, -30d)");
  replay->add_option("--occurred-by", p->occurred_by,
                     "As known now about then: events that occurred by then, backdated ones too");
  replay->add_option("--revision", p->revision, "After this many events");
  commands.On<CaseFlags>(replay, p, [](Client& client, const CaseFlags& f) {
    v1::ReplayCaseRequest r;
    r.set_case_id(f.case_id);
    if (f.revision >= 0) {
      r.set_revision(f.revision);
    } else if (!f.as_of.empty()) {
      *r.mutable_time() = ToProto(ParseTime("--as-of", f.as_of, absl::Now()));
    } else if (!f.occurred_by.empty()) {
      *r.mutable_occurred_by() = ToProto(ParseTime("--occurred-by", f.occurred_by, absl::Now()));
    } else {
      throw Failure{"replay: give --as-of TIME, --occurred-by TIME or --revision N"};
    }
    v1::ReplayCaseResponse response;
    Check(client.audit().ReplayCase(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    std::cout << "as recorded by " << FormatTime(response.recorded_at()) << ":\n";
    PrintCase(response.state());
  });

  auto v = std::make_shared<CaseFlags>();
  CLI::App* verify = app.add_subcommand("verify", "Recompute the log's hash chain");
  commands.On<CaseFlags>(verify, v, [](Client& client, const CaseFlags&) {
    v1::VerifyLogRequest r;
    v1::VerifyLogResponse response;
    Check(client.audit().VerifyLog(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
    } else if (response.ok()) {
      std::cout << "log verified: " << response.records_checked() << " records, positions "
                << response.from_position() << ".." << response.to_position() << ", head hash "
                << response.last_hash() << "\n";
    }
    if (!response.ok()) {
      throw Failure{absl::StrCat("DATA_LOSS: the log does not verify at position ",
                                 response.first_bad_position(), ": ", response.problem())};
    }
  });
}

}  // namespace

void AddViews(CLI::App& app, Commands& commands) {
  AddCaseload(app, commands);
  AddWorkload(app, commands);
  AddDiary(app, commands);
  AddAttention(app, commands);
  AddCaseViews(app, commands);
}

}  // namespace caseledger::cli
