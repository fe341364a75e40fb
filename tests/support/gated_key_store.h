#pragma once

#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "eventstore/key_store.h"

namespace caseledger::testing {

// A KeyStore whose Purge waits until Release(): an erasure held at its slowest step, for as
// long as a test needs. Everything else goes straight to the store it wraps.
class GatedKeyStore final : public eventstore::KeyStore {
 public:
  explicit GatedKeyStore(eventstore::KeyStore& inner) : inner_(inner) {}
  ~GatedKeyStore() override { Release(); }

  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const override {
    return inner_.Get(key);
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const override {
    return inner_.MultiGet(keys);
  }
  absl::Status Scan(absl::string_view from, absl::string_view until, Visitor visit) const override {
    return inner_.Scan(from, until, visit);
  }
  absl::Status Write(const eventstore::TableChanges& changes) override {
    return inner_.Write(changes);
  }
  absl::Status Purge() override {
    if (!purging_.HasBeenNotified()) purging_.Notify();
    released_.WaitForNotification();
    return inner_.Purge();
  }

  absl::Status RegisterErasure(absl::string_view key_id) override {
    return inner_.RegisterErasure(key_id);
  }
  absl::StatusOr<std::vector<std::string>> RegisteredErasures() const override {
    return inner_.RegisteredErasures();
  }

  // Whether a Purge has begun (and is waiting) within `timeout`.
  bool WaitUntilPurging(absl::Duration timeout) {
    return purging_.WaitForNotificationWithTimeout(timeout);
  }
  void Release() {
    if (!released_.HasBeenNotified()) released_.Notify();
  }

 private:
  eventstore::KeyStore& inner_;
  absl::Notification purging_;
  absl::Notification released_;
};

}  // namespace caseledger::testing
