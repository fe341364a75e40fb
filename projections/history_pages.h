#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "caseledger/v1/audit.pb.h"
#include "eventstore/event_store.h"
#include "privacy/subject_keys.h"

namespace caseledger::projections {

// The pages of case histories answered most recently, decoded and encoded for sending, so a
// case file read again is not read, parsed, opened and encoded again. A page is answered as
// kept while it still says what the log says: while it is followed by a further page (its
// events can no longer change), or its case has no event after its last, and no subject has
// been erased since it was decoded.
// Kept pages hold opened personal fields in memory, as the fold cache does; once an erasure
// begins they are never answered again, and Clear drops them. Thread-safe.
class HistoryPages {
 public:
  // Keeps pages up to `capacity_bytes` of memory in all, dropping the oldest.
  HistoryPages(const eventstore::EventStore& store, const privacy::SubjectKeys& keys,
               size_t capacity_bytes = 64 << 20)
      : store_(store), keys_(keys), capacity_bytes_(capacity_bytes) {}

  // What GetCaseHistory answers for `request`, shared with every caller of the same page,
  // ready to send: its entries are held encoded, so read them from its serialized bytes.
  absl::StatusOr<std::shared_ptr<const v1::GetCaseHistoryResponse>> Get(
      const v1::GetCaseHistoryRequest& request);

  // Drops every kept page (a subject is being erased).
  void Clear();

  // How many answers were decoded rather than kept ones given, and how many pages are kept
  // (for tests).
  uint64_t Decoded() const;
  size_t Kept() const;

 private:
  struct Page {
    std::shared_ptr<const v1::GetCaseHistoryResponse> answer;
    uint64_t last_revision = 0;  // of the page's last event
    uint64_t erasures = 0;       // SubjectKeys::Erasures() before it was decoded
    size_t bytes = 0;
    std::list<std::string>::iterator in_order;  // its place in order_
  };
  // Whether `page` still says what the log says.
  bool Current(const Page& page, const std::string& stream_id, uint64_t erasures) const;
  void Keep(const std::string& key, Page page) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Drop(const std::string& key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const eventstore::EventStore& store_;
  const privacy::SubjectKeys& keys_;
  const size_t capacity_bytes_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Page> pages_ ABSL_GUARDED_BY(mu_);
  std::list<std::string> order_ ABSL_GUARDED_BY(mu_);  // the kept pages' keys, oldest first
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t decoded_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace caseledger::projections
