#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "app/access_control.h"
#include "app/revision_conflict.h"
#include "app/server_command_id.h"
#include "app/stream_cache.h"
#include "app/work_queue.h"
#include "base/clock.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "domain/case.h"
#include "domain/field_errors.h"
#include "domain/provider.h"
#include "domain/workplan.h"
#include "eventstore/event_store.h"

namespace caseledger::app {

// Loads an organisation's policy in force.
using PolicyLoader = std::function<absl::StatusOr<std::shared_ptr<const Folded<v1::PolicyVersion>>>(
    const std::string& org_id)>;

// Carries out commands on streams of one kind other than cases (a provider's, a work plan's)
// as CaseCommandRunner does a case's: the idempotency check, loading the stream and the
// policy in force, authorization against the stream as it stands, the domain decision,
// sealing personal fields, and the append at the loaded revision; a concurrent change is
// retried a few times unless the command named its expected revision, then ABORTED. Never
// waits on another thread. `State` is the fold of the stream, `Event` its events' payload
// (with occurred_at) with a domain::EventType overload declared above. Thread-safe; the store
// must outlive it.
template <typename State, typename Event>
class StreamCommandRunner {
 public:
  struct Command {
    std::string command_id;
    std::string stream_id;
    std::optional<uint64_t> expected_revision;
    std::string correlation_id;
    // One of methods.h.
    std::string method;
    // What the authorizer is asked about, from the stream as it stands (revision 0: none).
    std::function<Target(const State&, uint64_t revision)> target;
    // The events, decided against the stream as it stands.
    std::function<absl::StatusOr<std::vector<Event>>(const State&, const domain::CommandContext&)>
        decide;
  };
  struct Result {
    std::string stream_id;
    uint64_t revision = 0;
    uint64_t position = 0;
    bool duplicate = false;
  };
  using Done = std::function<void(absl::StatusOr<Result>)>;
  using Initial = typename StreamCache<State>::Initial;
  using Apply = typename StreamCache<State>::Apply;
  // The organisation a stream's state belongs to; empty for a stream with no events.
  using OrgOf = std::function<std::string(const State&)>;
  // Seals the personal fields of an event about to be appended to the stream.
  using Seal = std::function<absl::Status(const State&, Event&)>;

  static constexpr int kMaxAttempts = 5;

  StreamCommandRunner(eventstore::EventStore& store, const AccessControl& access,
                      const Clock& clock, PolicyLoader policies, Initial initial, Apply apply,
                      OrgOf org_of, Seal seal)
      : store_(store),
        access_(access),
        clock_(clock),
        policies_(std::move(policies)),
        org_of_(std::move(org_of)),
        seal_(std::move(seal)),
        streams_(store, std::move(initial), std::move(apply)) {}

  // The stream folded to its last event; revision 0 when it has none.
  absl::StatusOr<std::shared_ptr<const Folded<State>>> Load(const std::string& stream_id) {
    return streams_.Load(stream_id);
  }

  // Runs `command` for `actor`; `done` is called once, on any thread, without locks held.
  void Run(Command command, Actor actor, Done done) {
    domain::FieldErrors ids;
    if (IsServerCommandId(command.command_id)) {
      ids.Add("header.command_id", "may not begin with \"caseledger:\", kept for the server's own");
    }
    if (!ids.ok()) return done(ids.ToStatus());
    auto attempt = std::make_shared<Attempt>(
        Attempt{std::move(command), std::move(actor), std::move(done), 0});
    if (!attempt->command.command_id.empty()) {
      auto earlier = store_.LookupCommand(attempt->command.command_id);
      if (!earlier.ok()) return attempt->done(earlier.status());
      if (earlier->has_value()) {
        return AnswerRepeat(std::move(attempt), (*earlier)->streams.front());
      }
    }
    Try(std::move(attempt));
  }

 private:
  struct Attempt {
    Command command;
    Actor actor;
    Done done;
    int number = 0;
  };

  static Result ResultOf(const eventstore::AppendResult& appended) {
    return Result{appended.stream_id, appended.last_revision, appended.last_position,
                  appended.duplicate};
  }

  // A command id used before: its first result, once the store has committed it everywhere,
  // to its maker or to anyone who may make it now.
  void AnswerRepeat(std::shared_ptr<Attempt> attempt, eventstore::AppendResult first) {
    if (first.stream_id != attempt->command.stream_id) {
      return attempt->done(
          absl::AlreadyExistsError(absl::StrCat("command_id ", attempt->command.command_id,
                                                " was already used for stream ", first.stream_id)));
    }
    if (store_.Head().position >= first.last_position) {
      return AnswerCommittedRepeat(std::move(attempt), first);
    }
    store_.WhenCommitted(
        first.last_position, absl::Now() + absl::Seconds(10),
        [this, attempt = std::move(attempt), first](absl::Status committed) mutable {
          if (!committed.ok()) return attempt->done(committed);
          retries_.Post([this, attempt = std::move(attempt), first]() mutable {
            AnswerCommittedRepeat(std::move(attempt), first);
          });
        });
  }

  void AnswerCommittedRepeat(std::shared_ptr<Attempt> attempt,
                             const eventstore::AppendResult& first) {
    auto made = store_.ReadAll(first.first_position, 1);
    if (!made.ok()) return attempt->done(made.status());
    if (made->empty() || (*made)[0].metadata().actor() != attempt->actor.id) {
      auto folded = Load(first.stream_id);
      if (!folded.ok()) return attempt->done(folded.status());
      const Target target = attempt->command.target((*folded)->state, (*folded)->revision);
      if (absl::Status s = access_.Decide(attempt->actor, attempt->command.method, target);
          !s.ok()) {
        return Refuse(std::move(attempt), target, std::move(s));
      }
    }
    attempt->done(ResultOf(first));
  }

  void Refuse(std::shared_ptr<Attempt> attempt, const Target& target, absl::Status refusal) {
    access_.Refuse(attempt->actor, attempt->command.method, target, std::move(refusal),
                   [attempt](absl::Status refused) { attempt->done(refused); });
  }

  void Try(std::shared_ptr<Attempt> attempt) {
    ++attempt->number;
    const Command& command = attempt->command;
    auto folded = Load(command.stream_id);
    if (!folded.ok()) return attempt->done(folded.status());
    const Folded<State>& current = **folded;
    const Target target = command.target(current.state, current.revision);
    if (absl::Status s = access_.Decide(attempt->actor, command.method, target); !s.ok()) {
      return Refuse(std::move(attempt), target, std::move(s));
    }
    if (command.expected_revision.has_value() && *command.expected_revision != current.revision) {
      return attempt->done(
          RevisionConflict(absl::StrCat(command.stream_id, " is at revision ", current.revision,
                                        ", not ", *command.expected_revision),
                           current.revision));
    }
    std::string org_id = current.revision > 0 ? org_of_(current.state) : attempt->actor.org_id;
    auto policy = policies_(org_id);
    if (!policy.ok()) return attempt->done(policy.status());
    domain::CommandContext context;
    context.actor = attempt->actor.id;
    context.actor_role = attempt->actor.role;
    context.org_id = std::move(org_id);
    context.now = clock_.Now();
    context.policy = &(*policy)->state;
    context.new_id = command.command_id;
    absl::StatusOr<std::vector<Event>> events = command.decide(current.state, context);
    if (!events.ok()) return attempt->done(events.status());
    eventstore::AppendRequest append;
    append.stream_id = command.stream_id;
    append.expected_revision = eventstore::ExpectedRevision::Exact(current.revision);
    append.command_id = command.command_id;
    for (Event& event : *events) {
      if (absl::Status s = seal_(current.state, event); !s.ok()) return attempt->done(s);
      eventstore::ProposedEvent proposed;
      proposed.type = domain::EventType(event);
      proposed.payload = event.SerializeAsString();
      proposed.metadata.set_actor(attempt->actor.id);
      proposed.metadata.set_actor_role(attempt->actor.role);
      proposed.metadata.set_correlation_id(command.correlation_id.empty() ? command.command_id
                                                                          : command.correlation_id);
      proposed.metadata.set_causation_id(command.command_id);
      *proposed.metadata.mutable_occurred_at() = event.occurred_at();
      append.events.push_back(std::move(proposed));
    }
    folded->reset();
    store_.AppendAsync(
        std::move(append), [this, attempt](absl::StatusOr<eventstore::AppendResult> r) {
          if (r.ok()) return attempt->done(ResultOf(*r));
          const Command& command = attempt->command;
          if (absl::IsAborted(r.status()) && !command.expected_revision.has_value() &&
              attempt->number < kMaxAttempts) {
            retries_.Post([this, attempt] { Try(attempt); });
            return;
          }
          if (absl::IsAborted(r.status())) {
            absl::StatusOr<uint64_t> actual = store_.StreamRevision(command.stream_id);
            const std::string message =
                absl::StrCat(command.stream_id, " changed concurrently (tried ", attempt->number,
                             " times); reload and try again: ", r.status().message());
            return attempt->done(actual.ok() ? RevisionConflict(message, *actual)
                                             : absl::AbortedError(message));
          }
          attempt->done(r.status());
        });
  }

  eventstore::EventStore& store_;
  const AccessControl& access_;
  const Clock& clock_;
  const PolicyLoader policies_;
  const OrgOf org_of_;
  const Seal seal_;
  StreamCache<State> streams_;
  // Where a command continues that must leave the store's writer thread.
  WorkQueue retries_;
};

}  // namespace caseledger::app
