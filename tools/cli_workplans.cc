// caseledger's work plan commands: workplan (show), and its agree, progress and review.

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "base/ids.h"
#include "base/proto_time.h"
#include "google/protobuf/util/json_util.h"
#include "tools/cli_app.h"
#include "tools/cli_parse.h"
#include "tools/table.h"

namespace caseledger::cli {
namespace {

struct PlanFlags {
  std::string inspector, period, command_id, file, rationale, objective, status, note,
      reviewed_with, findings, next_review;
  uint32_t percent = 0;
  std::vector<std::string> actions;

  void Add(CLI::App* command) {
    command->add_option("inspector", inspector, "The inspector")->required();
    command->add_option("period", period, "The period, e.g. 2026 or 2026-27")->required();
    command->add_option("--command-id", command_id,
                        "Idempotency key; the same one again changes nothing (default: a new one)");
  }

  v1::WorkPlanHeader Header() const {
    v1::WorkPlanHeader header;
    header.set_command_id(command_id.empty() ? NewUuid() : command_id);
    header.set_inspector_id(inspector);
    header.set_period_id(period);
    return header;
  }
};

template <typename Request, typename Call>
void Send(Client& client, const Request& request, Call call, const std::string& what) {
  v1::WorkPlanResult result;
  Check((client.work_plans().*call)(client.Context().get(), request, &result));
  if (client.connection().json) {
    std::cout << ToJson(result) << "\n";
    return;
  }
  std::cout << what << " the work plan of " << result.inspector_id() << " for "
            << result.period_id() << ": revision " << result.revision() << ", position "
            << result.position() << (result.duplicate() ? " (already done: first result)" : "")
            << "\n";
}

void PrintPlan(const v1::WorkPlanView& v) {
  const v1::WorkPlanState& s = v.state();
  std::cout << "work plan of " << s.inspector_id() << " for " << s.period_id() << " (version "
            << s.version() << ", agreed with " << s.plan().manager_id() << " on "
            << FormatTime(s.agreed().at()) << ")\n"
            << "  period      " << FormatTime(s.plan().period_start()) << " to "
            << FormatTime(s.plan().period_end()) << ": " << v.working_days_in_period()
            << " working days, " << s.plan().leave_days() << " leave, "
            << s.plan().other_duties_days() << " other duties\n"
            << "  capacity    " << v.capacity_days() << " days; planned " << v.planned_effort_days()
            << ", done " << v.done_effort_days() << ", unplanned " << v.unplanned_effort_days()
            << (v.over_committed() ? "  OVER-COMMITTED" : "") << "\n";
  for (const auto& p : s.plan().priorities()) std::cout << "  PRIORITY    " << p << "\n";
  std::cout << "  incidents   " << s.plan().untoward_incidents() << "\n";
  Table inspections({"PROVIDER", "PLANNED FOR", "EFFORT", "DONE", "VISITED"});
  for (const auto& i : v.inspections()) {
    inspections.Add({i.planned().provider_id(), FormatTime(i.planned().planned_for()),
                     absl::StrCat(i.effort_days()), i.done() ? "done" : "",
                     i.done() ? FormatTime(i.visit().at()) : "-"});
  }
  for (const auto& u : v.unplanned_visits()) {
    inspections.Add({u.provider_id(), "(unplanned)", absl::StrCat(u.effort_days()), "done",
                     FormatTime(u.at())});
  }
  inspections.Print(std::cout);
  Table objectives({"OBJECTIVE", "MEASURE", "TARGET", "DUE", "STATUS", "%", ""});
  for (const auto& o : v.objectives()) {
    objectives.Add({o.objective().description(), o.objective().measure(), o.objective().target(),
                    FormatTime(o.objective().due_by()), EnumLabel(o.latest().status()),
                    absl::StrCat(o.latest().percent_complete()), o.overdue() ? "OVERDUE" : ""});
  }
  objectives.Print(std::cout);
}

}  // namespace

void AddWorkPlans(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<PlanFlags>();
  CLI::App* show = app.add_subcommand(
      "workplan", "An inspector's work plan: planned against done against capacity");
  show->add_option("inspector", f->inspector, "The inspector")->required();
  show->add_option("period", f->period, "The period, e.g. 2026-27")->required();
  commands.On<PlanFlags>(show, f, [](Client& client, const PlanFlags& f) {
    v1::GetWorkPlanRequest r;
    r.set_inspector_id(f.inspector);
    r.set_period_id(f.period);
    v1::WorkPlanView view;
    Check(client.work_plans().GetWorkPlan(client.Context().get(), r, &view));
    if (client.connection().json) {
      std::cout << ToJson(view) << "\n";
    } else {
      PrintPlan(view);
    }
  });

  auto a = std::make_shared<PlanFlags>();
  CLI::App* agree = app.add_subcommand(
      "agree-workplan", "Agree a work plan (or its revision) from a JSON WorkPlanTerms file");
  a->Add(agree);
  agree->add_option("--plan", a->file, "The plan: WorkPlanTerms in Protobuf's JSON")->required();
  agree->add_option("--rationale", a->rationale, "Why it was revised");
  commands.On<PlanFlags>(agree, a, [](Client& client, const PlanFlags& f) {
    std::ifstream in(f.file);
    if (!in.good()) throw Failure{absl::StrCat("--plan: cannot read ", f.file)};
    std::stringstream text;
    text << in.rdbuf();
    v1::AgreeWorkPlanRequest r;
    *r.mutable_header() = f.Header();
    if (!google::protobuf::util::JsonStringToMessage(text.str(), r.mutable_plan()).ok()) {
      throw Failure{absl::StrCat("--plan: ", f.file, " is not a WorkPlanTerms in JSON")};
    }
    r.set_rationale(f.rationale);
    Send(client, r, &v1::WorkPlans::Stub::AgreeWorkPlan, "agreed");
  });

  auto g = std::make_shared<PlanFlags>();
  CLI::App* progress =
      app.add_subcommand("workplan-progress", "Record progress against an objective");
  g->Add(progress);
  progress->add_option("objective", g->objective, "The objective")->required();
  progress->add_option("--status", g->status, "on-track, at-risk, achieved, not-achieved")
      ->required();
  progress->add_option("--percent", g->percent, "Percent complete");
  progress->add_option("--note", g->note, "What was done");
  commands.On<PlanFlags>(progress, g, [](Client& client, const PlanFlags& f) {
    v1::RecordObjectiveProgressRequest r;
    *r.mutable_header() = f.Header();
    r.set_objective_id(f.objective);
    r.set_status(ParseEnum<v1::OutcomeStatus>("--status", f.status));
    r.set_percent_complete(f.percent);
    r.set_note(f.note);
    Send(client, r, &v1::WorkPlans::Stub::RecordObjectiveProgress, "recorded progress on");
  });

  auto v = std::make_shared<PlanFlags>();
  CLI::App* review = app.add_subcommand("workplan-review", "Record a review of a work plan");
  v->Add(review);
  review->add_option("--with", v->reviewed_with, "Who it was reviewed with")->required();
  review->add_option("--findings", v->findings, "What the review found")->required();
  review->add_option("--action", v->actions, "An action agreed (repeat)");
  review->add_option("--next", v->next_review, "When it is reviewed next");
  commands.On<PlanFlags>(review, v, [](Client& client, const PlanFlags& f) {
    v1::ReviewWorkPlanRequest r;
    *r.mutable_header() = f.Header();
    r.set_reviewed_with(f.reviewed_with);
    r.set_findings(f.findings);
    for (const auto& action : f.actions) r.add_actions_agreed(action);
    if (!f.next_review.empty()) {
      *r.mutable_next_review_by() = ToProto(ParseTime("--next", f.next_review, absl::Now()));
    }
    Send(client, r, &v1::WorkPlans::Stub::ReviewWorkPlan, "reviewed");
  });
}

}  // namespace caseledger::cli
