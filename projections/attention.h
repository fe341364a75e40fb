#pragma once

// The time-dependent judgements on a case: computed when asked, against "now" and the
// policy in force, never stored.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "caseledger/v1/caseload.pb.h"
#include "caseledger/v1/policy.pb.h"
#include "caseledger/v1/views.pb.h"

namespace caseledger::projections {

// When the policy's response time next requires contact with a live case: the first
// contact after its priority was set (or it was opened), then at the contact interval of
// its RAG level (GREEN's when unassessed). nullopt for cases not live.
std::optional<absl::Time> ContactDueBy(const v1::CaseSummary& summary, const v1::Policy& policy);

// The follow-up inspection an action plan's deadline (ACTION_PLAN_DUE) schedules once it
// has passed open at `now`: due the policy's follow_up_inspection_days after it. nullopt for
// any other deadline, or one not passed.
std::optional<v1::OpenDeadline> FollowUpOf(const v1::OpenDeadline& deadline,
                                           const v1::Policy& policy, absl::Time now);

// An open deadline due before `now`.
bool IsOverdue(const v1::CaseSummary& summary, absl::Time now);

// One reason a case needs attention, since `since`.
v1::AttentionReason AttentionReasonOf(v1::AttentionKind kind, std::string detail, absl::Time since);

// What supervision follows that must not slip, as of `now`: review actions open or past due,
// escalations not acknowledged within the policy's time, outcomes at risk or past their
// target date, obstacles unresolved past the policy's interval, incidents with no response
// within their kind's response time. Added to `reasons`.
void AddFollowUpReasons(const v1::CaseSummary& summary, const v1::Policy& policy, absl::Time now,
                        std::vector<v1::AttentionReason>& reasons);

// What the standards say must not slip, as of `now`: a red case with no worker, or with no
// contact within its first response time; missed deadlines; open serious incidents; a
// live case with no contact within its contact interval; a dormant case past review; a
// priority awaiting reassessment; a follow-up inspection an action plan passed unverified
// schedules. Empty when nothing needs attention.
std::vector<v1::AttentionReason> AttentionReasons(const v1::CaseSummary& summary,
                                                  const v1::Policy& policy, absl::Time now);

// Since when a case has needed attention, or from when it will, under `policy` and absent new
// events: the earliest moment one of its reasons began or will begin. `always` when one of them
// holds whatever the time; the others hold once their time has passed. So a case needs
// attention at `now` exactly when `always` or `since` < now, and `since` is where it stands in
// the attention list: an open review action counts from when it was set, past due or not.
struct AttentionStanding {
  absl::Time since = absl::InfiniteFuture();
  bool always = false;

  void Add(absl::Time at, bool whatever_the_time) {
    since = std::min(since, at);
    always = always || whatever_the_time;
  }
  bool NeedsAttentionAt(absl::Time now) const { return always || since < now; }
};

// nullopt for a case no reason can reach (one neither live nor dormant, or with nothing due).
std::optional<AttentionStanding> StandingOf(const v1::CaseSummary& summary,
                                            const v1::Policy& policy);

// The supervision follow-up's part of StandingOf (AddFollowUpReasons' reasons).
void AddFollowUpStanding(const v1::CaseSummary& summary, const v1::Policy& policy,
                         AttentionStanding& standing);

}  // namespace caseledger::projections
