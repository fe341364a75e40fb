#include "app/case_command_runner.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "app/command_append.h"
#include "app/provider_records.h"
#include "app/revision_conflict.h"
#include "app/server_command_id.h"
#include "domain/field_errors.h"
#include "domain/policy.h"
#include "domain/provider.h"
#include "privacy/sealing.h"

namespace caseledger::app {
namespace {

constexpr absl::string_view kCaseStreamPrefix = "case-";
constexpr absl::string_view kPolicyStreamPrefix = "policy-";

absl::Status ApplyCaseRecord(const privacy::SubjectKeys& keys, domain::CaseFile& file,
                             const v1::EventRecord& record) {
  v1::CaseEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(absl::StrCat("event at position ", record.position(), " of stream ",
                                            record.stream_id(), " is corrupt"));
  }
  const absl::string_view case_id =
      absl::string_view(record.stream_id()).substr(kCaseStreamPrefix.size());
  if (absl::Status s = privacy::Unseal(keys, case_id, event); !s.ok()) return s;
  domain::Evolve(file, std::move(event));
  return absl::OkStatus();
}

absl::Status ApplyPolicyRecord(v1::PolicyVersion& version, const v1::EventRecord& record) {
  v1::PolicyEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(
        absl::StrCat("policy event at position ", record.position(), " is corrupt"));
  }
  domain::EvolvePolicy(version, event);
  return absl::OkStatus();
}

v1::CommandResult ResultOf(const std::string& case_id, const eventstore::AppendResult& appended,
                           const CaseCommand& command) {
  v1::CommandResult result;
  result.set_case_id(case_id);
  result.set_revision(appended.last_revision);
  result.set_position(appended.last_position);
  result.set_duplicate(appended.duplicate);
  if (command.assigns_id) result.set_assigned_id(command.header.command_id());
  return result;
}

// An append's result as its case sees it, with the position of the append's last event:
// a provider's events linked to the case's come after them, and reading at that position
// shows them too.
eventstore::AppendResult CaseResult(eventstore::MultiStreamAppendResult appended) {
  eventstore::AppendResult result = std::move(appended.streams.front());
  result.last_position = appended.last_position();
  return result;
}

}  // namespace

struct CaseCommandRunner::Attempt {
  CaseCommand command;
  Actor actor;
  Done done;
  int number = 0;
  // When Run took the command, when its last try handed the append to the store, and when
  // the store gave it back: the bounds of its stages.
  absl::Time started{};
  absl::Time submitted{};
  absl::Time appended{};
};

CaseCommandRunner::CaseCommandRunner(eventstore::EventStore& store, privacy::SubjectKeys& keys,
                                     const AccessControl& access, const Clock& clock,
                                     CommandStageObserver* stages)
    : store_(store),
      keys_(keys),
      access_(access),
      clock_(clock),
      stages_(stages),
      cases_(
          store, [](absl::string_view) { return domain::CaseFile(); },
          [&keys](domain::CaseFile& file, const v1::EventRecord& record) {
            return ApplyCaseRecord(keys, file, record);
          }),
      policies_(
          store,
          [](absl::string_view stream) {
            return domain::DefaultPolicyVersion(stream.substr(kPolicyStreamPrefix.size()));
          },
          ApplyPolicyRecord),
      providers_(
          store, [](absl::string_view) { return v1::ProviderState(); },
          [&keys](v1::ProviderState& state, const v1::EventRecord& record) {
            return ApplyProviderRecord(keys, state, record);
          }) {}

absl::StatusOr<std::shared_ptr<const Folded<v1::ProviderState>>> CaseCommandRunner::LoadProvider(
    const std::string& provider_id) {
  return providers_.Load(domain::ProviderStreamId(provider_id));
}

absl::StatusOr<std::shared_ptr<const FoldedCase>> CaseCommandRunner::LoadCase(
    const std::string& case_id) {
  return cases_.Load(domain::CaseStreamId(case_id));
}

absl::StatusOr<std::shared_ptr<const Folded<v1::PolicyVersion>>> CaseCommandRunner::LoadPolicy(
    const std::string& org_id) {
  return policies_.Load(domain::PolicyStreamId(org_id));
}

void CaseCommandRunner::Run(CaseCommand command, Actor actor, Done done) {
  const absl::Time started = stages_ == nullptr ? absl::InfinitePast() : absl::Now();
  // Ids given are checked before anything is looked up by them. One missing is named with
  // the request's other bad fields, by the decision.
  domain::FieldErrors ids;
  ids.Id("header.command_id", command.header.command_id(), false);
  ids.Id("header.case_id", command.header.case_id(), false);
  if (!command.server_made && IsServerCommandId(command.header.command_id())) {
    ids.Add("header.command_id", "may not begin with \"caseledger:\", kept for the server's own");
  }
  if (!ids.ok()) return done(ids.ToStatus());
  auto attempt =
      std::make_shared<Attempt>(Attempt{std::move(command), std::move(actor), std::move(done)});
  attempt->started = started;
  const std::string& command_id = attempt->command.header.command_id();
  if (!command_id.empty()) {
    auto earlier = store_.LookupCommand(command_id);
    if (!earlier.ok()) return attempt->done(earlier.status());
    if (earlier->has_value()) return AnswerRepeat(std::move(attempt), CaseResult(**earlier));
  }
  Try(std::move(attempt));
}

void CaseCommandRunner::AnswerRepeat(std::shared_ptr<Attempt> attempt,
                                     eventstore::AppendResult first) {
  const std::string& command_id = attempt->command.header.command_id();
  if (!absl::StartsWith(first.stream_id, kCaseStreamPrefix)) {
    return attempt->done(absl::AlreadyExistsError(
        absl::StrCat("command_id ", command_id, " was already used for stream ", first.stream_id)));
  }
  const std::string case_id = first.stream_id.substr(kCaseStreamPrefix.size());
  if (!attempt->command.header.case_id().empty() && case_id != attempt->command.header.case_id()) {
    return attempt->done(absl::AlreadyExistsError(
        absl::StrCat("command_id ", command_id, " was already used for another case")));
  }
  // Found as soon as it is written, but answered only once the store shows it everywhere,
  // so the caller's next command sees the revision this one reports. That is nearly always
  // at once; otherwise the answer continues off the writer thread once it is.
  if (store_.Head().position >= first.last_position) {
    return AnswerCommittedRepeat(std::move(attempt), first);
  }
  store_.WhenCommitted(
      first.last_position, absl::Now() + absl::Seconds(10),
      [this, attempt = std::move(attempt), first](absl::Status committed) mutable {
        if (!committed.ok()) {
          return attempt->done(absl::UnavailableError(absl::StrCat(
              "command ", attempt->command.header.command_id(),
              " is written but the store did not finish committing it: ", committed.message())));
        }
        retries_.Post([this, attempt = std::move(attempt), first]() mutable {
          AnswerCommittedRepeat(std::move(attempt), first);
        });
      });
}

void CaseCommandRunner::AnswerCommittedRepeat(std::shared_ptr<Attempt> attempt,
                                              const eventstore::AppendResult& first) {
  const std::string case_id = first.stream_id.substr(kCaseStreamPrefix.size());
  auto made = store_.ReadAll(first.first_position, 1);
  if (!made.ok()) return attempt->done(made.status());
  // The one who made the command may retry it; anyone else learns what it did only if they
  // may make it now.
  const bool same_actor = !made->empty() && (*made)[0].metadata().actor() == attempt->actor.id;
  if (!attempt->command.by_policy && !same_actor) {
    auto folded = LoadCase(case_id);
    if (!folded.ok()) return attempt->done(folded.status());
    const Target target = Target::Case(case_id, &(*folded)->state.state);
    if (absl::Status s = access_.Decide(attempt->actor, attempt->command.method, target); !s.ok()) {
      return access_.Refuse(attempt->actor, attempt->command.method, target, std::move(s),
                            std::move(attempt->done));
    }
  }
  attempt->done(ResultOf(case_id, first, attempt->command));
}

absl::Status CaseCommandRunner::SealPersonal(const std::string& case_id, const v1::CaseState& state,
                                             domain::Events& events) {
  std::string key_id = privacy::CaseKeyId(state, case_id);
  for (v1::CaseEvent& event : events) {
    if (event.has_case_opened()) {
      const v1::CaseOpened& opened = event.case_opened();
      key_id = privacy::KeyId(opened.org_id(), opened.subject_id());
      absl::StatusOr<bool> erased = keys_.IsErased(key_id);
      if (!erased.ok()) return erased.status();
      if (*erased) {
        return absl::FailedPreconditionError(absl::StrCat("data subject ", opened.subject_id(),
                                                          " was erased: open the case under a "
                                                          "new subject_id"));
      }
      if (absl::Status s = keys_.AddCase(key_id, case_id); !s.ok()) return s;
    }
    if (absl::Status s = privacy::Seal(keys_, case_id, key_id, event); !s.ok()) return s;
  }
  return absl::OkStatus();
}

void CaseCommandRunner::Try(std::shared_ptr<Attempt> attempt) {
  ++attempt->number;
  const v1::CommandHeader& header = attempt->command.header;
  const std::string& case_id = header.case_id();
  absl::StatusOr<std::shared_ptr<const FoldedCase>> folded;
  if (!case_id.empty()) {
    folded = LoadCase(case_id);
  } else {
    folded = std::make_shared<const FoldedCase>();
  }
  if (!folded.ok()) return attempt->done(folded.status());
  const FoldedCase& current = **folded;
  const v1::CaseState& state = current.state.state;
  // Authorized first: the case's revision is not told to whoever may not act on it.
  if (!attempt->command.by_policy) {
    const Target target = Target::Case(case_id, current.revision > 0 ? &state : nullptr);
    if (absl::Status s = access_.Decide(attempt->actor, attempt->command.method, target); !s.ok()) {
      return access_.Refuse(attempt->actor, attempt->command.method, target, std::move(s),
                            std::move(attempt->done));
    }
  }
  if (header.has_expected_revision() && header.expected_revision() != current.revision) {
    return attempt->done(
        RevisionConflict(absl::StrCat("case ", case_id, " is at revision ", current.revision,
                                      ", not ", header.expected_revision()),
                         current.revision));
  }
  const std::string& org_id = current.revision > 0 ? state.org_id() : attempt->actor.org_id;
  absl::StatusOr<std::shared_ptr<const Folded<v1::PolicyVersion>>> policy = LoadPolicy(org_id);
  if (!policy.ok()) return attempt->done(policy.status());

  domain::CommandContext context;
  context.actor = attempt->actor.id;
  context.actor_role = attempt->actor.role;
  context.org_id = org_id;
  context.now = clock_.Now();
  context.policy = &(*policy)->state;
  context.new_id = header.command_id();
  context.note_ids = &current.state.note_ids;
  std::optional<ProviderPart> provider;
  absl::StatusOr<domain::Events> events = DecideCommand(attempt->command, state, context, provider);
  if (!events.ok()) return attempt->done(events.status());
  // The events as decided, to fold into the cached case once appended: cheaper than reading
  // them back and opening their sealed fields. Not if a subject is erased meanwhile: then
  // the fields must be read back, and read erased.
  auto decided = std::make_shared<domain::Events>(*events);
  const uint64_t erasures = keys_.Erasures();
  if (absl::Status s = SealPersonal(case_id, state, *events); !s.ok()) {
    return attempt->done(s);
  }

  eventstore::MultiStreamAppendRequest append;
  append.command_id = header.command_id();
  eventstore::StreamAppend& case_part = append.streams.emplace_back();
  case_part.stream_id = domain::CaseStreamId(case_id);
  case_part.expected_revision = eventstore::ExpectedRevision::Exact(current.revision);
  auto metadata = [&](const google::protobuf::Timestamp& occurred_at) {
    v1::EventMetadata m;
    m.set_actor(attempt->actor.id);
    m.set_actor_role(attempt->actor.role);
    m.set_correlation_id(header.correlation_id().empty() ? header.command_id()
                                                         : header.correlation_id());
    m.set_causation_id(header.command_id());
    *m.mutable_occurred_at() = occurred_at;
    return m;
  };
  for (const v1::CaseEvent& event : *events) {
    case_part.events.push_back(eventstore::ProposedEvent{
        "", domain::EventType(event), event.SerializeAsString(), metadata(event.occurred_at())});
  }
  if (provider.has_value()) {
    eventstore::StreamAppend& provider_part = append.streams.emplace_back();
    provider_part.stream_id = domain::ProviderStreamId(provider->provider_id);
    provider_part.expected_revision = eventstore::ExpectedRevision::Exact(provider->revision);
    for (v1::ProviderEvent& event : provider->events) {
      if (absl::Status s = SealProviderEvent(keys_, provider->org_id, provider->provider_id, event);
          !s.ok()) {
        return attempt->done(s);
      }
      provider_part.events.push_back(eventstore::ProposedEvent{
          "", domain::EventType(event), event.SerializeAsString(), metadata(event.occurred_at())});
    }
  }
  const uint64_t before = current.revision;
  // Let go of the case before the append can complete, so its events fold into it in place.
  folded->reset();
  if (stages_ != nullptr) attempt->submitted = absl::Now();
  store_.AppendStreamsAsync(std::move(append),
                            [this, attempt, before, decided,
                             erasures](absl::StatusOr<eventstore::MultiStreamAppendResult> r) {
                              if (stages_ != nullptr) attempt->appended = absl::Now();
                              if (!r.ok())
                                return Finish(attempt, before, decided, erasures, r.status());
                              Finish(attempt, before, decided, erasures, CaseResult(*std::move(r)));
                            });
}

absl::StatusOr<domain::Events> CaseCommandRunner::DecideCommand(
    const CaseCommand& command, const v1::CaseState& state, const domain::CommandContext& context,
    std::optional<ProviderPart>& provider) {
  if (!command.decide_linked) return command.decide(state, context);
  const std::string provider_id = command.provider_of(state);
  // An id that is no reference is looked up by nothing: the decision names it.
  domain::FieldErrors id;
  id.Id("provider_ref", provider_id, true);
  std::shared_ptr<const Folded<v1::ProviderState>> loaded =
      std::make_shared<const Folded<v1::ProviderState>>();
  if (id.ok()) {
    absl::StatusOr<std::shared_ptr<const Folded<v1::ProviderState>>> found =
        LoadProvider(provider_id);
    if (!found.ok()) return found.status();
    loaded = *std::move(found);
  }
  absl::StatusOr<domain::LinkedEvents> linked =
      command.decide_linked(state, loaded->state, context);
  if (!linked.ok()) return linked.status();
  if (!linked->provider_events.empty()) {
    provider = ProviderPart{provider_id, loaded->revision, loaded->state.org_id(),
                            std::move(linked->provider_events)};
  }
  return std::move(linked->case_events);
}

void CaseCommandRunner::Finish(std::shared_ptr<Attempt> attempt, uint64_t before,
                               std::shared_ptr<domain::Events> decided, uint64_t erasures,
                               absl::StatusOr<eventstore::AppendResult> r) {
  const v1::CommandHeader& header = attempt->command.header;
  if (r.ok()) {
    if (!r->duplicate && keys_.Erasures() == erasures) {
      cases_.Advance(r->stream_id, before, r->last_revision, [&decided](domain::CaseFile& file) {
        for (v1::CaseEvent& event : *decided) domain::Evolve(file, std::move(event));
      });
    }
    return Answer(*attempt, ResultOf(header.case_id(), *r, attempt->command));
  }
  if (absl::IsAborted(r.status()) && !header.has_expected_revision() &&
      attempt->number < kMaxAttempts) {
    retries_.Post([this, attempt] { Try(attempt); });
    return;
  }
  if (absl::IsAborted(r.status())) {
    const std::string message =
        absl::StrCat("case ", header.case_id(), " changed concurrently (tried ", attempt->number,
                     " times); reload and try again: ", r.status().message());
    absl::StatusOr<uint64_t> actual = store_.StreamRevision(domain::CaseStreamId(header.case_id()));
    return Answer(*attempt,
                  actual.ok() ? RevisionConflict(message, *actual) : absl::AbortedError(message));
  }
  Answer(*attempt, r.status());
}

void CaseCommandRunner::Answer(Attempt& attempt, absl::StatusOr<v1::CommandResult> result) {
  if (stages_ == nullptr) return attempt.done(std::move(result));
  const absl::Time completed = absl::Now();
  attempt.done(std::move(result));
  const absl::Time replied = absl::Now();
  if (attempt.command.received != absl::InfinitePast()) {
    stages_->Observe(CommandStage::kAdmit, attempt.started - attempt.command.received);
  }
  stages_->Observe(CommandStage::kDecide, attempt.submitted - attempt.started);
  stages_->Observe(CommandStage::kAppend, attempt.appended - attempt.submitted);
  stages_->Observe(CommandStage::kComplete, completed - attempt.appended);
  stages_->Observe(CommandStage::kReply, replied - completed);
}

}  // namespace caseledger::app
