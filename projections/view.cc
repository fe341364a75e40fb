#include "projections/view.h"

#include <memory>

#include "eventstore/rocksdb_bridge.h"

namespace caseledger::projections {

View::~View() {
  if (retire_) retire_();
}

absl::StatusOr<std::optional<std::string>> View::Get(const std::string& key) const {
  std::string value;
  rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), family_, key, &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return eventstore::FromRocksDb(s, "reading a view");
  return value;
}

absl::StatusOr<std::vector<std::optional<std::string>>> View::MultiGet(
    const std::vector<std::string>& keys) const {
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_.MultiGet(rocksdb::ReadOptions(), family_, keys.size(), slices.data(), values.data(),
               statuses.data());
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return eventstore::FromRocksDb(statuses[i], "reading a view");
    out[i] = values[i].ToString();
  }
  return out;
}

absl::Status View::Scan(const std::string& from, const std::string& until,
                        const Visitor& visit) const {
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(until);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(options, family_));
  for (it->Seek(from); it->Valid(); it->Next()) {
    if (!visit(eventstore::ToView(it->key()), eventstore::ToView(it->value()))) break;
  }
  return eventstore::FromRocksDb(it->status(), "scanning a view");
}

absl::Status View::ScanPrefix(const std::string& prefix, const Visitor& visit) const {
  std::string until = prefix;
  // The first key past every key with this prefix (prefixes here never end in 0xFF).
  until.back() = static_cast<char>(static_cast<unsigned char>(until.back()) + 1);
  return Scan(prefix, until, visit);
}

}  // namespace caseledger::projections
