#include "privacy/subject_keys.h"

#include <sodium.h>

#include "absl/strings/str_cat.h"

namespace caseledger::privacy {
namespace {

constexpr size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

// k/<subject> -> key; e/<subject> -> "" once erased; c/<subject>\0<case> -> "".
std::string KeyRow(absl::string_view subject) { return absl::StrCat("k/", subject); }
std::string ErasedRow(absl::string_view subject) { return absl::StrCat("e/", subject); }
std::string CasePrefix(absl::string_view subject) {
  return absl::StrCat("c/", subject, absl::string_view("\0", 1));
}

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// XChaCha20-Poly1305 under `key`, with a random nonce put before the ciphertext.
std::string Encrypt(absl::string_view key, absl::string_view plaintext, absl::string_view context) {
  std::string sealed(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, kNonceBytes);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonceBytes, &length, Bytes(plaintext),
                                             plaintext.size(), Bytes(context), context.size(),
                                             nullptr, out, Bytes(key));
  sealed.resize(kNonceBytes + length);
  return sealed;
}

}  // namespace

std::string KeyId(absl::string_view org_id, absl::string_view subject_id) {
  return absl::StrCat(org_id, "/", subject_id);
}

absl::StatusOr<std::unique_ptr<SubjectKeys>> SubjectKeys::Open(eventstore::KeyStore& store) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialise");
  auto keys = std::unique_ptr<SubjectKeys>(new SubjectKeys(store));
  if (absl::Status s = keys->ReapplyErasures(); !s.ok()) return s;
  return keys;
}

absl::Status SubjectKeys::ReapplyErasures() {
  absl::StatusOr<std::vector<std::string>> registered = store_.RegisteredErasures();
  if (!registered.ok()) return registered.status();
  eventstore::TableChanges erase;
  for (const std::string& subject_id : *registered) {
    absl::StatusOr<std::optional<std::string>> erased = store_.Get(ErasedRow(subject_id));
    if (!erased.ok()) return erased.status();
    if (erased->has_value()) continue;
    erase.Delete(KeyRow(subject_id));
    erase.Put(ErasedRow(subject_id), "");
  }
  if (erase.empty()) return absl::OkStatus();
  if (absl::Status s = store_.Write(erase); !s.ok()) return s;
  return store_.Purge();
}

SubjectKeys::~SubjectKeys() {
  absl::MutexLock lock(&mu_);
  for (auto& [subject, key] : keys_) sodium_memzero(key.data(), key.size());
}

absl::StatusOr<std::optional<std::string>> SubjectKeys::StoredKey(
    absl::string_view subject_id) const {
  if (auto it = keys_.find(subject_id); it != keys_.end()) return it->second;
  absl::StatusOr<std::optional<std::string>> stored = store_.Get(KeyRow(subject_id));
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    if ((*stored)->size() != kKeyBytes) {
      return absl::DataLossError(absl::StrCat("the key of subject ", subject_id, " is corrupt"));
    }
    keys_.emplace(subject_id, **stored);
    return stored;
  }
  absl::StatusOr<std::optional<std::string>> erased = store_.Get(ErasedRow(subject_id));
  if (!erased.ok()) return erased.status();
  if (erased->has_value()) {
    return absl::NotFoundError(absl::StrCat("subject ", subject_id, " was erased"));
  }
  return std::nullopt;
}

absl::StatusOr<std::string> SubjectKeys::KeyOf(absl::string_view subject_id, bool create) const {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<std::optional<std::string>> stored = StoredKey(subject_id);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) return **std::move(stored);
  if (!create) {
    return absl::DataLossError(absl::StrCat("subject ", subject_id, " has no key"));
  }
  std::string key(kKeyBytes, '\0');
  crypto_aead_xchacha20poly1305_ietf_keygen(reinterpret_cast<unsigned char*>(key.data()));
  // On disk before any event sealed with it can be acknowledged.
  eventstore::TableChanges write;
  write.Put(KeyRow(subject_id), key);
  if (absl::Status s = store_.Write(write); !s.ok()) return s;
  keys_.emplace(subject_id, key);
  return key;
}

absl::StatusOr<std::string> SubjectKeys::Seal(absl::string_view subject_id,
                                              absl::string_view plaintext,
                                              absl::string_view context) {
  absl::StatusOr<std::string> key = KeyOf(subject_id, /*create=*/true);
  if (absl::IsNotFound(key.status())) {
    return absl::FailedPreconditionError(key.status().message());
  }
  if (!key.ok()) return key.status();
  return Encrypt(*key, plaintext, context);
}

absl::StatusOr<std::string> SubjectKeys::SealIfKeyed(absl::string_view subject_id,
                                                     absl::string_view plaintext,
                                                     absl::string_view context) const {
  std::string key;
  {
    absl::MutexLock lock(&mu_);
    absl::StatusOr<std::optional<std::string>> stored = StoredKey(subject_id);
    if (absl::IsNotFound(stored.status())) {
      return absl::FailedPreconditionError(stored.status().message());
    }
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) {
      return absl::NotFoundError(absl::StrCat("subject ", subject_id, " has no key"));
    }
    key = **std::move(stored);
  }
  return Encrypt(key, plaintext, context);
}

absl::StatusOr<std::string> SubjectKeys::Unseal(absl::string_view subject_id,
                                                absl::string_view ciphertext,
                                                absl::string_view context) const {
  absl::StatusOr<std::string> key = KeyOf(subject_id, /*create=*/false);
  if (!key.ok()) return key.status();
  if (ciphertext.size() < kNonceBytes + kTagBytes) {
    return absl::DataLossError("sealed personal data is truncated");
  }
  std::string plaintext(ciphertext.size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &length, nullptr,
          Bytes(ciphertext) + kNonceBytes, ciphertext.size() - kNonceBytes, Bytes(context),
          context.size(), Bytes(ciphertext), Bytes(*key)) != 0) {
    return absl::DataLossError(
        absl::StrCat("sealed personal data of subject ", subject_id, " fails its check"));
  }
  plaintext.resize(length);
  return plaintext;
}

absl::Status SubjectKeys::AddCase(absl::string_view subject_id, absl::string_view case_id) {
  eventstore::TableChanges write;
  write.Put(absl::StrCat(CasePrefix(subject_id), case_id), "");
  return store_.Write(write);
}

absl::StatusOr<std::vector<std::string>> SubjectKeys::CasesOf(absl::string_view subject_id) const {
  const std::string prefix = CasePrefix(subject_id);
  std::vector<std::string> cases;
  absl::Status scanned = store_.ScanPrefix(prefix, [&](absl::string_view key, absl::string_view) {
    cases.emplace_back(key.substr(prefix.size()));
    return true;
  });
  if (!scanned.ok()) return scanned;
  return cases;
}

absl::Status SubjectKeys::Erase(absl::string_view subject_id) {
  // First, where a restore of an older backup will find it.
  if (absl::Status s = store_.RegisterErasure(subject_id); !s.ok()) return s;
  erasures_.fetch_add(1, std::memory_order_acq_rel);  // before the key can be gone
  for (const auto& forget : on_erase_) forget();
  {
    absl::MutexLock lock(&mu_);
    eventstore::TableChanges erase;
    erase.Delete(KeyRow(subject_id));
    erase.Put(ErasedRow(subject_id), "");
    if (absl::Status s = store_.Write(erase); !s.ok()) return s;
    if (auto it = keys_.find(subject_id); it != keys_.end()) {
      sodium_memzero(it->second.data(), it->second.size());
      keys_.erase(it);
    }
  }
  // Again once the key is gone: a reader that opened fields between the first count and the
  // key's removal kept what it opened under a count that is now stale.
  erasures_.fetch_add(1, std::memory_order_acq_rel);
  for (const auto& forget : on_erase_) forget();
  return store_.Purge();
}

absl::StatusOr<bool> SubjectKeys::IsErased(absl::string_view subject_id) const {
  absl::StatusOr<std::optional<std::string>> erased = store_.Get(ErasedRow(subject_id));
  if (!erased.ok()) return erased.status();
  return erased->has_value();
}

}  // namespace caseledger::privacy
