#include "eventstore/subscription.h"

#include <utility>

namespace caseledger::eventstore {

std::unique_ptr<Subscription> Subscription::Start(const EventStore& store,
                                                  uint64_t after_position, Handler handler,
                                                  Options options) {
  auto subscription = std::unique_ptr<Subscription>(
      new Subscription(store, after_position, std::move(handler), options));
  subscription->thread_ = std::thread([s = subscription.get()] { s->Run(); });
  return subscription;
}

Subscription::Subscription(const EventStore& store, uint64_t after_position, Handler handler,
                           Options options)
    : store_(store),
      handler_(std::move(handler)),
      options_(options),
      position_(after_position) {}

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
    absl::StatusOr<std::vector<v1::EventRecord>> batch =
        store_.ReadAll(next, options_.batch_size);
    if (!batch.ok()) {
      failure = batch.status();
      break;
    }
    for (const v1::EventRecord& record : *batch) {
      if (stopping_) break;
      failure = handler_(record);
      if (!failure.ok()) break;
      position_ = record.position();
    }
  }
  absl::MutexLock lock(&mu_);
  status_ = failure;
}

}  // namespace caseledger::eventstore
