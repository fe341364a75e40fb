#include "privacy/subject_keys.h"

#include <sodium.h>

#include "absl/strings/str_cat.h"
#include "eventstore/rocksdb_bridge.h"
#include "rocksdb/write_batch.h"

namespace caseledger::privacy {
namespace {

using eventstore::FromRocksDb;
using eventstore::ToSlice;

constexpr char kFamily[] = "subject_keys";
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

rocksdb::WriteOptions Synced() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

}  // namespace

std::string KeyId(absl::string_view org_id, absl::string_view subject_id) {
  return absl::StrCat(org_id, "/", subject_id);
}

absl::StatusOr<std::unique_ptr<SubjectKeys>> SubjectKeys::Open(
    eventstore::RocksDbEventStore& store) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialise");
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> family = store.ColumnFamily(kFamily);
  if (!family.ok()) return family.status();
  return std::unique_ptr<SubjectKeys>(new SubjectKeys(store, *family));
}

SubjectKeys::SubjectKeys(eventstore::RocksDbEventStore& store,
                         rocksdb::ColumnFamilyHandle* family)
    : store_(store), family_(family) {}

SubjectKeys::~SubjectKeys() {
  absl::MutexLock lock(&mu_);
  for (auto& [subject, key] : keys_) sodium_memzero(key.data(), key.size());
}

absl::StatusOr<std::string> SubjectKeys::KeyOf(absl::string_view subject_id, bool create) const {
  absl::MutexLock lock(&mu_);
  if (auto it = keys_.find(subject_id); it != keys_.end()) return it->second;
  rocksdb::DB& db = store_.db();
  std::string key;
  rocksdb::Status s = db.Get(rocksdb::ReadOptions(), family_, KeyRow(subject_id), &key);
  if (s.ok()) {
    if (key.size() != kKeyBytes) {
      return absl::DataLossError(absl::StrCat("the key of subject ", subject_id, " is corrupt"));
    }
    keys_.emplace(subject_id, key);
    return key;
  }
  if (!s.IsNotFound()) return FromRocksDb(s, "reading a subject key");
  std::string erased;
  s = db.Get(rocksdb::ReadOptions(), family_, ErasedRow(subject_id), &erased);
  if (s.ok()) {
    return absl::NotFoundError(absl::StrCat("subject ", subject_id, " was erased"));
  }
  if (!s.IsNotFound()) return FromRocksDb(s, "reading a subject key");
  if (!create) {
    return absl::DataLossError(absl::StrCat("subject ", subject_id, " has no key"));
  }
  key.resize(kKeyBytes);
  crypto_aead_xchacha20poly1305_ietf_keygen(reinterpret_cast<unsigned char*>(key.data()));
  // Synced before any event sealed with it can be acknowledged.
  s = db.Put(Synced(), family_, KeyRow(subject_id), key);
  if (!s.ok()) return FromRocksDb(s, "storing a subject key");
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
  std::string sealed(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, kNonceBytes);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonceBytes, &length, Bytes(plaintext),
                                             plaintext.size(), Bytes(context), context.size(),
                                             nullptr, out, Bytes(*key));
  sealed.resize(kNonceBytes + length);
  return sealed;
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
  return FromRocksDb(store_.db().Put(Synced(), family_,
                                     absl::StrCat(CasePrefix(subject_id), case_id), ""),
                     "recording a subject's case");
}

absl::StatusOr<std::vector<std::string>> SubjectKeys::CasesOf(absl::string_view subject_id) const {
  const std::string prefix = CasePrefix(subject_id);
  std::unique_ptr<rocksdb::Iterator> it(store_.db().NewIterator(rocksdb::ReadOptions(), family_));
  std::vector<std::string> cases;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    cases.emplace_back(it->key().data() + prefix.size(), it->key().size() - prefix.size());
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "listing a subject's cases");
  return cases;
}

absl::Status SubjectKeys::Erase(absl::string_view subject_id) {
  erasures_.fetch_add(1, std::memory_order_acq_rel);  // before the key can be gone
  for (const auto& forget : on_erase_) forget();
  {
    absl::MutexLock lock(&mu_);
    rocksdb::WriteBatch batch;
    batch.Delete(family_, KeyRow(subject_id));
    batch.Put(family_, ErasedRow(subject_id), "");
    rocksdb::Status s = store_.db().Write(Synced(), &batch);
    if (!s.ok()) return FromRocksDb(s, "erasing a subject key");
    if (auto it = keys_.find(subject_id); it != keys_.end()) {
      sodium_memzero(it->second.data(), it->second.size());
      keys_.erase(it);
    }
  }
  // Again once the key is gone: a reader that opened fields between the first count and the
  // key's removal kept what it opened under a count that is now stale.
  erasures_.fetch_add(1, std::memory_order_acq_rel);
  for (const auto& forget : on_erase_) forget();
  if (absl::Status s = store_.FlushAll(); !s.ok()) return s;
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocksDb(store_.db().CompactRange(options, family_, nullptr, nullptr),
                     "compacting the subject keys");
}

bool SubjectKeys::IsErased(absl::string_view subject_id) const {
  std::string value;
  return store_.db().Get(rocksdb::ReadOptions(), family_, ErasedRow(subject_id), &value).ok();
}

}  // namespace caseledger::privacy
