#pragma once

#include <utility>

#include "eventstore/event_store.h"

namespace caseledger::eventstore {

// A log that hands every call to another: the base of one that changes only some of them (how
// appends are made, say). Append and AppendStreams wait for AppendAsync and AppendStreamsAsync,
// so a subclass changes appends there alone. Thread-safe as the log it hands them to.
class PassThroughLog : public EventStore {
 public:
  // `log` must outlive this.
  explicit PassThroughLog(EventStore& log) : log_(log) {}

  void AppendAsync(AppendRequest request, AppendCallback done) override {
    log_.AppendAsync(std::move(request), std::move(done));
  }
  void AppendStreamsAsync(MultiStreamAppendRequest request,
                          MultiStreamAppendCallback done) override {
    log_.AppendStreamsAsync(std::move(request), std::move(done));
  }
  absl::StatusOr<std::optional<MultiStreamAppendResult>> LookupCommand(
      absl::string_view command_id) const override {
    return log_.LookupCommand(command_id);
  }
  absl::StatusOr<uint64_t> StreamRevision(absl::string_view stream_id) const override {
    return log_.StreamRevision(stream_id);
  }
  absl::StatusOr<std::vector<v1::EventRecord>> ReadStream(absl::string_view stream_id,
                                                          uint64_t from_revision,
                                                          Direction direction,
                                                          size_t max_count) const override {
    return log_.ReadStream(stream_id, from_revision, direction, max_count);
  }
  absl::StatusOr<size_t> VisitStreamEncoded(
      absl::string_view stream_id, uint64_t from_revision, size_t max_count,
      absl::FunctionRef<bool(uint64_t revision, uint64_t position, absl::string_view record)> visit)
      const override {
    return log_.VisitStreamEncoded(stream_id, from_revision, max_count, visit);
  }
  absl::StatusOr<size_t> VisitEncoded(
      uint64_t from_position, size_t max_count,
      absl::FunctionRef<bool(uint64_t position, absl::string_view record)> visit) const override {
    return log_.VisitEncoded(from_position, max_count, visit);
  }
  LogHead Head() const override { return log_.Head(); }
  uint64_t WaitableHead() const override { return log_.WaitableHead(); }
  bool WaitForPosition(uint64_t position, absl::Time deadline) const override {
    return log_.WaitForPosition(position, deadline);
  }
  void WhenCommitted(uint64_t position, absl::Time deadline,
                     std::function<void(absl::Status)> committed) const override {
    log_.WhenCommitted(position, deadline, std::move(committed));
  }
  absl::StatusOr<VerifyResult> VerifyLog(uint64_t from_position,
                                         uint64_t to_position) const override {
    return log_.VerifyLog(from_position, to_position);
  }
  StoreStats Stats() const override { return log_.Stats(); }

 protected:
  EventStore& log() const { return log_; }

 private:
  EventStore& log_;
};

}  // namespace caseledger::eventstore
