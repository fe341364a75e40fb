#include "projections/team_report_projection.h"

#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "base/proto_time.h"
#include "caseledger/v1/policy.pb.h"
#include "caseledger/v1/views.pb.h"
#include "caseledger/v1/worker_record.pb.h"
#include "domain/policy.h"
#include "domain/supervision_policy.h"
#include "projections/attention.h"
#include "projections/summary.h"
#include "projections/team_report_keys.h"

namespace caseledger::projections {
namespace {

using report_keys::kSeparator;

constexpr absl::string_view kCaseStreamPrefix = "case-";
constexpr absl::string_view kPolicyStreamPrefix = "policy-";
constexpr absl::string_view kWorkerStreamPrefix = "worker-";

std::string MonthOf(int64_t seconds) {
  return absl::FormatTime("%Y-%m", absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
}

int64_t NextMonth(int64_t seconds) {
  const absl::CivilMonth month =
      absl::ToCivilMonth(absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
  return absl::ToUnixSeconds(absl::FromCivil(month + 1, absl::UTCTimeZone()));
}

bool IsContact(v1::ContactType type) {
  return type != v1::NO_CONTACT && type != v1::CONTACT_TYPE_UNSPECIFIED;
}

// The summary's fields the contact response time is judged on.
int64_t ContactDue(const v1::ReportCase& c, const v1::Policy& policy) {
  v1::CaseSummary summary;
  summary.set_status(c.status());
  summary.set_rag(c.rag());
  if (c.has_priority_decided_at()) *summary.mutable_priority_decided_at() = c.priority_decided_at();
  *summary.mutable_opened_at() = c.opened_at();
  if (c.has_last_contact_at()) *summary.mutable_last_contact_at() = c.last_contact_at();
  std::optional<absl::Time> due = ContactDueBy(summary, policy);
  return due.has_value() ? absl::ToUnixSeconds(*due) : 0;
}

bool Later(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return std::make_pair(a.seconds(), a.nanos()) > std::make_pair(b.seconds(), b.nanos());
}

std::string HeldMetric(const v1::ReportCase& c) {
  return absl::StrCat(report_keys::kHeld, kSeparator, c.worker_id(), kSeparator, c.kind(),
                      kSeparator, c.complexity());
}

// What a case holds open for its team, where the view keeps it: its holdings, its entries by
// time (keys and values), and the kDue count of each response time it has running.
struct OpenParts {
  std::string holdings;  // empty when it is not held
  std::map<std::string, std::string> entries;
  std::vector<std::string> due_counts;
};

OpenParts OpenPartsOf(const std::string& case_id, const v1::ReportCase& c) {
  OpenParts open;
  // A case without a team is in no team's report.
  if (c.team_id().empty()) return open;
  if (c.held_since() != 0) {
    open.holdings = report_keys::Holdings(c.org_id(), c.team_id(), MonthOf(c.held_since()),
                                          c.worker_id(), c.kind(), c.complexity());
    open.entries[report_keys::HeldSince(c.org_id(), c.team_id(), c.held_since(), case_id)] =
        HeldMetric(c);
  }
  auto running = [&](int64_t due, absl::string_view incident_id, std::string breach) {
    open.due_counts.push_back(
        report_keys::Count(c.org_id(), c.team_id(), MonthOf(due),
                           absl::StrCat(report_keys::kDue, kSeparator, breach)));
    open.entries[report_keys::Due(c.org_id(), c.team_id(), due, case_id, incident_id)] =
        std::move(breach);
  };
  if (c.contact_due() != 0 && !c.contact_breach_counted()) {
    running(c.contact_due(), "", std::string(report_keys::kContactBreach));
  }
  for (const v1::ReportIncident& incident : c.awaiting_response()) {
    running(incident.due(), incident.incident_id(),
            absl::StrCat(report_keys::kIncidentBreach, kSeparator, incident.kind()));
  }
  return open;
}

template <typename Message>
absl::StatusOr<bool> Read(const ViewBatch& view, const std::string& key, Message& message) {
  auto stored = view.GetCommitted(key);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return false;
  if (!message.ParseFromString(**stored)) {
    return absl::DataLossError(absl::StrCat("the team report view's entry ", key, " is corrupt"));
  }
  return true;
}

}  // namespace

void TeamReportProjection::Add(const v1::ReportCase& c, int64_t at, std::string metric,
                               int64_t delta) {
  counts_[report_keys::Count(c.org_id(), c.team_id(), MonthOf(at), metric)] += delta;
}

void TeamReportProjection::AddHeld(const v1::ReportCase& c, int64_t from, int64_t to) {
  if (c.worker_id().empty()) return;
  const std::string metric = HeldMetric(c);
  while (from < to) {
    const int64_t end = std::min(to, NextMonth(from));
    Add(c, from, metric, end - from);
    from = end;
  }
}

void TeamReportProjection::Respond(v1::ReportCase& c, const std::string& incident_id, int64_t at) {
  auto* awaiting = c.mutable_awaiting_response();
  for (auto it = awaiting->begin(); it != awaiting->end(); ++it) {
    if (it->incident_id() != incident_id) continue;
    if (at > it->due()) {
      Add(c, it->due(), absl::StrCat(report_keys::kIncidentBreach, kSeparator, it->kind()));
    }
    awaiting->erase(it);
    return;
  }
}

absl::StatusOr<v1::ReportCase*> TeamReportProjection::CaseOf(const std::string& case_id,
                                                             const ViewBatch& view) {
  if (auto it = cases_.find(case_id); it != cases_.end()) return &it->second.after;
  CaseChange change;
  absl::StatusOr<bool> found = Read(view, report_keys::Case(case_id), change.before);
  if (!found.ok()) return found.status();
  change.after = change.before;
  change.after.set_case_id(case_id);
  return &cases_.emplace(case_id, std::move(change)).first->second.after;
}

absl::StatusOr<const v1::Policy*> TeamReportProjection::PolicyOf(const std::string& org_id,
                                                                 const ViewBatch& view) {
  if (auto it = policies_.find(org_id); it != policies_.end()) return &it->second;
  v1::Policy policy;
  absl::StatusOr<bool> found = Read(view, report_keys::Policy(org_id), policy);
  if (!found.ok()) return found.status();
  if (!*found) policy = domain::DefaultPolicy();
  return &policies_.emplace(org_id, std::move(policy)).first->second;
}

absl::Status TeamReportProjection::Apply(const v1::EventRecord& record, ViewBatch& view) {
  if (absl::StartsWith(record.stream_id(), kCaseStreamPrefix)) return ApplyCase(record, view);
  if (absl::StartsWith(record.stream_id(), kPolicyStreamPrefix)) return ApplyPolicy(record);
  if (absl::StartsWith(record.stream_id(), kWorkerStreamPrefix)) return ApplyWorker(record, view);
  return absl::OkStatus();
}

absl::Status TeamReportProjection::ApplyPolicy(const v1::EventRecord& record) {
  v1::PolicyEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(
        absl::StrCat("the policy event at ", record.position(), " is corrupt"));
  }
  if (!event.has_policy_set()) return absl::OkStatus();
  const std::string org_id(
      absl::string_view(record.stream_id()).substr(kPolicyStreamPrefix.size()));
  policies_[org_id] = event.policy_set().policy();
  changed_policies_.insert(org_id);
  return absl::OkStatus();
}

absl::Status TeamReportProjection::ApplyWorker(const v1::EventRecord& record,
                                               const ViewBatch& view) {
  v1::WorkerEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(
        absl::StrCat("the worker event at ", record.position(), " is corrupt"));
  }
  if (!event.has_monitoring_level_set()) return absl::OkStatus();
  const std::string key = report_keys::Levels(
      event.org_id(), absl::string_view(record.stream_id()).substr(kWorkerStreamPrefix.size()));
  auto it = levels_.find(key);
  if (it == levels_.end()) {
    v1::LevelHistory history;
    absl::StatusOr<bool> found = Read(view, key, history);
    if (!found.ok()) return found.status();
    it = levels_.emplace(key, std::move(history)).first;
  }
  v1::LevelSince since;
  since.set_since(event.occurred_at().seconds());
  *since.mutable_level() = event.monitoring_level_set().level();
  // Kept in time order: a level written up late goes where it happened.
  auto* levels = it->second.mutable_levels();
  const auto index =
      std::upper_bound(levels->begin(), levels->end(), since.since(),
                       [](int64_t t, const v1::LevelSince& l) { return t < l.since(); }) -
      levels->begin();
  levels->Add(std::move(since));
  std::rotate(levels->begin() + index, levels->end() - 1, levels->end());
  return absl::OkStatus();
}

absl::Status TeamReportProjection::ApplyCase(const v1::EventRecord& record, const ViewBatch& view) {
  v1::CaseEvent e;
  if (!e.ParseFromString(record.payload())) {
    return absl::DataLossError(
        absl::StrCat("the case event at ", record.position(), " is corrupt"));
  }
  absl::StatusOr<v1::ReportCase*> found =
      CaseOf(record.stream_id().substr(kCaseStreamPrefix.size()), view);
  if (!found.ok()) return found.status();
  v1::ReportCase& c = **found;
  if (e.has_case_opened()) c.set_org_id(e.case_opened().org_id());
  absl::StatusOr<const v1::Policy*> policy = PolicyOf(c.org_id(), view);
  if (!policy.ok()) return policy.status();
  const int64_t t = std::max<int64_t>(e.occurred_at().seconds(), c.clock());
  c.set_clock(t);
  // What ran out before this event, and the time held up to it, count for the team of then.
  if (c.contact_due() != 0 && !c.contact_breach_counted() && c.contact_due() < t) {
    Add(c, c.contact_due(), std::string(report_keys::kContactBreach));
    c.set_contact_breach_counted(true);
  }
  if (c.held_since() != 0) AddHeld(c, c.held_since(), t);
  switch (e.event_case()) {
    case v1::CaseEvent::kCaseOpened: {
      const v1::CaseOpened& o = e.case_opened();
      c.set_team_id(o.team_id());
      c.set_kind(o.kind());
      c.set_complexity(o.complexity());
      c.set_category(o.category());
      c.set_status(v1::LIVE);
      *c.mutable_opened_at() = e.occurred_at();
      Add(c, t, absl::StrCat(report_keys::kOpened, kSeparator, o.category()));
      break;
    }
    case v1::CaseEvent::kCaseAssigned:
      c.set_worker_id(e.case_assigned().worker_id());
      c.set_team_id(e.case_assigned().team_id());
      break;
    case v1::CaseEvent::kStatusChanged:
      c.set_status(e.status_changed().to());
      if (c.status() == v1::CLOSED) {
        Add(c, t, absl::StrCat(report_keys::kClosed, kSeparator, c.category()));
      }
      break;
    case v1::CaseEvent::kNoteRecorded:
    case v1::CaseEvent::kNoteCorrected: {
      const v1::NoteContent& note =
          e.has_note_recorded() ? e.note_recorded().note() : e.note_corrected().note();
      if (e.has_note_recorded() && IsContact(note.contact_type()) &&
          (!c.has_last_contact_at() || Later(e.occurred_at(), c.last_contact_at()))) {
        *c.mutable_last_contact_at() = e.occurred_at();
      }
      if (!note.incident_id().empty()) Respond(c, note.incident_id(), t);
      if (!c.worker_id().empty()) {
        const std::string month = MonthOf(t);
        const std::string noted = absl::StrCat(c.team_id(), "/", c.worker_id());
        if (c.noted_month() != month) {
          c.set_noted_month(month);
          c.clear_noted();
        }
        if (std::find(c.noted().begin(), c.noted().end(), noted) == c.noted().end()) {
          c.add_noted(noted);
          Add(c, t, absl::StrCat(report_keys::kNoted, kSeparator, c.worker_id()));
        }
      }
      break;
    }
    case v1::CaseEvent::kPriorityAssessed:
    case v1::CaseEvent::kPriorityOverridden:
      c.set_rag(e.has_priority_assessed() ? e.priority_assessed().rag()
                                          : e.priority_overridden().rag());
      *c.mutable_priority_decided_at() = e.occurred_at();
      break;
    case v1::CaseEvent::kUntowardIncidentFlagged: {
      const v1::UntowardIncidentFlagged& f = e.untoward_incident_flagged();
      Add(c, t,
          absl::StrCat(report_keys::kIncident, kSeparator, f.incident().kind(), kSeparator,
                       f.incident().severity()));
      if (std::optional<uint32_t> days =
              domain::IncidentResponseDays(**policy, f.incident().kind())) {
        v1::ReportIncident* awaiting = c.add_awaiting_response();
        awaiting->set_incident_id(f.incident_id());
        awaiting->set_kind(f.incident().kind());
        awaiting->set_due(absl::ToUnixSeconds(
            domain::WorkingDaysAfter(**policy, FromProto(e.occurred_at()), *days)));
      }
      break;
    }
    case v1::CaseEvent::kIncidentResolved:
      Respond(c, e.incident_resolved().incident_id(), t);
      break;
    case v1::CaseEvent::kOutcomeSet:
      c.add_outcomes()->set_outcome_id(e.outcome_set().outcome_id());
      break;
    case v1::CaseEvent::kOutcomeProgressRecorded: {
      const v1::OutcomeProgressRecorded& p = e.outcome_progress_recorded();
      for (v1::ReportOutcome& outcome : *c.mutable_outcomes()) {
        if (outcome.outcome_id() != p.outcome_id()) continue;
        if (p.status() != outcome.status() &&
            (p.status() == v1::ACHIEVED || p.status() == v1::NOT_ACHIEVED)) {
          Add(c, t,
              std::string(p.status() == v1::ACHIEVED ? report_keys::kAchieved
                                                     : report_keys::kNotAchieved));
        }
        outcome.set_status(p.status());
      }
      break;
    }
    case v1::CaseEvent::kFileReviewRecorded:
      Add(c, t, std::string(report_keys::kReviews));
      for (const v1::ChecklistGrade& g : e.file_review_recorded().review().checklist()) {
        Add(c, t,
            absl::StrCat(report_keys::kGrade, kSeparator, g.criterion(), kSeparator, g.grade()));
      }
      break;
    default:
      break;
  }
  c.set_held_since(IsOpen(c.status()) && !c.worker_id().empty() ? t : 0);
  if (const int64_t due = ContactDue(c, **policy); due != c.contact_due()) {
    c.set_contact_due(due);
    c.set_contact_breach_counted(false);
  }
  return absl::OkStatus();
}

void TeamReportProjection::MoveOpen(const std::string& case_id, const v1::ReportCase& before,
                                    const v1::ReportCase& after, ViewBatch& view) {
  const OpenParts was = OpenPartsOf(case_id, before);
  const OpenParts is = OpenPartsOf(case_id, after);
  if (!was.holdings.empty()) {
    Holdings& h = holdings_[was.holdings];
    --h.count;
    h.sum -= before.held_since();
  }
  if (!is.holdings.empty()) {
    Holdings& h = holdings_[is.holdings];
    ++h.count;
    h.sum += after.held_since();
  }
  for (const std::string& key : was.due_counts) --counts_[key];
  for (const std::string& key : is.due_counts) ++counts_[key];
  for (const auto& [key, value] : was.entries) {
    if (is.entries.find(key) == is.entries.end()) view.Delete(key);
  }
  for (const auto& [key, value] : is.entries) {
    auto it = was.entries.find(key);
    if (it == was.entries.end() || it->second != value) view.Put(key, value);
  }
}

absl::Status TeamReportProjection::Flush(ViewBatch& view) {
  for (auto& [case_id, change] : cases_) {
    MoveOpen(case_id, change.before, change.after, view);
    view.Put(report_keys::Case(case_id), change.after.SerializeAsString());
  }
  for (const auto& [key, delta] : counts_) {
    if (delta == 0) continue;
    auto stored = view.GetCommitted(key);
    if (!stored.ok()) return stored.status();
    int64_t value = 0;
    if (stored->has_value() && !absl::SimpleAtoi(**stored, &value)) {
      return absl::DataLossError(absl::StrCat("the team report count ", key, " is corrupt"));
    }
    // A count back to zero (a response time met after all) is no entry: a report lists only
    // what there is.
    if (value + delta == 0) {
      view.Delete(key);
    } else {
      view.Put(key, absl::StrCat(value + delta));
    }
  }
  for (const auto& [key, delta] : holdings_) {
    if (delta.count == 0 && delta.sum == 0) continue;
    auto stored = view.GetCommitted(key);
    if (!stored.ok()) return stored.status();
    Holdings h;
    if (stored->has_value() && !report_keys::ParseHoldings(**stored, &h.count, &h.sum)) {
      return absl::DataLossError(absl::StrCat("the team report holdings ", key, " are corrupt"));
    }
    h.count += delta.count;
    h.sum += delta.sum;
    if (h.count < 0 || (h.count == 0 && h.sum != 0)) {
      return absl::DataLossError(absl::StrCat("the team report holdings ", key, " do not add up"));
    }
    if (h.count == 0) {
      view.Delete(key);
    } else {
      view.Put(key, report_keys::HoldingsValue(h.count, h.sum));
    }
  }
  for (const auto& [key, history] : levels_) view.Put(key, history.SerializeAsString());
  for (const std::string& org_id : changed_policies_) {
    view.Put(report_keys::Policy(org_id), policies_.at(org_id).SerializeAsString());
  }
  counts_.clear();
  holdings_.clear();
  cases_.clear();
  levels_.clear();
  changed_policies_.clear();
  return absl::OkStatus();
}

void TeamReportProjection::Discard() {
  counts_.clear();
  holdings_.clear();
  cases_.clear();
  levels_.clear();
  policies_.clear();
  changed_policies_.clear();
}

}  // namespace caseledger::projections
