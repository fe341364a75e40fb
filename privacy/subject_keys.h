#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/key_store.h"

namespace caseledger::privacy {

// The id a subject's key is kept under: the subject within their organisation, so two
// organisations' subjects never share a key. Both ids are references ('/' never occurs).
std::string KeyId(absl::string_view org_id, absl::string_view subject_id);

// One encryption key per data subject, kept in the store's KeyStore beside the log, and the
// cases each subject has. Erasing a subject destroys its key, so everything
// sealed with it becomes unreadable, while the sealed records themselves (and the log's hash
// chain over them) stay as they were. XChaCha20-Poly1305 (libsodium) with a random nonce.
// Thread-safe.
class SubjectKeys {
 public:
  // `store` must outlive the keys. Re-applies every erasure the store's register holds that its
  // keys do not show (a restored backup older than the erasure).
  static absl::StatusOr<std::unique_ptr<SubjectKeys>> Open(eventstore::KeyStore& store);
  ~SubjectKeys();

  // Encrypts for `subject_id`, binding `context` (not secret, not stored) to the ciphertext.
  // Makes the subject's key, durably, on first use. FAILED_PRECONDITION for an erased subject.
  absl::StatusOr<std::string> Seal(absl::string_view subject_id, absl::string_view plaintext,
                                   absl::string_view context);
  // Seals as Seal does, but only under a key the subject has already: NOT_FOUND when it has
  // none (so nothing of theirs was ever sealed), FAILED_PRECONDITION when they were erased.
  absl::StatusOr<std::string> SealIfKeyed(absl::string_view subject_id, absl::string_view plaintext,
                                          absl::string_view context) const;
  // NOT_FOUND when the subject was erased; DATA_LOSS when the ciphertext or its context was
  // altered, or the key is missing without an erasure.
  absl::StatusOr<std::string> Unseal(absl::string_view subject_id, absl::string_view ciphertext,
                                     absl::string_view context) const;

  // Records that `case_id` belongs to `subject_id`.
  absl::Status AddCase(absl::string_view subject_id, absl::string_view case_id);
  // The subject's cases, in id order.
  absl::StatusOr<std::vector<std::string>> CasesOf(absl::string_view subject_id) const;

  // Registers the erasure (KeyStore::RegisterErasure), destroys the subject's key and
  // remembers the subject as erased. When it returns, no
  // file of the store holds the key any more (KeyStore::Purge): slow, so not for a thread that
  // must answer at once.
  absl::Status Erase(absl::string_view subject_id);
  // Whether the subject was erased; an error when that can't be read.
  absl::StatusOr<bool> IsErased(absl::string_view subject_id) const;
  // How many erasures have begun since the keys were opened: a change says some plaintext
  // taken before may belong to a subject erased since.
  uint64_t Erasures() const { return erasures_.load(std::memory_order_acquire); }
  // Calls `forget` as each erasure begins, so what holds opened personal data can drop it.
  // Set before the keys are shared; `forget` must be quick and must not erase.
  void OnErase(std::function<void()> forget) { on_erase_.push_back(std::move(forget)); }

 private:
  explicit SubjectKeys(eventstore::KeyStore& store) : store_(store) {}
  // Erases again every key the store's erasure register names that is not erased: after a
  // restore of a backup taken before those erasures.
  absl::Status ReapplyErasures();
  // The subject's key: from the cache, the family or (when `create`) a new one.
  absl::StatusOr<std::string> KeyOf(absl::string_view subject_id, bool create) const;
  // The subject's key from the cache or the family; nullopt when none was made, NOT_FOUND
  // when the subject was erased.
  absl::StatusOr<std::optional<std::string>> StoredKey(absl::string_view subject_id) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  eventstore::KeyStore& store_;
  std::atomic<uint64_t> erasures_{0};
  std::vector<std::function<void()>> on_erase_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, std::string> keys_ ABSL_GUARDED_BY(mu_);
};

}  // namespace caseledger::privacy
