// caseledger demo: a plausible organisation, made through the public API.

#include <unistd.h>

#include <iostream>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "tools/cli_app.h"
#include "tools/demo_inspection.h"
#include "tools/history_generator.h"

namespace caseledger::cli {
namespace {

struct DemoFlags {
  int cases = 250;
  uint64_t seed = 1;
  int workers = 16;
  int months = 4;
  int providers = 60;
};

// Sends one generated command with the stub method its request type calls for; `result` gets
// its result.
grpc::Status SendGenerated(Client& client, const tools::GeneratedCommand& command,
                           v1::CommandResult& result) {
  auto context = client.ContextAs(command.actor, command.role, command.team);
  v1::CaseCommands::Stub& stub = client.cases();
  return std::visit(
      [&](const auto& r) -> grpc::Status {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, v1::OpenCaseRequest>)
          return stub.OpenCase(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::AssignCaseRequest>)
          return stub.AssignCase(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::ChangeStatusRequest>)
          return stub.ChangeStatus(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::RecordNoteRequest>)
          return stub.RecordNote(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::SetDeadlineRequest>)
          return stub.SetDeadline(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::CompleteDeadlineRequest>)
          return stub.CompleteDeadline(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::RecordDeadlineActionRequest>)
          return stub.RecordDeadlineAction(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::AssessPriorityRequest>)
          return stub.AssessPriority(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::ReprioritiseRequest>)
          return stub.Reprioritise(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::FlagUntowardIncidentRequest>)
          return stub.FlagUntowardIncident(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::ResolveIncidentRequest>)
          return stub.ResolveIncident(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::RecordReferralRequest>)
          return stub.RecordReferral(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::RecordFileReviewRequest>)
          return stub.RecordFileReview(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::SetOutcomeRequest>)
          return stub.SetOutcome(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::RecordOutcomeProgressRequest>)
          return stub.RecordOutcomeProgress(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::CompleteReviewActionRequest>)
          return stub.CompleteReviewAction(context.get(), r, &result);
        if constexpr (std::is_same_v<R, v1::AcknowledgeEscalationRequest>)
          return stub.AcknowledgeEscalation(context.get(), r, &result);
      },
      command.request);
}

// Each supervisor sets the monitoring level of each worker holding the team's open cases
// (backdated to the start of the history, so the team report asks for reviews throughout), and
// holds a supervision session with them a week ago; a worker who has a level keeps it. Waits first
// until the caseload view holds the command at `position`: a worker belongs to the team of their
// cases until their record says. Returns the first worker of team-0 it supervised.
std::string SuperviseWorkers(Client& client, const DemoFlags& f, uint64_t position,
                             absl::Time start) {
  std::string first;
  for (const std::string team : {"team-0", "team-1"}) {
    const std::string supervisor = absl::StrCat("sup-", team);
    v1::GetWorkloadRequest load;
    load.set_team_id(team);
    load.set_min_position(position);
    v1::GetWorkloadResponse workload;
    Check(client.caseload().GetWorkload(client.ContextAs(supervisor, "supervisor", team).get(),
                                        load, &workload));
    for (const v1::WorkerLoad& held : workload.workers()) {
      const std::string& worker = held.worker_id();
      if (first.empty()) first = worker;
      // The level by the last character of the worker's id: w01 every file, w02 a sample, ...
      const int i = worker.empty() ? 0 : static_cast<unsigned char>(worker.back());
      auto header = [&](const std::string& what) {
        v1::WorkerCommandHeader h;
        h.set_command_id(absl::StrCat("demo-", f.seed, "-", what, "-", worker));
        h.set_worker_id(worker);
        return h;
      };
      v1::SetMonitoringLevelRequest level;
      *level.mutable_header() = header("level");
      *level.mutable_header()->mutable_occurred_at() = ToProto(start);
      switch (i % 4) {
        case 1:
          level.mutable_level()->set_kind(v1::EVERY_FILE_BEFORE_ADVICE);
          level.set_reason("New to the team: every file checked before advice is given");
          break;
        case 2:
          level.mutable_level()->set_kind(v1::SAMPLE_PERCENT);
          level.mutable_level()->set_percent(20);
          level.set_reason("Settled in; a fifth of open files each month");
          break;
        case 3:
          level.mutable_level()->set_kind(v1::SAMPLE_FILES_PER_MONTH);
          level.mutable_level()->set_files_per_month(2);
          level.set_reason("Experienced caseworker: two files a month");
          break;
        default:
          level.mutable_level()->set_kind(v1::PERIODIC);
          level.mutable_level()->set_period_days(30);
          level.set_reason("Every file looked at once a month");
          break;
      }
      // A worker given a level by an earlier demo keeps it.
      v1::GetWorkerRecordRequest get;
      get.set_worker_id(worker);
      v1::WorkerRecord record;
      Check(client.supervision().GetWorkerRecord(
          client.ContextAs(supervisor, "supervisor", team).get(), get, &record));
      v1::WorkerCommandResult result;
      if (!record.state().has_monitoring_level()) {
        Check(client.supervision().SetMonitoringLevel(
            client.ContextAs(supervisor, "supervisor", team).get(), level, &result));
      }

      v1::RecordSupervisionSessionRequest session;
      *session.mutable_header() = header("session");
      session.set_session_id(absl::StrCat("s-", f.seed, "-", worker));
      const absl::Time held = absl::Now() - absl::Hours(24 * 7);
      *session.mutable_header()->mutable_occurred_at() = ToProto(held);
      v1::SupervisionSession* s = session.mutable_session();
      *s->mutable_held_at() = ToProto(held);
      s->add_agenda("Open review actions and the files due for review");
      s->add_agenda("Cases at red and their next contact");
      s->add_agreed_actions("Clear the review actions past their due date this week");
      s->set_workload_discussed("Caseload manageable; two court hearings next month");
      *s->mutable_next_session_at() = ToProto(held + absl::Hours(24 * 28));
      Check(client.supervision().RecordSupervisionSession(
          client.ContextAs(supervisor, "supervisor", team).get(), session, &result));
    }
  }
  return first;
}

void Progress(int done, int total) {
  if (!isatty(STDERR_FILENO) && done != total) return;
  const int width = 40;
  const int filled = total == 0 ? width : done * width / total;
  std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] "
            << done * 100 / std::max(total, 1) << "% " << done << "/" << total << " commands"
            << (done == total ? "\n" : "") << std::flush;
}

void RunDemo(Client& client, const DemoFlags& f) {
  // The organisation agrees its priority policy first.
  v1::GetPolicyRequest get;
  v1::PolicyVersion current;
  Check(
      client.policies().GetPolicy(client.ContextAs("admin", "administrator").get(), get, &current));
  v1::SetPolicyRequest set;
  set.set_command_id(absl::StrCat("demo-", f.seed, "-policy"));
  *set.mutable_policy() = current.policy();
  set.set_rationale(
      "Criteria, response times and safe caseload agreed at the service's priorities meeting");
  v1::SetPolicyResponse policy;
  Check(
      client.policies().SetPolicy(client.ContextAs("admin", "administrator").get(), set, &policy));

  tools::HistoryOptions options;
  options.seed = f.seed;
  options.cases = f.cases;
  options.workers = f.workers;
  options.teams = 2;
  options.prefix = absl::StrCat("d", f.seed);
  const int total = f.cases * 14;
  const absl::Duration span = absl::Hours(24 * 30) * f.months;
  options.start = absl::Now() - span;
  options.step = span / total;
  tools::HistoryGenerator generator(options);
  v1::CommandResult last;
  for (int i = 1; i <= total; ++i) {
    tools::GeneratedCommand command = generator.Next();
    Check(SendGenerated(client, command, last));
    if (i % 25 == 0 || i == total) Progress(i, total);
  }
  const std::string period = RunInspectionDemo(client, InspectionDemo{f.seed, f.providers});
  const std::string supervised = SuperviseWorkers(client, f, last.position(), options.start);
  const std::string worker = tools::HistoryGenerator::WorkerId(1);
  std::cout << "\nMade " << f.cases << " cases (" << total << " commands) for " << f.workers
            << " workers in teams team-0 and team-1 over the past " << f.months << " months,\n"
            << "and an inspection team, insp-north, with " << f.providers
            << " providers, inspectors ines and ivan, and their manager mo.\n"
            << "Try next, as a caseworker, a supervisor and a compliance officer:\n"
            << "  caseledger --actor " << worker << " caseload\n"
            << "  caseledger --actor " << worker << " diary\n"
            << "  caseledger --actor sup-team-0 --role supervisor --team team-0 workload\n"
            << "  caseledger --actor sup-team-0 --role supervisor --team team-0 attention\n"
            << "  caseledger --actor sup-team-0 --role supervisor --team team-0 inbox\n"
            << "  caseledger --actor sup-team-0 --role supervisor --team team-0 due-reviews\n"
            << "  caseledger --actor sup-team-0 --role supervisor --team team-0 reviews "
            << supervised << "\n"
            << "  caseledger --actor sup-team-0 --role supervisor --team team-0 report\n"
            << "  caseledger --actor cora --role compliance_officer history " << options.prefix
            << "-00001\n"
            << "  caseledger --actor cora --role compliance_officer replay " << options.prefix
            << "-00001 --occurred-by -30d\n"
            << "  caseledger --actor cora --role compliance_officer access " << options.prefix
            << "-00001\n"
            << "  caseledger --actor cora --role compliance_officer verify\n"
            << "and as an inspector and their manager:\n"
            << "  caseledger --actor ines --role inspector --team insp-north programme\n"
            << "  caseledger --actor ines --role inspector --team insp-north providers\n"
            << "  caseledger --actor ines --role inspector --team insp-north workplan ines "
            << period << "\n"
            << "  caseledger --actor mo --role supervisor --team insp-north workplan ivan "
            << period << "\n";
}

}  // namespace

void AddDemo(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<DemoFlags>();
  CLI::App* c =
      app.add_subcommand("demo", "Create a plausible organisation with months of history");
  c->add_option("--cases", f->cases, "How many cases")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  c->add_option("--seed", f->seed, "The same seed makes the same history")->capture_default_str();
  c->add_option("--workers", f->workers, "How many workers")
      ->capture_default_str()
      ->check(CLI::Range(1, 99));
  c->add_option("--months", f->months, "How far back the history starts")
      ->capture_default_str()
      ->check(CLI::Range(1, 60));
  c->add_option("--providers", f->providers, "How many providers the inspection team holds")
      ->capture_default_str()
      ->check(CLI::Range(0, 9999));
  commands.On<DemoFlags>(c, f, RunDemo);
}

}  // namespace caseledger::cli
