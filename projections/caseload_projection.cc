#include "projections/caseload_projection.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "caseledger/v1/caseload.pb.h"
#include "domain/case.h"
#include "eventstore/keys.h"
#include "projections/actor_event.h"
#include "projections/summary.h"
#include "projections/view_keys.h"

namespace caseledger::projections {
namespace {

constexpr absl::string_view kCaseStreamPrefix = "case-";

absl::StatusOr<v1::CaseEvent> ParseCaseEvent(const v1::EventRecord& record) {
  v1::CaseEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(
        absl::StrCat("the event at position ", record.position(), " is not a case event"));
  }
  return event;
}

}  // namespace

absl::StatusOr<CaseloadProjection::Cached*> CaseloadProjection::Load(const v1::EventRecord& record,
                                                                     const ViewBatch& view) {
  const std::string case_id = record.stream_id().substr(kCaseStreamPrefix.size());
  if (auto it = cases_.find(case_id); it != cases_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second.recent);
    return &it->second;
  }
  Cached cached;
  // Fold what came before this event, then take what the view holds for the case.
  if (record.stream_revision() > 1) {
    auto earlier = store_.ReadStream(record.stream_id(), 1, eventstore::Direction::kForward,
                                     record.stream_revision() - 1);
    if (!earlier.ok()) return earlier.status();
    for (const v1::EventRecord& r : *earlier) {
      auto event = ParseCaseEvent(r);
      if (!event.ok()) return event.status();
      domain::Evolve(cached.state, *event);
    }
    auto stored = view.GetCommitted(view_keys::Case(case_id));
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) {
      cached.written.emplace();
      if (!cached.written->ParseFromString(**stored)) {
        return absl::DataLossError(absl::StrCat("the summary of case ", case_id, " is corrupt"));
      }
    }
  }
  recent_.push_front(case_id);
  cached.recent = recent_.begin();
  return &cases_.emplace(case_id, std::move(cached)).first->second;
}

absl::Status CaseloadProjection::Apply(const v1::EventRecord& record, ViewBatch& view) {
  if (!applied_.has_value()) {
    auto stored = view.GetCommitted(kAppliedKey);
    if (!stored.ok()) return stored.status();
    applied_ = stored->has_value() ? eventstore::keys::DecodePosition(**stored) : 0;
  }
  ++*applied_;
  view.Put(view_keys::ActorEvent(record.metadata().actor(), record.position()),
           ToActorEvent(record).SerializeAsString());
  if (!absl::StartsWith(record.stream_id(), kCaseStreamPrefix)) return absl::OkStatus();
  auto event = ParseCaseEvent(record);
  if (!event.ok()) return event.status();
  auto cached = Load(record, view);
  if (!cached.ok()) return cached.status();
  domain::Evolve((*cached)->state, *event);
  if (!(*cached)->dirty) {
    (*cached)->dirty = true;
    dirty_.push_back(record.stream_id().substr(kCaseStreamPrefix.size()));
  }
  return absl::OkStatus();
}

void CaseloadProjection::WriteSummary(const Cached& cached, const v1::CaseSummary& summary,
                                      ViewBatch& view) {
  const std::string& id = summary.case_id();
  if (cached.written.has_value()) {
    const v1::CaseSummary& old = *cached.written;
    if (!old.worker_id().empty()) view.Delete(view_keys::WorkerCase(old.worker_id(), id));
    if (!old.team_id().empty()) view.Delete(view_keys::TeamCase(old.team_id(), id));
    for (const v1::OpenDeadline& d : old.open_deadlines()) {
      view.Delete(view_keys::Diary(d.due_at(), id, d.deadline_id()));
    }
  }
  const std::string bytes = summary.SerializeAsString();
  view.Put(view_keys::Case(id), bytes);
  if (!IsOpen(summary.status())) return;
  if (!summary.worker_id().empty()) view.Put(view_keys::WorkerCase(summary.worker_id(), id), bytes);
  if (!summary.team_id().empty()) view.Put(view_keys::TeamCase(summary.team_id(), id), bytes);
  for (const v1::OpenDeadline& d : summary.open_deadlines()) {
    v1::DiaryEntry entry;
    entry.set_case_id(id);
    *entry.mutable_deadline() = d;
    entry.set_worker_id(summary.worker_id());
    entry.set_team_id(summary.team_id());
    view.Put(view_keys::Diary(d.due_at(), id, d.deadline_id()), entry.SerializeAsString());
  }
}

absl::Status CaseloadProjection::Flush(ViewBatch& view) {
  if (applied_.has_value()) view.Put(kAppliedKey, eventstore::keys::Position(*applied_));
  for (const std::string& id : dirty_) {
    Cached& cached = cases_.at(id);
    v1::CaseSummary summary = Summarize(cached.state);
    WriteSummary(cached, summary, view);
    cached.written = std::move(summary);
    cached.dirty = false;
  }
  dirty_.clear();
  while (cases_.size() > capacity_) {
    cases_.erase(recent_.back());
    recent_.pop_back();
  }
  return absl::OkStatus();
}

void CaseloadProjection::Discard() {
  applied_.reset();
  cases_.clear();
  recent_.clear();
  dirty_.clear();
}

}  // namespace caseledger::projections
