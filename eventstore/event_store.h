#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "caseledger/v1/event_record.pb.h"

namespace caseledger::eventstore {

// What an append expects of its stream's revision (the number of events in the stream).
class ExpectedRevision {
 public:
  static ExpectedRevision Any() { return ExpectedRevision(Kind::kAny, 0); }
  static ExpectedRevision NoStream() { return ExpectedRevision(Kind::kExact, 0); }
  static ExpectedRevision StreamExists() { return ExpectedRevision(Kind::kStreamExists, 0); }
  // Exact(0) is the same as NoStream().
  static ExpectedRevision Exact(uint64_t revision) {
    return ExpectedRevision(Kind::kExact, revision);
  }

  // OK when a stream at `actual` meets the expectation; otherwise ABORTED, naming the
  // stream, the expectation and the actual revision.
  absl::Status Check(absl::string_view stream_id, uint64_t actual) const;
  std::string ToString() const;
  bool IsAny() const { return kind_ == Kind::kAny; }

 private:
  enum class Kind { kAny, kStreamExists, kExact };
  ExpectedRevision(Kind kind, uint64_t revision) : kind_(kind), revision_(revision) {}
  Kind kind_;
  uint64_t revision_;
};

// An event offered for appending. The store assigns its revision, position, hash and
// recorded_at, and an event_id when none is given.
struct ProposedEvent {
  std::string event_id;
  std::string type;
  std::string payload;
  // actor, actor_role, correlation_id, causation_id and occurred_at are kept as given;
  // command_id and recorded_at are set by the store.
  v1::EventMetadata metadata;
};

struct AppendRequest {
  std::string stream_id;
  ExpectedRevision expected_revision = ExpectedRevision::Any();
  std::vector<ProposedEvent> events;
  // Idempotency key. The same command_id again returns the first result and writes
  // nothing, forever. Empty: the append is not deduplicated.
  std::string command_id;
};

struct AppendResult {
  std::string stream_id;
  uint64_t first_revision = 0;
  // The stream's revision after the append.
  uint64_t last_revision = 0;
  // Global positions of the appended events: first_position..last_position, contiguous.
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  // True when command_id had been seen before and this is the first append's result.
  bool duplicate = false;
};

// One stream's part of an append that spans several streams.
struct StreamAppend {
  std::string stream_id;
  ExpectedRevision expected_revision = ExpectedRevision::Any();
  std::vector<ProposedEvent> events;
};

// Events for several streams appended as one unit, as KurrentDB's multi-stream append: each
// stream's expected revision holds and every stream's events are written, or nothing is.
struct MultiStreamAppendRequest {
  // At least one; no stream twice. The events take contiguous positions in this order.
  std::vector<StreamAppend> streams;
  // One idempotency key for the whole unit: the same command_id again, naming the same
  // streams in the same order, returns the first result and writes nothing, forever.
  std::string command_id;
};

struct MultiStreamAppendResult {
  // Each stream's result, in the order of the request; positions rise in that order.
  std::vector<AppendResult> streams;
  bool duplicate = false;

  // The global position of the append's last event, whichever stream it is on.
  uint64_t last_position() const { return streams.empty() ? 0 : streams.back().last_position; }
};

struct LogHead {
  uint64_t position = 0;  // 0: the log is empty
  std::string hash;       // hash of the record at `position`; 32 zero bytes when empty
};

enum class Direction { kForward, kBackward };

// One write of the log's single writer: how many appends and events it committed together,
// and how long the write (and its fsync) took.
struct GroupCommit {
  size_t appends = 0;
  size_t events = 0;
  absl::Duration write;
};

// What an operator watches in a store: whether it still takes appends, and the storage
// engine's own gauges (zero for a store with no engine beneath it).
struct StoreStats {
  // OK, or why the store refuses every further append (a write or fsync that failed).
  absl::Status writer;
  // How long the oldest append not yet written has waited for the writer; zero when none
  // waits. Grows without bound only when the writer is wedged.
  absl::Duration oldest_waiting_append;
  uint64_t pending_compaction_bytes = 0;
  uint64_t memtable_bytes = 0;
  uint64_t live_sst_bytes = 0;
  // Writes stopped or slowed by the engine until compaction catches up.
  bool writes_stopped = false;
  uint64_t delayed_write_rate = 0;  // bytes a second while slowed; 0 when not
};

struct VerifyResult {
  bool ok = true;
  uint64_t from_position = 0;
  uint64_t to_position = 0;
  uint64_t records_checked = 0;
  // When !ok: the first position whose record does not verify, and why.
  uint64_t first_bad_position = 0;
  std::string problem;
  // Hash of the last record checked: an anchor to publish elsewhere.
  std::string last_hash;
};

using AppendCallback = std::function<void(absl::StatusOr<AppendResult>)>;
using MultiStreamAppendCallback = std::function<void(absl::StatusOr<MultiStreamAppendResult>)>;

// Parses a record lent encoded (EventStore::VisitEncoded, Subscription) into `record`,
// reusing what it holds; DATA_LOSS naming `position` when the bytes are not a record.
absl::Status ParseRecordInto(absl::string_view encoded, uint64_t position, v1::EventRecord& record);
// As ParseRecordInto, checking only that the bytes are a well-formed encoding (WellFormed):
// far cheaper, for a reader that passes the record on as it is.
absl::Status CheckRecordEncoding(absl::string_view encoded, uint64_t position);

// As ParseRecordInto, for a record read through the index of `stream_id` at `revision`:
// DATA_LOSS too when it is not that stream's record at that revision.
absl::Status ParseStreamRecordInto(absl::string_view encoded, absl::string_view stream_id,
                                   uint64_t revision, uint64_t position, v1::EventRecord& record);

// The append-only event log. Knows nothing of cases: payloads are opaque bytes.
// All methods are thread-safe.
class EventStore {
 public:
  virtual ~EventStore() = default;

  // Appends `request.events` to the stream atomically and durably (per the store's
  // durability mode) and returns their revisions and positions.
  // INVALID_ARGUMENT for a malformed request, ABORTED when the expected revision does
  // not hold, ALREADY_EXISTS when the command_id was used for another stream,
  // UNAVAILABLE when the store is closing or the disk write failed.
  // By default, AppendAsync waited for.
  virtual absl::StatusOr<AppendResult> Append(AppendRequest request);

  // As Append, but returns at once; `done` runs exactly once, possibly on the store's
  // writer thread, so it must be quick and must not call back into Append and wait.
  virtual void AppendAsync(AppendRequest request, AppendCallback done) = 0;

  // Appends every stream's events as one atomic unit: all or nothing, one fsync, positions
  // contiguous across the streams. INVALID_ARGUMENT for a malformed request (no streams, a
  // stream named twice, more events in all than one append may hold, or any stream's part
  // as Append would refuse it), ABORTED naming the first stream whose expected revision does
  // not hold, ALREADY_EXISTS when the command_id was used for other streams, UNAVAILABLE as
  // Append. An append of one stream is the same as Append.
  // By default, AppendStreamsAsync waited for.
  virtual absl::StatusOr<MultiStreamAppendResult> AppendStreams(MultiStreamAppendRequest request);

  // As AppendStreams, but returns at once; `done` runs exactly once, as AppendAsync's.
  virtual void AppendStreamsAsync(MultiStreamAppendRequest request,
                                  MultiStreamAppendCallback done) = 0;

  // The first result of `command_id`, if it was ever appended: every stream's, in the order
  // of that append, marked duplicate.
  virtual absl::StatusOr<std::optional<MultiStreamAppendResult>> LookupCommand(
      absl::string_view command_id) const = 0;

  // The stream's current revision: 0 when it has no events. Answered from memory for a
  // stream written or asked about recently.
  virtual absl::StatusOr<uint64_t> StreamRevision(absl::string_view stream_id) const = 0;

  // Up to `max_count` events of the stream starting at `from_revision` (inclusive), going
  // forward or backward. Backward from UINT64_MAX starts at the stream's last event.
  virtual absl::StatusOr<std::vector<v1::EventRecord>> ReadStream(absl::string_view stream_id,
                                                                  uint64_t from_revision,
                                                                  Direction direction,
                                                                  size_t max_count) const = 0;

  // Lends the stream's events from `from_revision` (inclusive) forward, in order, one at a
  // time to `visit` as the log holds them: each event's revision, position and its record's
  // encoding, valid only during the call. Goes on until `visit` returns false, the stream
  // ends or `max_count` were lent; returns how many were. Not parsed: VisitStream parses.
  virtual absl::StatusOr<size_t> VisitStreamEncoded(
      absl::string_view stream_id, uint64_t from_revision, size_t max_count,
      absl::FunctionRef<bool(uint64_t revision, uint64_t position, absl::string_view record)> visit)
      const = 0;

  // As VisitStreamEncoded, lending each event parsed into one record, parsed into again for
  // the next, so a long read allocates little; a visitor that keeps an event moves it out.
  // DATA_LOSS when a record does not parse, or is not the stream's event at its revision.
  absl::StatusOr<size_t> VisitStream(absl::string_view stream_id, uint64_t from_revision,
                                     size_t max_count,
                                     absl::FunctionRef<bool(v1::EventRecord&)> visit) const;

  // Lends the events of the whole log from `from_position` (inclusive), in order, one at a
  // time to `visit` as the log holds them: each event's position and its record's encoding
  // (a serialized EventRecord), valid only during the call. Goes on until `visit` returns
  // false or `max_count` were lent; returns how many were. For a reader that sends the
  // records on as they are, or reads only some of them. The bytes are checked against the
  // log's block checksums as they are read (DATA_LOSS when they do not match), not parsed.
  virtual absl::StatusOr<size_t> VisitEncoded(
      uint64_t from_position, size_t max_count,
      absl::FunctionRef<bool(uint64_t position, absl::string_view record)> visit) const = 0;

  // As VisitEncoded, lending each event parsed. The one record is parsed into again for the
  // next event, so a long read allocates little; a visitor that keeps an event moves it out.
  absl::StatusOr<size_t> VisitAll(uint64_t from_position, size_t max_count,
                                  absl::FunctionRef<bool(v1::EventRecord&)> visit) const;

  // Up to `max_count` events of the whole log from `from_position` (inclusive), in order.
  absl::StatusOr<std::vector<v1::EventRecord>> ReadAll(uint64_t from_position,
                                                       size_t max_count) const {
    std::vector<v1::EventRecord> records;
    absl::StatusOr<size_t> read = VisitAll(from_position, max_count, [&](v1::EventRecord& r) {
      records.push_back(std::move(r));
      return true;
    });
    if (!read.ok()) return read.status();
    return records;
  }

  // The last committed position and its hash.
  virtual LogHead Head() const = 0;

  // The last position a reader may wait for (a min_position, a subscription's start): the
  // head, for a log that makes its own appends. A read replica's copy may wait for any, since
  // its primary may already have committed it (relay::ReplicatedLog).
  virtual uint64_t WaitableHead() const { return Head().position; }

  // Blocks until the log's head reaches `position` (true) or `deadline` passes or the
  // store closes (false).
  virtual bool WaitForPosition(uint64_t position, absl::Time deadline) const = 0;

  // Calls `committed` once, without blocking the caller: with OK once the log's head reaches
  // `position` (at once, on this thread, when it has), DEADLINE_EXCEEDED when `deadline`
  // passes first, or UNAVAILABLE when the store closes first. It may run on the store's
  // writer thread, so it must be quick.
  virtual void WhenCommitted(uint64_t position, absl::Time deadline,
                             std::function<void(absl::Status)> committed) const = 0;

  // Recomputes the hash chain over [from_position, to_position] (to 0: the head) and
  // reports the first record that does not verify. Errors only when the log can't be read.
  virtual absl::StatusOr<VerifyResult> VerifyLog(uint64_t from_position,
                                                 uint64_t to_position) const = 0;

  // How the store is doing, for health checks and metrics. Cheap: no disk reads.
  virtual StoreStats Stats() const = 0;
};

}  // namespace caseledger::eventstore
