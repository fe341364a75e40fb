#include "services/inbox_stream.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "projections/caseload_projection.h"
#include "services/grpc_status.h"

namespace caseledger::services {
namespace {

// How often the inbox is read again while the view stands still.
constexpr absl::Duration kPoll = absl::Seconds(2);

std::string KeyOf(const v1::InboxItem& item) {
  return absl::StrCat(item.case_id(), "/", item.escalation().escalation_id(), "/",
                      item.escalation().addressee());
}

}  // namespace

void InboxStream::Begin(app::SupervisionReads::InboxReader reader) {
  reader_ = std::move(reader);
  Step(absl::OkStatus());
}

void InboxStream::Refuse(const absl::Status& status) {
  bool remove;
  {
    absl::MutexLock lock(&mu_);
    FinishLocked(ToGrpcStatus(status));
    remove = --pending_ == 0 && done_;
  }
  if (remove) delete this;
}

void InboxStream::Step(absl::Status reached) {
  bool refresh = false;
  {
    absl::MutexLock lock(&mu_);
    if (!finished_ && !done_) {
      // A deadline passing is the poll; a position past the head waits for the next event.
      if (reached.ok() || absl::IsDeadlineExceeded(reached) || absl::IsOutOfRange(reached)) {
        refresh = true;
      } else {
        FinishLocked(ToGrpcStatus(reached));
      }
    }
  }
  bool wait = refresh && !Refresh();
  bool remove = false;
  {
    absl::MutexLock lock(&mu_);
    wait = wait && !finished_ && !done_;
    // Waiting takes over this step's count.
    if (!wait) remove = --pending_ == 0 && done_;
  }
  if (wait) return WaitForView();
  if (remove) delete this;
}

bool InboxStream::Refresh() {
  const uint64_t position = engine_.Position(projections::CaseloadProjection::kName);
  absl::StatusOr<v1::ListInboxResponse> inbox = reader_();
  absl::MutexLock lock(&mu_);
  if (finished_) return true;
  if (!inbox.ok()) {
    FinishLocked(ToGrpcStatus(inbox.status()));
    return true;
  }
  v1::InboxUpdate update;
  update.set_position(position);
  std::set<std::string> now;
  for (v1::InboxItem& item : *inbox->mutable_items()) {
    std::string key = KeyOf(item);
    if (sent_.count(key) == 0) *update.add_added() = std::move(item);
    now.insert(std::move(key));
  }
  for (const std::string& key : sent_) {
    if (now.count(key) == 0) update.add_removed(key);
  }
  if (!first_ && update.added_size() == 0 && update.removed_size() == 0) return false;
  first_ = false;
  sent_ = std::move(now);
  writing_update_ = std::move(update);
  writing_ = true;
  StartWrite(&writing_update_);
  return true;
}

void InboxStream::WaitForView() {
  const uint64_t next = engine_.Position(projections::CaseloadProjection::kName) + 1;
  engine_.WhenReached(projections::CaseloadProjection::kName, next, absl::Now() + kPoll,
                      [this](absl::Status reached) { Step(reached); });
}

void InboxStream::OnWriteDone(bool ok) {
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) {
      return FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    }
    if (ending_.has_value()) return FinishLocked(*ending_);
    if (finished_) return;
    ++pending_;
  }
  // Outside the lock: the view may answer at once, on this thread.
  WaitForView();
}

void InboxStream::OnCancel() {
  absl::MutexLock lock(&mu_);
  FinishLocked(grpc::Status::CANCELLED);
}

void InboxStream::OnDone() {
  bool remove;
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    remove = pending_ == 0;
  }
  if (remove) delete this;
}

void InboxStream::FinishLocked(const grpc::Status& status) {
  if (finished_) return;
  if (writing_) {
    ending_ = status;
    return;
  }
  finished_ = true;
  Finish(status);
}

}  // namespace caseledger::services
