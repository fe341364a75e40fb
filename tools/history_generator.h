#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/time/time.h"
#include "caseledger/v1/case_commands.pb.h"
#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/case_state.pb.h"
#include "caseledger/v1/policy_commands.pb.h"

namespace caseledger::tools {

// Every command the generator may issue.
using CaseRequest =
    std::variant<v1::OpenCaseRequest, v1::AssignCaseRequest, v1::ChangeStatusRequest,
                 v1::RecordNoteRequest, v1::SetDeadlineRequest, v1::CompleteDeadlineRequest,
                 v1::RecordDeadlineActionRequest, v1::AssessPriorityRequest,
                 v1::ReprioritiseRequest, v1::FlagUntowardIncidentRequest,
                 v1::ResolveIncidentRequest, v1::RecordReferralRequest, v1::RecordFileReviewRequest,
                 v1::SetOutcomeRequest, v1::RecordOutcomeProgressRequest,
                 v1::CompleteReviewActionRequest, v1::AcknowledgeEscalationRequest>;

struct GeneratedCommand {
  std::string actor;
  std::string role;
  // The actor's team, for a supervisor.
  std::string team;
  CaseRequest request;
};

// The header of any generated request.
const v1::CommandHeader& HeaderOf(const CaseRequest& request);

struct HistoryOptions {
  uint64_t seed = 1;
  int cases = 200;
  int workers = 10;
  int teams = 2;
  // The first command happens at `start`; each later one `step` after the one before.
  absl::Time start = absl::UnixEpoch();
  absl::Duration step = absl::Minutes(10);
  // Prefix of the generated case and command ids, so several histories can share a log.
  std::string prefix = "g";
};

// Makes a plausible, repeatable advice casework history (inspection cases need registered
// providers: Inspectorate makes those): cases opened, allocated, assessed against the default
// policy, noted, diarised, hit by incidents, referred, reviewed against the checklist with
// actions required and done, escalations to the team's supervisor taken up, made dormant,
// closed and archived. Each command is valid against the cases as the
// generator folds them with the domain itself, so a sink that accepts every command ends
// with the same cases. Not thread-safe.
class HistoryGenerator {
 public:
  explicit HistoryGenerator(HistoryOptions options);

  GeneratedCommand Next();
  // The events the last command produced, as the domain decided them.
  const std::vector<v1::CaseEvent>& last_events() const { return last_events_; }

  static std::string WorkerId(int n);
  std::string TeamOf(const std::string& worker_id) const;

 private:
  std::string CaseId(int n) const;
  v1::CommandHeader Header(const std::string& case_id);
  bool Chance(double p) { return absl::Bernoulli(random_, p); }
  int Pick(int n) { return absl::Uniform(random_, 0, n); }
  CaseRequest ForLiveCase(const v1::CaseState& state, v1::CommandHeader header);
  v1::RecordFileReviewRequest Review(const v1::CaseState& state, v1::CommandHeader header);
  // Supervision's follow-through on the case, if it has any open: nullopt when none.
  std::optional<CaseRequest> FollowThrough(const v1::CaseState& state,
                                           const v1::CommandHeader& header);
  CaseRequest ForClosedOrDormant(const v1::CaseState& state, v1::CommandHeader header);
  void Apply(const GeneratedCommand& command);

  const HistoryOptions options_;
  std::mt19937_64 random_;
  absl::Time now_;
  uint64_t issued_ = 0;
  int opened_ = 0;
  // Cases to open; grows when every opened case has been archived.
  int case_limit_;
  absl::flat_hash_map<std::string, v1::CaseState> cases_;
  v1::PolicyVersion policy_;
  std::vector<v1::CaseEvent> last_events_;
};

}  // namespace caseledger::tools
