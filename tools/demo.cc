// caseledger demo: a plausible organisation, made through the public API.

#include <unistd.h>

#include <iostream>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "tools/cli_app.h"
#include "tools/history_generator.h"

namespace caseledger::cli {
namespace {

struct DemoFlags {
  int cases = 250;
  uint64_t seed = 1;
  int workers = 16;
  int months = 4;
};

// Sends one generated command with the stub method its request type calls for.
grpc::Status SendGenerated(Client& client, const tools::GeneratedCommand& command) {
  auto context = client.ContextAs(command.actor, command.role, command.team);
  v1::CommandResult result;
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
  for (int i = 1; i <= total; ++i) {
    tools::GeneratedCommand command = generator.Next();
    Check(SendGenerated(client, command));
    if (i % 25 == 0 || i == total) Progress(i, total);
  }
  const std::string worker = tools::HistoryGenerator::WorkerId(1);
  std::cout << "\nMade " << f.cases << " cases (" << total << " commands) for " << f.workers
            << " workers in teams team-0 and team-1 over the past " << f.months << " months.\n"
            << "Try next, as a caseworker, a supervisor and a compliance officer:\n"
            << "  caseledger --actor " << worker << " caseload\n"
            << "  caseledger --actor " << worker << " diary\n"
            << "  caseledger --actor sup-team-0 --role supervisor --team team-0 workload\n"
            << "  caseledger --actor sup-team-0 --role supervisor --team team-0 attention\n"
            << "  caseledger --actor cora --role compliance_officer history " << options.prefix
            << "-00001\n"
            << "  caseledger --actor cora --role compliance_officer replay " << options.prefix
            << "-00001 --occurred-by -30d\n"
            << "  caseledger --actor cora --role compliance_officer access " << options.prefix
            << "-00001\n"
            << "  caseledger --actor cora --role compliance_officer verify\n";
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
  commands.On<DemoFlags>(c, f, RunDemo);
}

}  // namespace caseledger::cli
