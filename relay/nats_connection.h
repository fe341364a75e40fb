#pragma once

#include <nats/nats.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "caseledger/v1/event_record.pb.h"
#include "eventstore/event_store.h"

namespace caseledger::relay {

// What the relay, a replica's follower and the replicated keys share of NATS.

// UNAVAILABLE naming `what` and the client library's text for `s`; OK for NATS_OK.
absl::Status FromNats(natsStatus s, absl::string_view what);

// A connection to a NATS server (or cluster) with its JetStream context; the client library's
// handles, destroyed in reverse order.
struct NatsConnection {
  natsOptions* options = nullptr;
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  ~NatsConnection();

  // Connects to `url` (one server, or a cluster's several separated by commas), reconnecting
  // for ever after a break, and opens JetStream with `js_options` (nullptr: defaults).
  static absl::StatusOr<std::unique_ptr<NatsConnection>> Open(const std::string& url,
                                                              jsOptions* js_options);
};

// Calls `attempt` until `stopping`: it returns (with why) when its connection fails, and is
// called again after a pause that doubles from 100 ms up to 5 s, logging `what` with each new
// error.
void RetryUntilStopped(const std::atomic<bool>& stopping, absl::string_view what,
                       const std::function<absl::Status()>& attempt);

// The stream's last sequence; 0 when it is empty or missing.
absl::StatusOr<uint64_t> LastSequence(NatsConnection& nats, const std::string& stream);

// The record a relayed stream holds at `sequence` (its log position), parsed. NOT_FOUND when
// it holds none there; DATA_LOSS when the message is not a record.
absl::StatusOr<v1::EventRecord> StreamRecordAt(NatsConnection& nats, const std::string& stream,
                                               uint64_t sequence);

// Whether `log` holds, at `record`'s position, a record with its hash.
absl::StatusOr<bool> LogHolds(const eventstore::EventStore& log, const v1::EventRecord& record);

// The value of header `name` of `msg`; empty when it has none.
std::string HeaderOf(natsMsg* msg, const char* name);

}  // namespace caseledger::relay
