// The fold of a worker's record: the one definition of what the record is at any revision.

#include "domain/evolve_support.h"
#include "domain/worker.h"

namespace caseledger::domain {
namespace {

using internal::FindMutable;
using internal::StampOf;

void ApplyLevel(v1::WorkerState& s, v1::WorkerEvent& e) {
  v1::MonitoringLevelSet& set = *e.mutable_monitoring_level_set();
  *s.mutable_monitoring_level() = set.level();
  v1::MonitoringChange* change = s.add_monitoring_history();
  change->mutable_level()->Swap(set.mutable_level());
  change->set_reason(set.reason());
  *change->mutable_set() = StampOf(e);
}

void ApplyClosing(v1::WorkerState& s, v1::WorkerEvent& e) {
  if (e.has_training_need_met()) {
    const v1::TrainingNeedMet& met = e.training_need_met();
    if (auto* need = FindMutable(
            s.mutable_training_needs(), [](const auto& x) { return x.need_id(); }, met.need_id())) {
      *need->mutable_met() = StampOf(e);
      need->set_how(met.how());
    }
    return;
  }
  const v1::CorrectiveActionClosed& closed = e.corrective_action_closed();
  if (auto* action = FindMutable(
          s.mutable_corrective_actions(), [](const auto& x) { return x.action_id(); },
          closed.action_id())) {
    *action->mutable_closed() = StampOf(e);
    action->set_outcome(closed.outcome());
  }
}

}  // namespace

void Evolve(v1::WorkerState& s, const v1::WorkerEvent& event) {
  v1::WorkerEvent copy = event;
  Evolve(s, std::move(copy));
}

void Evolve(v1::WorkerState& s, v1::WorkerEvent&& e) {
  s.set_revision(s.revision() + 1);
  if (s.org_id().empty()) s.set_org_id(e.org_id());
  if (!e.team_id().empty()) s.set_team_id(e.team_id());
  switch (e.event_case()) {
    case v1::WorkerEvent::kMonitoringLevelSet:
      ApplyLevel(s, e);
      break;
    case v1::WorkerEvent::kSupervisionSessionRecorded: {
      v1::SupervisionSessionEntry* entry = s.add_sessions();
      entry->set_session_id(e.supervision_session_recorded().session_id());
      entry->mutable_session()->Swap(e.mutable_supervision_session_recorded()->mutable_session());
      *entry->mutable_recorded() = StampOf(e);
      break;
    }
    case v1::WorkerEvent::kTrainingNeedRecorded: {
      v1::TrainingNeedEntry* entry = s.add_training_needs();
      entry->set_need_id(e.training_need_recorded().need_id());
      entry->mutable_need()->Swap(e.mutable_training_need_recorded()->mutable_need());
      *entry->mutable_recorded() = StampOf(e);
      break;
    }
    case v1::WorkerEvent::kCorrectiveActionRecorded: {
      v1::CorrectiveActionEntry* entry = s.add_corrective_actions();
      entry->set_action_id(e.corrective_action_recorded().action_id());
      entry->mutable_action()->Swap(e.mutable_corrective_action_recorded()->mutable_action());
      *entry->mutable_recorded() = StampOf(e);
      break;
    }
    case v1::WorkerEvent::kTrainingNeedMet:
    case v1::WorkerEvent::kCorrectiveActionClosed:
      ApplyClosing(s, e);
      break;
    case v1::WorkerEvent::kCaseloadReviewRecorded: {
      v1::CaseloadReviewEntry* entry = s.add_caseload_reviews();
      entry->set_review_id(e.caseload_review_recorded().review_id());
      entry->mutable_review()->Swap(e.mutable_caseload_review_recorded()->mutable_review());
      *entry->mutable_recorded() = StampOf(e);
      break;
    }
    default:
      break;
  }
}

std::string EventType(const v1::WorkerEvent& event) { return internal::EventTypeOf(event); }

}  // namespace caseledger::domain
