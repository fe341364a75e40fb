#include "base/position_waiters.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/thread_name.h"

namespace caseledger {

PositionWaiters::PositionWaiters(uint64_t position) : position_(position) {
  expirer_ = std::thread([this] {
    NameThisThread("waiters expiry");
    ExpireLoop();
  });
}

PositionWaiters::~PositionWaiters() {
  std::multimap<uint64_t, Waiter> left;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    left.swap(waiting_);
  }
  expirer_.join();
  for (auto& [position, waiter] : left) {
    waiter.ready(
        absl::UnavailableError(absl::StrCat("stopped before position ", position, " was reached")));
  }
}

void PositionWaiters::Add(uint64_t position, absl::Time deadline, Ready ready) {
  {
    absl::MutexLock lock(&mu_);
    if (position_ < position) {
      waiting_.emplace(position, Waiter{deadline, std::move(ready)});
      ++added_;
      return;
    }
  }
  ready(absl::OkStatus());
}

void PositionWaiters::Advance(uint64_t position) {
  std::vector<Ready> reached;
  {
    absl::MutexLock lock(&mu_);
    position_ = position;
    auto end = waiting_.upper_bound(position);
    for (auto it = waiting_.begin(); it != end; ++it)
      reached.push_back(std::move(it->second.ready));
    waiting_.erase(waiting_.begin(), end);
  }
  for (Ready& ready : reached) ready(absl::OkStatus());
}

uint64_t PositionWaiters::position() const {
  absl::MutexLock lock(&mu_);
  return position_;
}

bool PositionWaiters::Wait(uint64_t position, absl::Time deadline) const {
  absl::MutexLock lock(&mu_);
  auto reached = [this, position]()
                     ABSL_SHARED_LOCKS_REQUIRED(mu_) { return position_ >= position; };
  return mu_.AwaitWithDeadline(absl::Condition(&reached), deadline);
}

void PositionWaiters::ExpireLoop() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    // Wake at the earliest deadline, or when a waiter is added or the set stops.
    absl::Time earliest = absl::InfiniteFuture();
    for (const auto& [position, waiter] : waiting_) earliest = std::min(earliest, waiter.deadline);
    const uint64_t added = added_;
    auto changed = [this, added]()
                       ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_ || added_ != added; };
    mu_.AwaitWithDeadline(absl::Condition(&changed), earliest);
    const absl::Time now = absl::Now();
    std::vector<std::pair<uint64_t, Ready>> expired;
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if (it->second.deadline <= now) {
        expired.emplace_back(it->first, std::move(it->second.ready));
        it = waiting_.erase(it);
      } else {
        ++it;
      }
    }
    if (expired.empty()) continue;
    const uint64_t at = position_;
    mu_.Unlock();
    for (auto& [position, ready] : expired) {
      ready(absl::DeadlineExceededError(
          absl::StrCat("position ", at, " had been reached, not ", position, ", by the deadline")));
    }
    mu_.Lock();
  }
}

}  // namespace caseledger
