#include "relay/replicated_keys.h"

#include <sodium.h>

#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/log.h"
#include "base/thread_name.h"
#include "relay/nats_connection.h"

namespace caseledger::relay {
namespace {

constexpr size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string BucketName(absl::string_view stream) { return absl::StrCat(stream, "_KEYS"); }

// A row of the key table as a bucket's key: rows hold bytes (a zero byte, '/') a key may not.
std::string BucketKey(absl::string_view row) { return absl::WebSafeBase64Escape(row); }

// The subject a row "e/<subject>" marks erased; empty for any other row.
std::string ErasedSubject(absl::string_view row) {
  return absl::StartsWith(row, "e/") ? std::string(row.substr(2)) : std::string();
}

}  // namespace

struct ReplicatedKeys::Bucket {
  kvStore* kv = nullptr;
  ~Bucket() {
    if (kv != nullptr) kvStore_Destroy(kv);
  }
};

namespace {

// Binds to the bucket, creating it (in memory, replicated) when missing.
absl::StatusOr<kvStore*> BindBucket(NatsConnection& nats, const KeyReplicationOptions& options) {
  const std::string name = BucketName(options.stream);
  kvStore* kv = nullptr;
  natsStatus s = js_KeyValue(&kv, nats.js, name.c_str());
  if (s == NATS_OK) return kv;
  if (s != NATS_NOT_FOUND) return FromNats(s, absl::StrCat("opening key bucket ", name));
  kvConfig config;
  kvConfig_Init(&config);
  config.Bucket = name.c_str();
  config.History = 1;
  config.StorageType = js_MemoryStorage;
  config.Replicas = options.replicas;
  s = js_CreateKeyValue(&kv, nats.js, &config);
  if (s != NATS_OK) return FromNats(s, absl::StrCat("creating key bucket ", name));
  return kv;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ReplicatedKeys>> ReplicatedKeys::Create(
    eventstore::KeyStore& local, const ReplicatedLog& role, KeyReplicationOptions options) {
  if (options.key_encryption_key.size() != kKeyBytes) {
    return absl::InvalidArgumentError(absl::StrCat("the key-encryption key must be ", kKeyBytes,
                                                   " bytes, not ",
                                                   options.key_encryption_key.size()));
  }
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialise");
  return std::unique_ptr<ReplicatedKeys>(new ReplicatedKeys(local, role, std::move(options)));
}

ReplicatedKeys::ReplicatedKeys(eventstore::KeyStore& local, const ReplicatedLog& role,
                               KeyReplicationOptions options)
    : local_(local), role_(role), options_(std::move(options)) {}

ReplicatedKeys::~ReplicatedKeys() {
  StopWatching();
  absl::MutexLock lock(&mu_);
  bucket_.reset();
  connection_.reset();
}

void ReplicatedKeys::StopWatching() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void ReplicatedKeys::StartWatching(std::function<void(const std::string&)> on_erased) {
  on_erased_ = std::move(on_erased);
  thread_ = std::thread([this] {
    NameThisThread("keys");
    Run();
  });
}

std::string ReplicatedKeys::Wrap(const std::string& row, const std::string& value) const {
  std::string wrapped(kNonceBytes + value.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(wrapped.data());
  randombytes_buf(out, kNonceBytes);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonceBytes, &length, Bytes(value), value.size(),
                                             Bytes(row), row.size(), nullptr, out,
                                             Bytes(options_.key_encryption_key));
  wrapped.resize(kNonceBytes + length);
  return wrapped;
}

absl::StatusOr<std::string> ReplicatedKeys::Unwrap(const std::string& row, kvEntry* entry) const {
  const absl::string_view wrapped(static_cast<const char*>(kvEntry_Value(entry)),
                                  static_cast<size_t>(kvEntry_ValueLen(entry)));
  if (wrapped.size() < kNonceBytes + kTagBytes) {
    return absl::DataLossError("a key from the broker is truncated");
  }
  std::string value(wrapped.size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(value.data()), &length, nullptr,
          Bytes(wrapped) + kNonceBytes, wrapped.size() - kNonceBytes, Bytes(row), row.size(),
          Bytes(wrapped), Bytes(options_.key_encryption_key)) != 0) {
    return absl::DataLossError(
        "a key from the broker does not open with this key-encryption key, or was altered");
  }
  value.resize(length);
  return value;
}

absl::Status ReplicatedKeys::OpenBucket() const {
  if (bucket_ != nullptr) return absl::OkStatus();
  if (connection_ == nullptr) {
    absl::StatusOr<std::unique_ptr<NatsConnection>> opened =
        NatsConnection::Open(options_.url, nullptr);
    if (!opened.ok()) return opened.status();
    connection_ = *std::move(opened);
  }
  absl::StatusOr<kvStore*> kv = BindBucket(*connection_, options_);
  if (!kv.ok()) {
    connection_.reset();
    return kv.status();
  }
  bucket_ = std::make_unique<Bucket>();
  bucket_->kv = *kv;
  return absl::OkStatus();
}

absl::Status ReplicatedKeys::Put(const std::string& row, const std::string& value) {
  uint64_t revision = 0;
  const std::string wrapped = Wrap(row, value);
  const std::string key = BucketKey(row);
  // A bucket just made, or one whose leader was lost, answers once its nodes have elected one.
  const absl::Time until = absl::Now() + options_.timeout;
  natsStatus s;
  while (true) {
    s = kvStore_Put(&revision, bucket_->kv, key.c_str(), wrapped.data(),
                    static_cast<int>(wrapped.size()));
    if ((s != NATS_NO_RESPONDERS && s != NATS_TIMEOUT) || absl::Now() >= until) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return FromNats(s, "putting a subject key into the broker");
}

absl::StatusOr<std::optional<std::string>> ReplicatedKeys::Get(absl::string_view row) const {
  absl::StatusOr<std::optional<std::string>> here = local_.Get(row);
  if (!here.ok() || here->has_value() || role_.IsPrimary() || !absl::StartsWith(row, "k/")) {
    return here;
  }
  // A replica may copy a record before its watcher has the key that opens it: the bucket has
  // it, put there before the record was acknowledged. (Erasures come by the watcher alone.)
  absl::MutexLock lock(&mu_);
  if (absl::Status s = OpenBucket(); !s.ok()) return s;
  kvEntry* entry = nullptr;
  natsStatus s = kvStore_Get(&entry, bucket_->kv, BucketKey(row).c_str());
  if (s == NATS_NOT_FOUND) return std::nullopt;
  if (s != NATS_OK) return FromNats(s, "reading a subject key from the broker");
  std::unique_ptr<kvEntry, void (*)(kvEntry*)> owned(entry, kvEntry_Destroy);
  if (kvEntry_Operation(entry) != kvOp_Put) return std::nullopt;
  const std::string name(row);
  absl::StatusOr<std::string> value = Unwrap(name, entry);
  if (!value.ok()) return value.status();
  eventstore::TableChanges keep;
  keep.Put(name, *value);
  if (absl::Status written = local_.Write(keep); !written.ok()) return written;
  return *std::move(value);
}

absl::Status ReplicatedKeys::Write(const eventstore::TableChanges& changes) {
  if (role_.IsPrimary()) {
    absl::MutexLock lock(&mu_);
    absl::Status sent = OpenBucket();
    for (const auto& [row, value] : changes.changes()) {
      if (!sent.ok()) break;
      if (value.has_value()) {
        sent = Put(row, *value);
      } else {
        sent = FromNats(kvStore_Purge(bucket_->kv, BucketKey(row).c_str(), nullptr),
                        "purging a subject key from the broker");
      }
    }
    if (!sent.ok()) {
      bucket_.reset();
      connection_.reset();
      return sent;
    }
  }
  return local_.Write(changes);
}

absl::Status ReplicatedKeys::Refill() {
  absl::Status put;
  absl::Status scanned = local_.Scan("", "\xff", [&](absl::string_view row, absl::string_view v) {
    put = Put(std::string(row), std::string(v));
    return put.ok();
  });
  if (!scanned.ok()) return scanned;
  return put;
}

void ReplicatedKeys::Run() {
  RetryUntilStopped(stopping_, "subject keys not replicated; retrying", [this] { return Watch(); });
}

absl::Status ReplicatedKeys::Watch() {
  absl::StatusOr<std::unique_ptr<NatsConnection>> nats =
      NatsConnection::Open(options_.url, nullptr);
  if (!nats.ok()) return nats.status();
  absl::StatusOr<kvStore*> bound = BindBucket(**nats, options_);
  if (!bound.ok()) return bound.status();
  Bucket bucket;
  bucket.kv = *bound;
  if (role_.IsPrimary()) {
    uint64_t held = 0;
    kvStatus* status = nullptr;
    if (kvStore_Status(&status, bucket.kv) == NATS_OK) {
      held = kvStatus_Values(status);
      kvStatus_Destroy(status);
    }
    if (held == 0) {
      absl::MutexLock lock(&mu_);
      if (absl::Status s = OpenBucket(); !s.ok()) return s;
      if (absl::Status s = Refill(); !s.ok()) return s;
    }
  }
  kvWatcher* watcher = nullptr;
  natsStatus s = kvStore_WatchAll(&watcher, bucket.kv, nullptr);
  if (s != NATS_OK) return FromNats(s, "watching the key bucket");
  std::unique_ptr<kvWatcher, void (*)(kvWatcher*)> watching(watcher, kvWatcher_Destroy);
  const std::string stream = absl::StrCat("KV_", BucketName(options_.stream));
  uint64_t seen = 0;  // the bucket's last change delivered
  absl::Time delivered = absl::Now();
  while (!stopping_) {
    // A watcher whose server was lost may deliver nothing more: when the bucket has changed
    // since, watch it again.
    if (absl::Now() - delivered > absl::Seconds(2)) {
      absl::StatusOr<uint64_t> last = LastSequence(**nats, stream);
      if (!last.ok()) return last.status();
      if (*last > seen) return absl::UnavailableError("the key bucket's watcher fell silent");
      delivered = absl::Now();
    }
    kvEntry* entry = nullptr;
    s = kvWatcher_Next(&entry, watcher, 250);
    if (s == NATS_TIMEOUT) continue;
    if (s != NATS_OK) return FromNats(s, "reading the key bucket");
    delivered = absl::Now();
    if (entry == nullptr) continue;  // every value held so far was delivered
    std::unique_ptr<kvEntry, void (*)(kvEntry*)> owned(entry, kvEntry_Destroy);
    seen = std::max(seen, kvEntry_Revision(entry));
    std::string row;
    if (!absl::WebSafeBase64Unescape(kvEntry_Key(entry), &row)) continue;
    eventstore::TableChanges change;
    if (kvEntry_Operation(entry) == kvOp_Put) {
      absl::StatusOr<std::string> value = Unwrap(row, entry);
      if (!value.ok()) return value.status();
      absl::StatusOr<std::optional<std::string>> here = local_.Get(row);
      if (!here.ok()) return here.status();
      if (here->has_value() && **here == *value) continue;
      if (const std::string subject = ErasedSubject(row); !subject.empty()) {
        on_erased_(subject);
      } else {
        change.Put(row, *std::move(value));
      }
    } else if (!absl::StartsWith(row, "k/")) {
      // A key goes with its subject's erasure, above; other rows as they are removed.
      change.Delete(row);
    }
    if (!change.empty()) {
      if (absl::Status written = local_.Write(change); !written.ok()) return written;
    }
  }
  return absl::OkStatus();
}

}  // namespace caseledger::relay
