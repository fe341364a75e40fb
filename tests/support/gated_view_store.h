#pragma once

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "eventstore/view_store.h"

namespace caseledger::testing {

// A ViewStore whose commits wait while it is held: views that stand still at their last
// commit, for as long as a test needs, while commands go on being appended. Everything else
// goes straight to the store it wraps.
class GatedViewStore final : public eventstore::ViewStore {
 public:
  explicit GatedViewStore(eventstore::ViewStore& inner) : inner_(inner) {}
  ~GatedViewStore() override { Release(); }

  absl::StatusOr<std::shared_ptr<const eventstore::Table>> OpenView(
      const std::string& name) override {
    return inner_.OpenView(name);
  }
  bool HasView(const std::string& name) const override { return inner_.HasView(name); }
  absl::Status DropView(const std::string& name) override { return inner_.DropView(name); }
  absl::Status Commit(const std::string& name, const eventstore::TableChanges& changes,
                      absl::string_view checkpoint, uint64_t position) override {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](bool* held) { return !*held; }, &held_));
    }
    return inner_.Commit(name, changes, checkpoint, position);
  }
  absl::Status Sync() override { return inner_.Sync(); }

  void Hold() {
    absl::MutexLock lock(&mu_);
    held_ = true;
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    held_ = false;
  }

 private:
  eventstore::ViewStore& inner_;
  absl::Mutex mu_;
  bool held_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace caseledger::testing
