#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "app/access_control.h"
#include "app/command_stages.h"
#include "app/stream_cache.h"
#include "app/work_queue.h"
#include "base/clock.h"
#include "caseledger/v1/case_commands.pb.h"
#include "caseledger/v1/case_state.pb.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "caseledger/v1/provider.pb.h"
#include "domain/case.h"
#include "domain/inspection.h"
#include "eventstore/event_store.h"
#include "privacy/subject_keys.h"

namespace caseledger::app {

// One case command, with the domain decision it asks for.
struct CaseCommand {
  v1::CommandHeader header;
  // One of methods.h: what the authorizer is asked about.
  std::string method;
  // The request left the id of its new record (or case) empty: the record takes the
  // command_id as its id, so a retried command gets the same one.
  bool assigns_id = false;
  // The organisation's own rule acts (retention), not a caller: no role applies.
  bool by_policy = false;
  // Made by caseledger itself, with a ServerCommandId; a caller's command may not use one.
  bool server_made = false;
  std::function<absl::StatusOr<domain::Events>(const v1::CaseState&, const domain::CommandContext&)>
      decide;
  // Set for a command whose decision also records events on the provider an inspection case
  // concerns (opening the case, publishing its report), in place of `decide`: `provider_of`
  // names the provider from the case as it stands (empty: none), and the case's and the
  // provider's events are appended in one atomic unit, each stream at the revision loaded.
  std::function<std::string(const v1::CaseState&)> provider_of;
  std::function<absl::StatusOr<domain::LinkedEvents>(const v1::CaseState&, const v1::ProviderState&,
                                                     const domain::CommandContext&)>
      decide_linked;
  // When the transport took the call: the admit stage runs from it to Run. InfinitePast: not
  // observed.
  absl::Time received = absl::InfinitePast();
};

// A case as folded for its commands: its state and its notes' ids, at a revision.
using FoldedCase = Folded<domain::CaseFile>;

// Carries out case commands: the idempotency check, loading the case and the policy in
// force, authorization, the domain decision, sealing personal fields, and the append with
// the loaded revision as the expected one. A concurrent change to the case is retried
// (reload, decide again) a few times unless the command named its expected revision; then
// it is ABORTED. Never waits on another thread: each command ends in its callback.
// Thread-safe; the store must outlive it.
class CaseCommandRunner {
 public:
  using Done = std::function<void(absl::StatusOr<v1::CommandResult>)>;

  static constexpr int kMaxAttempts = 5;

  // Personal fields are sealed with `keys` before they are appended, and opened as the
  // case is folded. `stages`, when not null, is told the stages of each command that reaches
  // the store, and must outlive the runner.
  CaseCommandRunner(eventstore::EventStore& store, privacy::SubjectKeys& keys,
                    const AccessControl& access, const Clock& clock,
                    CommandStageObserver* stages = nullptr);

  // Runs `command` for `actor`; `done` is called once, on any thread, without locks held.
  void Run(CaseCommand command, Actor actor, Done done);

  // The case folded to its last event; revision 0 when it does not exist.
  absl::StatusOr<std::shared_ptr<const FoldedCase>> LoadCase(const std::string& case_id);
  // The provider folded to its last event; revision 0 when it is not registered.
  absl::StatusOr<std::shared_ptr<const Folded<v1::ProviderState>>> LoadProvider(
      const std::string& provider_id);
  // The organisation's policy in force (the built-in default until it sets one).
  absl::StatusOr<std::shared_ptr<const Folded<v1::PolicyVersion>>> LoadPolicy(
      const std::string& org_id);

 private:
  struct Attempt;
  // The provider events of a linked decision, to append beside the case's.
  struct ProviderPart {
    std::string provider_id;
    uint64_t revision = 0;
    std::string org_id;
    domain::ProviderEvents events;
  };
  void Try(std::shared_ptr<Attempt> attempt);
  // Decides the command against the case (and its provider, for a linked command).
  absl::StatusOr<domain::Events> DecideCommand(const CaseCommand& command,
                                               const v1::CaseState& state,
                                               const domain::CommandContext& context,
                                               std::optional<ProviderPart>& provider);
  // Completes an attempt with its append's result: folds the decided events into the kept
  // case, or tries again after a lost race.
  void Finish(std::shared_ptr<Attempt> attempt, uint64_t before,
              std::shared_ptr<domain::Events> decided, uint64_t erasures,
              absl::StatusOr<eventstore::AppendResult> appended);
  // Answers a command whose id was used before with the first result, once the store has
  // committed it everywhere and if the caller may know it.
  void AnswerRepeat(std::shared_ptr<Attempt> attempt, eventstore::AppendResult first);
  void AnswerCommittedRepeat(std::shared_ptr<Attempt> attempt,
                             const eventstore::AppendResult& first);
  // Answers an attempt whose append completed, telling the observer its stages.
  void Answer(Attempt& attempt, absl::StatusOr<v1::CommandResult> result);

  // Seals the personal fields of `events` for the case's data subject.
  absl::Status SealPersonal(const std::string& case_id, const v1::CaseState& state,
                            domain::Events& events);

  eventstore::EventStore& store_;
  privacy::SubjectKeys& keys_;
  const AccessControl& access_;
  const Clock& clock_;
  CommandStageObserver* const stages_;
  StreamCache<domain::CaseFile> cases_;
  StreamCache<v1::PolicyVersion> policies_;
  StreamCache<v1::ProviderState> providers_;
  // Where a command continues that must leave the store's writer thread.
  WorkQueue retries_;
};

}  // namespace caseledger::app
