#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/key_store.h"
#include "relay/nats_connection.h"
#include "relay/replicated_log.h"

namespace caseledger::relay {

struct KeyReplicationOptions {
  std::string url;
  // The broker's key-value bucket: "<stream>_KEYS", with `replicas` copies.
  std::string stream = "CASELEDGER";
  int replicas = 1;
  // 32 bytes from the deployment's configuration, the same on every node: what the keys are
  // wrapped under in the broker.
  std::string key_encryption_key;
  absl::Duration timeout = absl::Seconds(10);
};

// The subject keys of a deployment replicated through the broker. Each node keeps them in its
// own store, as a single server does; the primary also puts every change into a key-value
// bucket of the broker, and every node applies what the bucket holds, so a replica can open
// personal fields and still can after the primary is lost. The bucket is in the brokers'
// memory only (memory storage, replicated by their quorum): no NATS node ever writes a key to
// its disk, where a deleted value lingers in the stream's files and in its Raft log. Values are
// wrapped (XChaCha20-Poly1305) under the key-encryption key, bound to their row. An erasure on
// the primary purges the key from the bucket; each replica, seeing the subject marked erased,
// erases it from its own store (`on_erased`). When the brokers have all restarted and the
// bucket is empty, the primary puts its keys back. Thread-safe.
class ReplicatedKeys final : public eventstore::KeyStore {
 public:
  // `local` and `role` must outlive this. INVALID_ARGUMENT for a key-encryption key that is not
  // 32 bytes.
  static absl::StatusOr<std::unique_ptr<ReplicatedKeys>> Create(eventstore::KeyStore& local,
                                                                const ReplicatedLog& role,
                                                                KeyReplicationOptions options);
  ~ReplicatedKeys() override;

  // Starts applying the bucket's changes, on a thread of its own. `on_erased` is called with a
  // subject the primary erased that this node has not: it must erase it here (and must not
  // block on this object's thread for long).
  void StartWatching(std::function<void(const std::string& subject_id)> on_erased);
  // Stops applying the bucket's changes; before what `on_erased` calls goes.
  void StopWatching();

  // This node's value; on a replica that has none, the bucket's (kept here from then on).
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view row) const override;
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const override {
    return local_.MultiGet(keys);
  }
  absl::Status Scan(absl::string_view from, absl::string_view until, Visitor visit) const override {
    return local_.Scan(from, until, visit);
  }
  // Writes here, and on the primary into the bucket too before it returns: a key is in the
  // broker before any event sealed with it can be acknowledged. UNAVAILABLE when the broker
  // did not take it.
  absl::Status Write(const eventstore::TableChanges& changes) override;
  absl::Status Purge() override { return local_.Purge(); }
  absl::Status RegisterErasure(absl::string_view key_id) override {
    return local_.RegisterErasure(key_id);
  }
  absl::StatusOr<std::vector<std::string>> RegisteredErasures() const override {
    return local_.RegisteredErasures();
  }

 private:
  ReplicatedKeys(eventstore::KeyStore& local, const ReplicatedLog& role,
                 KeyReplicationOptions options);
  void Run();
  // Watches the bucket and applies its changes until an error or a stop.
  absl::Status Watch();
  // The bucket, opened (and created when missing) on `connection_`.
  absl::Status OpenBucket() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Puts every row of the local store into an empty bucket (the brokers all restarted).
  absl::Status Refill() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Put(const std::string& row, const std::string& value)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string Wrap(const std::string& row, const std::string& value) const;
  // The value of `row` that `entry` of the bucket holds wrapped.
  absl::StatusOr<std::string> Unwrap(const std::string& row, kvEntry* entry) const;

  eventstore::KeyStore& local_;
  const ReplicatedLog& role_;
  const KeyReplicationOptions options_;
  std::function<void(const std::string&)> on_erased_;
  std::atomic<bool> stopping_{false};
  // The writer's (and a replica's reader's) connection to the bucket.
  mutable absl::Mutex mu_;
  mutable std::unique_ptr<NatsConnection> connection_ ABSL_GUARDED_BY(mu_);
  struct Bucket;
  mutable std::unique_ptr<Bucket> bucket_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace caseledger::relay
