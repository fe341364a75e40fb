#pragma once

#include <map>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/policy.pb.h"
#include "caseledger/v1/report_views.pb.h"
#include "projections/projection.h"

namespace caseledger::projections {

// The team report view: for each team and calendar month (UTC), cases opened and closed by
// category, incidents by kind and severity, outcomes achieved and not, file reviews and their
// grades, response times breached, the seconds each worker held each kind of case, and the
// files each worker recorded work on; what each team's cases still hold open (the cases its
// workers hold, by when the holding began; the response times still running, by when they run
// out; see report_keys); each worker's monitoring levels; each organisation's policy. A case's
// event counts for the team that held the case then, at the event's occurred_at, never before the
// case's previous event. Response times are judged with the policy in force at each event (the
// log's order).
class TeamReportProjection final : public Projection {
 public:
  static constexpr char kName[] = "team_report";
  static constexpr uint32_t kVersion = 2;

  std::string name() const override { return kName; }
  uint32_t version() const override { return kVersion; }
  absl::Status Apply(const v1::EventRecord& record, ViewBatch& view) override;
  absl::Status Flush(ViewBatch& view) override;
  void Discard() override;

 private:
  absl::Status ApplyCase(const v1::EventRecord& record, const ViewBatch& view);
  absl::Status ApplyPolicy(const v1::EventRecord& record);
  absl::Status ApplyWorker(const v1::EventRecord& record, const ViewBatch& view);
  // The case as the view (or this batch) has it; a new one for the case's opening.
  absl::StatusOr<v1::ReportCase*> CaseOf(const std::string& case_id, const ViewBatch& view);
  // The organisation's policy in force: the last one set, else the built-in default.
  absl::StatusOr<const v1::Policy*> PolicyOf(const std::string& org_id, const ViewBatch& view);
  void Add(const v1::ReportCase& c, int64_t at, std::string metric, int64_t delta = 1);
  // Counts the seconds [from, to) the case's worker held it, month by month.
  void AddHeld(const v1::ReportCase& c, int64_t from, int64_t to);
  // The incident got its first response at `at`: a breach when past its due time.
  void Respond(v1::ReportCase& c, const std::string& incident_id, int64_t at);

  // Moves what the case holds open from where `before` had it to where `after` has it.
  void MoveOpen(const std::string& case_id, const v1::ReportCase& before,
                const v1::ReportCase& after, ViewBatch& view);

  // A case as the view has it and as this batch leaves it.
  struct CaseChange {
    v1::ReportCase before, after;
  };
  // The number of cases held and the sum of their held_since.
  struct Holdings {
    int64_t count = 0, sum = 0;
  };

  // This batch's changes, written by Flush.
  std::map<std::string, int64_t> counts_;
  std::map<std::string, Holdings> holdings_;
  absl::flat_hash_map<std::string, CaseChange> cases_;
  absl::flat_hash_map<std::string, v1::LevelHistory> levels_;
  // Kept across batches: every change is also written at once.
  absl::flat_hash_map<std::string, v1::Policy> policies_;
  absl::flat_hash_set<std::string> changed_policies_;
};

}  // namespace caseledger::projections
