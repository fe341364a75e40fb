#include "projections/review_schedule.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "base/proto_time.h"
#include "domain/supervision_policy.h"
#include "projections/attention.h"
#include "projections/pages.h"
#include "projections/view_keys.h"

namespace caseledger::projections {
namespace {

// A periodic review shows this long before it falls due.
constexpr absl::Duration kLookAhead = absl::Hours(24 * 7);

struct Months {
  absl::Time last, current, next;
};

Months MonthsOf(absl::Time now) {
  const absl::CivilMonth month = absl::ToCivilMonth(now, absl::UTCTimeZone());
  return {absl::FromCivil(month - 1, absl::UTCTimeZone()),
          absl::FromCivil(month, absl::UTCTimeZone()),
          absl::FromCivil(month + 1, absl::UTCTimeZone())};
}

std::string MonthName(absl::Time t) { return absl::FormatTime("%Y-%m", t, absl::UTCTimeZone()); }

std::string Day(absl::Time t) { return absl::FormatTime("%Y-%m-%d", t, absl::UTCTimeZone()); }

// When the worker took the file, or it was opened.
absl::Time HeldSince(const v1::CaseSummary& s) {
  return FromProto(s.has_assigned_at() ? s.assigned_at() : s.opened_at());
}

void AddDue(const v1::CaseSummary& s, absl::Time due_at, absl::Time now, std::string why,
            v1::WorkerReviewSchedule& schedule) {
  v1::FileDueForReview* file = schedule.add_files();
  *file->mutable_summary() = s;
  *file->mutable_due_at() = ToProto(due_at);
  file->set_overdue(due_at < now);
  file->set_why(std::move(why));
}

// Reviews of the worker's files last month and this month.
absl::Status CountReviews(const View& view, absl::string_view org_id, const std::string& worker_id,
                          const Months& months, uint32_t& last, uint32_t& current) {
  std::string until = view_keys::WorkerReviewPrefix(org_id, worker_id);
  until.back() = '\1';  // just past the prefix, whose last byte is the zero separator
  absl::Status parse_error;
  absl::Status scanned = view.Scan(
      view_keys::WorkerReviewFrom(org_id, worker_id, ToProto(months.last)), until,
      [&](absl::string_view, absl::string_view value) {
        v1::WorkerReview review;
        if (!review.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse_error = absl::DataLossError("a worker review in the caseload view is corrupt");
          return false;
        }
        const absl::Time at = FromProto(review.reviewed_at());
        if (at >= months.next) return false;
        ++(at < months.current ? last : current);
        return true;
      });
  return scanned.ok() ? parse_error : scanned;
}

uint32_t SampleSize(const v1::MonitoringLevel& level, uint32_t open) {
  if (level.kind() == v1::SAMPLE_FILES_PER_MONTH) return std::min(level.files_per_month(), open);
  return static_cast<uint32_t>((uint64_t{level.percent()} * open + 99) / 100);
}

void ScheduleSample(const std::vector<v1::CaseSummary>& files, uint32_t reviewed_last_month,
                    const Months& months, absl::Time now, v1::WorkerReviewSchedule& schedule) {
  const uint32_t required = SampleSize(schedule.level(), schedule.open_files());
  const uint32_t done = schedule.reviewed_this_month();
  schedule.set_required_this_month(required);
  // Last month's sample, of the files the worker held then.
  uint32_t held_last_month = 0;
  for (const v1::CaseSummary& s : files) held_last_month += HeldSince(s) < months.current ? 1 : 0;
  const uint32_t required_last = SampleSize(schedule.level(), held_last_month);
  const uint32_t carried =
      required_last > reviewed_last_month ? required_last - reviewed_last_month : 0;
  const uint32_t overdue = carried > done ? carried - done : 0;
  const uint32_t outstanding = required + carried > done ? required + carried - done : 0;
  // Files not yet reviewed this month, never reviewed first, then the longest unreviewed.
  std::vector<const v1::CaseSummary*> candidates;
  for (const v1::CaseSummary& s : files) {
    if (!s.has_last_reviewed_at() || FromProto(s.last_reviewed_at()) < months.current) {
      candidates.push_back(&s);
    }
  }
  auto key = [](const v1::CaseSummary* s) {
    const absl::Time since =
        s->has_last_reviewed_at() ? FromProto(s->last_reviewed_at()) : HeldSince(*s);
    return std::make_tuple(s->has_last_reviewed_at(), since, s->case_id());
  };
  std::sort(candidates.begin(), candidates.end(),
            [&](const v1::CaseSummary* a, const v1::CaseSummary* b) { return key(a) < key(b); });
  for (uint32_t i = 0; i < outstanding && i < candidates.size(); ++i) {
    if (i < overdue) {
      AddDue(*candidates[i], months.current, now,
             absl::StrCat("sample for ", MonthName(months.last), " short by ", carried), schedule);
    } else {
      AddDue(*candidates[i], months.next, now,
             absl::StrCat("sample for ", MonthName(months.current), " (", done, " of ", required,
                          " reviewed)"),
             schedule);
    }
  }
}

absl::StatusOr<v1::WorkerReviewSchedule> Schedule(const View& view, absl::string_view org_id,
                                                  const std::string& worker_id,
                                                  const std::vector<v1::CaseSummary>& files,
                                                  const LevelOf& level_of, const v1::Policy& policy,
                                                  absl::Time now) {
  absl::StatusOr<LevelInForce> level = level_of(worker_id);
  if (!level.ok()) return level.status();
  const Months months = MonthsOf(now);
  v1::WorkerReviewSchedule schedule;
  schedule.set_worker_id(worker_id);
  *schedule.mutable_level() = level->level;
  schedule.set_default_level(level->is_default);
  schedule.set_open_files(static_cast<uint32_t>(files.size()));
  uint32_t last = 0, current = 0;
  if (absl::Status s = CountReviews(view, org_id, worker_id, months, last, current); !s.ok()) {
    return s;
  }
  schedule.set_reviewed_this_month(current);
  switch (level->level.kind()) {
    case v1::EVERY_FILE_BEFORE_ADVICE: {
      const uint32_t days = domain::FileReviewDays(policy);
      for (const v1::CaseSummary& s : files) {
        if (!s.has_unreviewed_work_since()) continue;
        const absl::Time since = FromProto(s.unreviewed_work_since());
        AddDue(s, domain::WorkingDaysAfter(policy, since, days), now,
               absl::StrCat("work recorded since ", Day(since), " not yet reviewed"), schedule);
      }
      break;
    }
    case v1::PERIODIC: {
      const absl::Duration period = absl::Hours(24) * level->level.period_days();
      for (const v1::CaseSummary& s : files) {
        const bool reviewed = s.has_last_reviewed_at();
        const absl::Time base =
            reviewed ? std::max(FromProto(s.last_reviewed_at()), HeldSince(s)) : HeldSince(s);
        const absl::Time due = base + period;
        if (due >= now + kLookAhead) continue;
        AddDue(s, due, now,
               reviewed
                   ? absl::StrCat("last reviewed ", Day(FromProto(s.last_reviewed_at())))
                   : absl::StrCat("not reviewed since its worker took it on ", Day(HeldSince(s))),
               schedule);
      }
      break;
    }
    case v1::SAMPLE_PERCENT:
    case v1::SAMPLE_FILES_PER_MONTH:
      ScheduleSample(files, last, months, now, schedule);
      break;
    default:
      break;
  }
  std::sort(schedule.mutable_files()->begin(), schedule.mutable_files()->end(),
            [](const v1::FileDueForReview& a, const v1::FileDueForReview& b) {
              return std::make_tuple(a.due_at().seconds(), a.summary().case_id()) <
                     std::make_tuple(b.due_at().seconds(), b.summary().case_id());
            });
  return schedule;
}

}  // namespace

absl::StatusOr<v1::ListFilesDueForReviewResponse> ListFilesDueForReview(
    const View& view, absl::string_view org_id, const std::string& worker_id,
    const std::string& team_id, const LevelOf& level_of, const v1::Policy& policy, absl::Time now) {
  std::map<std::string, std::vector<v1::CaseSummary>> files;
  if (!worker_id.empty()) files[worker_id];
  absl::Status scanned =
      ScanSummaries(view, org_id, worker_id, team_id, false, [&](v1::CaseSummary& s) {
        if (s.worker_id().empty()) return;
        files[s.worker_id()].push_back(std::move(s));
      });
  if (!scanned.ok()) return scanned;
  v1::ListFilesDueForReviewResponse response;
  for (const auto& [worker, theirs] : files) {
    absl::StatusOr<v1::WorkerReviewSchedule> schedule =
        Schedule(view, org_id, worker, theirs, level_of, policy, now);
    if (!schedule.ok()) return schedule.status();
    *response.add_workers() = *std::move(schedule);
  }
  return response;
}

absl::Status KeepFilesDuePage(const v1::ListFilesDueForReviewRequest& request,
                              v1::ListFilesDueForReviewResponse& due) {
  auto key = [](const v1::WorkerReviewSchedule& worker) -> PageKey {
    return {{}, {worker.worker_id()}};
  };
  return KeepPage(request, due, *due.mutable_workers(), key, 0, 1);
}

CaseReasons OverdueReviews(const v1::ListFilesDueForReviewResponse& due) {
  CaseReasons reasons;
  for (const v1::WorkerReviewSchedule& worker : due.workers()) {
    for (const v1::FileDueForReview& file : worker.files()) {
      if (!file.overdue()) continue;
      reasons[file.summary().case_id()].push_back(AttentionReasonOf(
          v1::FILE_REVIEW_OVERDUE, absl::StrCat("file review overdue: ", file.why()),
          FromProto(file.due_at())));
    }
  }
  return reasons;
}

}  // namespace caseledger::projections
