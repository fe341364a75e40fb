#include "app/worker_command_runner.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "app/command_append.h"
#include "app/revision_conflict.h"
#include "app/server_command_id.h"
#include "domain/field_errors.h"
#include "privacy/sealing.h"

namespace caseledger::app {
namespace {

constexpr absl::string_view kWorkerStreamPrefix = "worker-";

absl::Status ApplyWorkerRecord(const privacy::SubjectKeys& keys, v1::WorkerState& state,
                               const v1::EventRecord& record) {
  v1::WorkerEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(absl::StrCat("event at position ", record.position(), " of stream ",
                                            record.stream_id(), " is corrupt"));
  }
  const absl::string_view worker_id =
      absl::string_view(record.stream_id()).substr(kWorkerStreamPrefix.size());
  if (absl::Status s = privacy::Unseal(keys, worker_id, event); !s.ok()) return s;
  domain::Evolve(state, std::move(event));
  return absl::OkStatus();
}

v1::WorkerCommandResult ResultOf(const std::string& worker_id,
                                 const eventstore::AppendResult& appended,
                                 const WorkerCommand& command) {
  v1::WorkerCommandResult result;
  result.set_worker_id(worker_id);
  result.set_revision(appended.last_revision);
  result.set_position(appended.last_position);
  result.set_duplicate(appended.duplicate);
  if (command.assigns_id) result.set_assigned_id(command.header.command_id());
  return result;
}

}  // namespace

struct WorkerCommandRunner::Attempt {
  WorkerCommand command;
  Actor actor;
  Done done;
  int number = 0;
};

WorkerCommandRunner::WorkerCommandRunner(eventstore::EventStore& store, privacy::SubjectKeys& keys,
                                         const AccessControl& access, const Clock& clock,
                                         TeamOfCases team_of_cases)
    : store_(store),
      keys_(keys),
      access_(access),
      clock_(clock),
      team_of_cases_(std::move(team_of_cases)),
      workers_(
          store,
          [](absl::string_view stream) {
            v1::WorkerState state;
            state.set_worker_id(std::string(stream.substr(kWorkerStreamPrefix.size())));
            return state;
          },
          [&keys](v1::WorkerState& state, const v1::EventRecord& record) {
            return ApplyWorkerRecord(keys, state, record);
          }) {}

absl::StatusOr<std::shared_ptr<const Folded<v1::WorkerState>>> WorkerCommandRunner::LoadWorker(
    const std::string& worker_id) {
  return workers_.Load(domain::WorkerStreamId(worker_id));
}

void WorkerCommandRunner::TargetOf(const Actor& actor, const std::string& worker_id,
                                   const v1::WorkerState& state, TargetDone done) const {
  Target target;
  target.worker_id = worker_id;
  target.org_id = state.org_id();
  target.team_id = state.team_id();
  if (!target.team_id.empty()) return done(std::move(target));
  team_of_cases_(state.org_id().empty() ? actor.org_id : state.org_id(), worker_id,
                 [target = std::move(target), asker = actor.id, asker_team = actor.team_id,
                  done = std::move(done)](absl::StatusOr<std::string> team) mutable {
                   if (!team.ok()) return done(team.status());
                   target.team_id = *std::move(team);
                   if (target.team_id.empty() && asker == target.worker_id) {
                     target.team_id = asker_team;
                   }
                   done(std::move(target));
                 });
}

void WorkerCommandRunner::Run(WorkerCommand command, Actor actor, Done done) {
  // Ids given are checked before anything is looked up by them; one missing is named with
  // the request's other bad fields, by the decision.
  domain::FieldErrors ids;
  ids.Id("header.command_id", command.header.command_id(), false);
  ids.Id("header.worker_id", command.header.worker_id(), false);
  if (IsServerCommandId(command.header.command_id())) {
    ids.Add("header.command_id", "may not begin with \"caseledger:\", kept for the server's own");
  }
  if (!ids.ok()) return done(ids.ToStatus());
  auto attempt =
      std::make_shared<Attempt>(Attempt{std::move(command), std::move(actor), std::move(done)});
  const std::string& command_id = attempt->command.header.command_id();
  if (!command_id.empty()) {
    auto earlier = store_.LookupCommand(command_id);
    if (!earlier.ok()) return attempt->done(earlier.status());
    if (earlier->has_value()) return AnswerRepeat(std::move(attempt), (*earlier)->streams.front());
  }
  Try(std::move(attempt));
}

void WorkerCommandRunner::AnswerRepeat(std::shared_ptr<Attempt> attempt,
                                       eventstore::AppendResult first) {
  const v1::WorkerCommandHeader& header = attempt->command.header;
  if (first.stream_id != domain::WorkerStreamId(header.worker_id())) {
    return attempt->done(absl::AlreadyExistsError(absl::StrCat(
        "command_id ", header.command_id(), " was already used for stream ", first.stream_id)));
  }
  // Answered once the store shows it everywhere, so the next command sees its revision.
  auto answer = [this, attempt, first]() {
    auto folded = LoadWorker(attempt->command.header.worker_id());
    if (!folded.ok()) return attempt->done(folded.status());
    TargetOf(attempt->actor, attempt->command.header.worker_id(), (*folded)->state,
             [this, attempt, first](absl::StatusOr<Target> target) {
               if (!target.ok()) return attempt->done(target.status());
               access_.Authorize(attempt->actor, attempt->command.method, *target,
                                 [attempt, first](absl::Status admitted) {
                                   if (!admitted.ok()) return attempt->done(admitted);
                                   attempt->done(ResultOf(attempt->command.header.worker_id(),
                                                          first, attempt->command));
                                 });
             });
  };
  if (store_.Head().position >= first.last_position) return answer();
  store_.WhenCommitted(first.last_position, absl::Now() + absl::Seconds(10),
                       [this, attempt, answer](absl::Status committed) {
                         if (!committed.ok()) return attempt->done(committed);
                         retries_.Post(answer);
                       });
}

void WorkerCommandRunner::Try(std::shared_ptr<Attempt> attempt) {
  ++attempt->number;
  const v1::WorkerCommandHeader& header = attempt->command.header;
  const std::string& worker_id = header.worker_id();
  absl::StatusOr<std::shared_ptr<const Folded<v1::WorkerState>>> folded;
  if (!worker_id.empty()) {
    folded = LoadWorker(worker_id);
  } else {
    folded = std::make_shared<const Folded<v1::WorkerState>>();
  }
  if (!folded.ok()) return attempt->done(folded.status());
  const Folded<v1::WorkerState>& state = **folded;
  TargetOf(attempt->actor, worker_id, state.state,
           [this, attempt, folded = *std::move(folded)](absl::StatusOr<Target> target) mutable {
             if (!target.ok()) return attempt->done(target.status());
             DecideAndAppend(attempt, std::move(folded), *target);
           });
}

void WorkerCommandRunner::DecideAndAppend(std::shared_ptr<Attempt> attempt,
                                          std::shared_ptr<const Folded<v1::WorkerState>> folded,
                                          const Target& target) {
  const v1::WorkerCommandHeader& header = attempt->command.header;
  const std::string& worker_id = header.worker_id();
  const Folded<v1::WorkerState>& current = *folded;
  // Authorized first: the record's revision is not told to whoever may not act on it.
  if (absl::Status s = access_.Decide(attempt->actor, attempt->command.method, target); !s.ok()) {
    return access_.Refuse(attempt->actor, attempt->command.method, target, std::move(s),
                          std::move(attempt->done));
  }
  if (header.has_expected_revision() && header.expected_revision() != current.revision) {
    return attempt->done(
        RevisionConflict(absl::StrCat("the record of worker ", worker_id, " is at revision ",
                                      current.revision, ", not ", header.expected_revision()),
                         current.revision));
  }
  const std::string org_id = target.org_id.empty() ? attempt->actor.org_id : target.org_id;
  domain::WorkerContext context;
  context.actor = attempt->actor.id;
  context.actor_role = attempt->actor.role;
  context.org_id = org_id;
  context.team_id = target.team_id;
  context.now = clock_.Now();
  context.new_id = header.command_id();
  absl::StatusOr<domain::WorkerEvents> events = attempt->command.decide(current.state, context);
  if (!events.ok()) return attempt->done(events.status());
  const std::string key_id = privacy::KeyId(org_id, domain::WorkerSubjectId(worker_id));
  for (v1::WorkerEvent& event : *events) {
    if (absl::Status s = privacy::Seal(keys_, worker_id, key_id, event); !s.ok()) {
      return attempt->done(s);
    }
  }
  eventstore::AppendRequest append = CommandAppend(
      domain::WorkerStreamId(worker_id), current.revision, header, attempt->actor, *events);
  folded.reset();
  store_.AppendAsync(std::move(append),
                     [this, attempt](absl::StatusOr<eventstore::AppendResult> r) {
                       const v1::WorkerCommandHeader& header = attempt->command.header;
                       if (r.ok()) {
                         return attempt->done(ResultOf(header.worker_id(), *r, attempt->command));
                       }
                       if (absl::IsAborted(r.status()) && !header.has_expected_revision() &&
                           attempt->number < kMaxAttempts) {
                         retries_.Post([this, attempt] { Try(attempt); });
                         return;
                       }
                       attempt->done(r.status());
                     });
}

}  // namespace caseledger::app
