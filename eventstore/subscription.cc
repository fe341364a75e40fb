#include "eventstore/subscription.h"

#include <utility>

#include "base/thread_name.h"

namespace caseledger::eventstore {
namespace {

constexpr absl::Duration kMaxVisit = absl::Milliseconds(100);

}  // namespace

std::unique_ptr<Subscription> Subscription::Start(const EventStore& store, uint64_t after_position,
                                                  Handler handler, Options options) {
  auto subscription = std::unique_ptr<Subscription>(
      new Subscription(store, after_position, std::move(handler), options));
  subscription->thread_ = std::thread([s = subscription.get()] {
    NameThisThread("subscriber");
    s->Run();
  });
  return subscription;
}

Subscription::Subscription(const EventStore& store, uint64_t after_position, Handler handler,
                           Options options)
    : store_(store), handler_(std::move(handler)), options_(options), position_(after_position) {}

Subscription::~Subscription() { Stop(); }

void Subscription::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

absl::Status Subscription::status() const {
  absl::MutexLock lock(&mu_);
  return status_;
}

void Subscription::Run() {
  absl::Status failure;
  while (!stopping_ && failure.ok()) {
    const uint64_t next = position_.load() + 1;
    const absl::Time deadline = absl::Now() + options_.poll_interval;
    if (!store_.WaitForPosition(next, deadline)) {
      // Back before the deadline without the event: the store closed.
      if (absl::Now() < deadline) failure = absl::UnavailableError("the event store closed");
      continue;
    }
    // The handler may wait for a slow consumer while the log is being read: after
    // kMaxVisit the read ends and a new one begins, so files the log has moved past are not
    // held open for long.
    const absl::Time visit_until = absl::Now() + kMaxVisit;
    absl::StatusOr<size_t> lent = store_.VisitEncoded(
        next, options_.batch_size,
        [this, &failure, visit_until](uint64_t position, absl::string_view record) {
          if (stopping_) return false;
          failure = handler_(position, record);
          if (!failure.ok()) return false;
          position_ = position;
          return absl::Now() < visit_until;
        });
    if (!lent.ok()) {
      failure = lent.status();
      break;
    }
  }
  {
    absl::MutexLock lock(&mu_);
    status_ = failure;
  }
  if (!failure.ok() && options_.on_failure) options_.on_failure(failure);
}

}  // namespace caseledger::eventstore
