#include "app/retention.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "app/server_command_id.h"
#include "base/log.h"
#include "base/proto_time.h"
#include "base/thread_name.h"
#include "projections/caseload_projection.h"
#include "projections/view_keys.h"

namespace caseledger::app {
namespace {

// What the rule's archiving is authorized as: nothing, since no caller acts.
constexpr char kArchive[] = "Retention.Archive";

Actor RetentionActor() {
  Actor actor;
  actor.id = Retention::kActor;
  actor.role = Retention::kRole;
  return actor;
}

bool Due(absl::Time now, const google::protobuf::Timestamp& since, uint32_t days) {
  return days > 0 && now - FromProto(since) >= absl::Hours(24) * days;
}

}  // namespace

absl::Status Retention::Archive(const v1::CaseSummary& summary, const v1::Retention& rule) {
  CaseCommand command;
  command.header.set_case_id(summary.case_id());
  // Once per closing: a case reopened and closed again is archived on its new date.
  command.header.set_command_id(ServerCommandId(
      "retention-archive",
      absl::StrCat(summary.case_id(), "\n", summary.status_changed_at().seconds())));
  command.server_made = true;
  command.method = kArchive;
  command.by_policy = true;
  const std::string reason =
      absl::StrCat("Retention: closed more than ", rule.archive_closed_after_days(), " days");
  command.decide = [reason](const v1::CaseState& state, const domain::CommandContext& context) {
    v1::ChangeStatusRequest archive;
    archive.mutable_header()->set_case_id(state.case_id());
    archive.mutable_header()->set_command_id(context.new_id);
    archive.set_to(v1::ARCHIVED);
    archive.set_reason(reason);
    return domain::Decide(state, archive, context);
  };
  absl::Notification done;
  absl::Status archived;
  runner_.Run(std::move(command), RetentionActor(), [&](absl::StatusOr<v1::CommandResult> r) {
    archived = r.status();
    done.Notify();
  });
  done.WaitForNotification();
  return archived;
}

absl::StatusOr<RetentionReport> Retention::Apply() {
  std::shared_ptr<const projections::View> view =
      engine_.Serving(projections::CaseloadProjection::kName);
  if (view == nullptr) return absl::UnavailableError("the caseload view is not running");
  std::vector<v1::CaseSummary> cases;
  absl::Status parsed = absl::OkStatus();
  absl::Status scanned = view->ScanPrefix(
      projections::view_keys::Case(""), [&](absl::string_view, absl::string_view value) {
        if (!cases.emplace_back().ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parsed = absl::DataLossError("a case summary in the caseload view is corrupt");
          return false;
        }
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!parsed.ok()) return parsed;

  const absl::Time now = clock_.Now();
  RetentionReport report;
  std::map<std::string, std::vector<const v1::CaseSummary*>> by_subject;
  for (v1::CaseSummary& summary : cases) {
    auto policy = runner_.LoadPolicy(summary.org_id());
    if (!policy.ok()) return policy.status();
    const v1::Retention& rule = (*policy)->state.policy().retention();
    if (summary.subject_erased()) continue;  // takes no more changes
    if (summary.status() == v1::CLOSED &&
        Due(now, summary.status_changed_at(), rule.archive_closed_after_days())) {
      // One case that cannot be archived (the view behind a reopening) holds up no other.
      if (absl::Status s = Archive(summary, rule); !s.ok()) {
        log::Warn("retention could not archive a case",
                  {{"case", summary.case_id()}, {"error", s.ToString()}});
        continue;
      }
      report.archived_cases.push_back(summary.case_id());
      summary.set_status(v1::ARCHIVED);
      *summary.mutable_status_changed_at() = ToProto(now);
    }
    if (!summary.subject_id().empty()) {
      by_subject[privacy::KeyId(summary.org_id(), summary.subject_id())].push_back(&summary);
    }
  }
  for (const auto& [key_id, held] : by_subject) {
    const std::string& org_id = held.front()->org_id();
    const std::string& subject = held.front()->subject_id();
    auto policy = runner_.LoadPolicy(org_id);
    if (!policy.ok()) return policy.status();
    const uint32_t days = (*policy)->state.policy().retention().erase_archived_after_days();
    bool due = true;
    for (const v1::CaseSummary* summary : held) {
      due =
          due && summary->status() == v1::ARCHIVED && Due(now, summary->status_changed_at(), days);
    }
    if (!due) continue;
    // Every case of the subject, not only those this view has seen so far.
    auto all = keys_.CasesOf(key_id);
    if (!all.ok()) return all.status();
    std::set<std::string> seen;
    for (const v1::CaseSummary* summary : held) seen.insert(summary->case_id());
    bool unseen = false;
    for (const std::string& case_id : *all) {
      if (seen.count(case_id) > 0) continue;
      auto folded = runner_.LoadCase(case_id);
      // A case whose opening failed never existed; any other is not in the view yet.
      unseen = unseen || !folded.ok() ||
               ((*folded)->revision > 0 && (*folded)->state.state.subject_id() == subject);
    }
    if (unseen) continue;
    absl::Notification done;
    absl::StatusOr<std::vector<std::string>> erased;
    subjects_.Erase(RetentionActor(), org_id, subject,
                    absl::StrCat("Retention: archived more than ", days, " days"),
                    /*by_policy=*/true, [&](absl::StatusOr<std::vector<std::string>> r) {
                      erased = std::move(r);
                      done.Notify();
                    });
    done.WaitForNotification();
    if (!erased.ok()) {
      log::Warn("retention could not erase a subject",
                {{"org", org_id}, {"error", erased.status().ToString()}});
      continue;
    }
    report.erased_subjects.push_back(subject);
  }
  return report;
}

void Retention::Start(absl::Duration interval) {
  thread_ = std::thread([this, interval] {
    NameThisThread("retention");
    absl::MutexLock lock(&mu_);
    while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval)) {
      mu_.Unlock();
      absl::StatusOr<RetentionReport> done = Apply();
      if (!done.ok()) {
        log::Error("the retention rule could not be applied",
                   {{"error", done.status().ToString()}});
      }
      mu_.Lock();
    }
  });
}

void Retention::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace caseledger::app
