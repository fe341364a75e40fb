#include "eventstore/memory_store.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "eventstore/erasure_register.h"
#include "eventstore/multi_stream.h"
#include "eventstore/record_hash.h"

namespace caseledger::eventstore {
namespace {

// One table of the tables beside the log.
class MemoryTable final : public Table {
 public:
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const override {
    absl::MutexLock lock(&mu_);
    auto it = rows_.find(std::string(key));
    if (it == rows_.end()) return std::nullopt;
    return it->second;
  }

  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const override {
    absl::MutexLock lock(&mu_);
    std::vector<std::optional<std::string>> values;
    for (const std::string& key : keys) {
      auto it = rows_.find(key);
      values.push_back(it == rows_.end() ? std::nullopt : std::optional<std::string>(it->second));
    }
    return values;
  }

  absl::Status Scan(absl::string_view from, absl::string_view until, Visitor visit) const override {
    // Copied first, so the visitor runs without the lock.
    std::vector<std::pair<std::string, std::string>> rows;
    {
      absl::MutexLock lock(&mu_);
      for (auto it = rows_.lower_bound(std::string(from)); it != rows_.end() && it->first < until;
           ++it) {
        rows.emplace_back(it->first, it->second);
      }
    }
    for (const auto& [key, value] : rows) {
      if (!visit(key, value)) break;
    }
    return absl::OkStatus();
  }

  void Apply(const TableChanges& changes) {
    absl::MutexLock lock(&mu_);
    for (const auto& [key, value] : changes.changes()) {
      if (value.has_value()) {
        rows_[key] = *value;
      } else {
        rows_.erase(key);
      }
    }
  }

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::string> rows_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

// The views, checkpoints and subject keys. A commit holds the views' and checkpoints' mutex
// while it changes a view and its checkpoint.
class MemoryStore::Tables final : public ViewStore, public Checkpoints, public KeyStore {
 public:
  absl::StatusOr<std::shared_ptr<const Table>> OpenView(const std::string& name) override {
    absl::MutexLock lock(&mu_);
    auto& view = views_[name];
    if (view == nullptr) view = std::make_shared<MemoryTable>();
    return std::shared_ptr<const Table>(view);
  }

  bool HasView(const std::string& name) const override {
    absl::MutexLock lock(&mu_);
    return views_.contains(name);
  }

  absl::Status DropView(const std::string& name) override {
    absl::MutexLock lock(&mu_);
    views_.erase(name);
    return absl::OkStatus();
  }

  absl::Status Commit(const std::string& name, const TableChanges& changes,
                      absl::string_view checkpoint, uint64_t position) override {
    absl::MutexLock lock(&mu_);
    auto it = views_.find(name);
    if (it == views_.end()) {
      return absl::FailedPreconditionError(absl::StrCat("view ", name, " is not open"));
    }
    it->second->Apply(changes);
    checkpoints_[std::string(checkpoint)] = position;
    return absl::OkStatus();
  }

  absl::Status Sync() override { return absl::OkStatus(); }

  absl::StatusOr<std::optional<uint64_t>> Read(absl::string_view name) const override {
    absl::MutexLock lock(&mu_);
    auto it = checkpoints_.find(name);
    if (it == checkpoints_.end()) return std::nullopt;
    return it->second;
  }

  absl::Status Save(absl::string_view name, uint64_t value) override {
    absl::MutexLock lock(&mu_);
    checkpoints_[std::string(name)] = value;
    return absl::OkStatus();
  }

  absl::Status Remove(absl::string_view name) override {
    absl::MutexLock lock(&mu_);
    checkpoints_.erase(name);
    return absl::OkStatus();
  }

  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const override {
    return keys_.Get(key);
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const override {
    return keys_.MultiGet(keys);
  }
  absl::Status Scan(absl::string_view from, absl::string_view until, Visitor visit) const override {
    return keys_.Scan(from, until, visit);
  }
  absl::Status Write(const TableChanges& changes) override {
    keys_.Apply(changes);
    return absl::OkStatus();
  }
  // Memory keeps nothing once it is deleted.
  absl::Status Purge() override { return absl::OkStatus(); }
  absl::Status RegisterErasure(absl::string_view key_id) override { return erasures_.Add(key_id); }
  absl::StatusOr<std::vector<std::string>> RegisteredErasures() const override {
    return erasures_.All();
  }

 private:
  ErasureRegister erasures_{""};
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<MemoryTable>> views_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, uint64_t> checkpoints_ ABSL_GUARDED_BY(mu_);
  MemoryTable keys_;
};

MemoryStore::MemoryStore(const Clock& clock, AppendLimits limits)
    : clock_(clock), limits_(limits), committed_(0), tables_(std::make_unique<Tables>()) {
  head_.hash = GenesisHash();
}

MemoryStore::~MemoryStore() {
  absl::MutexLock lock(&mu_);
  closed_ = true;
}

Storage MemoryStore::storage() { return Storage{*this, *tables_, *tables_, *tables_, nullptr}; }

void MemoryStore::FailReads(absl::Status failure) {
  absl::MutexLock lock(&mu_);
  read_failure_ = std::move(failure);
}

void MemoryStore::FailAppends(absl::Status failure) {
  absl::MutexLock lock(&mu_);
  append_failure_ = std::move(failure);
}

StoreStats MemoryStore::Stats() const {
  absl::MutexLock lock(&mu_);
  StoreStats stats;
  stats.writer = append_failure_;
  return stats;
}

absl::StatusOr<AppendResult> MemoryStore::Append(AppendRequest request) {
  if (absl::Status s = ValidateAppend(request, limits_); !s.ok()) return s;
  absl::StatusOr<MultiStreamAppendResult> result = AppendStreams(OneStream(std::move(request)));
  if (!result.ok()) return result.status();
  return std::move(result->streams.front());
}

void MemoryStore::AppendAsync(AppendRequest request, AppendCallback done) {
  done(Append(std::move(request)));
}

absl::StatusOr<MultiStreamAppendResult> MemoryStore::AppendStreams(
    MultiStreamAppendRequest request) {
  if (absl::Status s = ValidateAppend(request, limits_); !s.ok()) return s;
  MultiStreamAppendResult result;
  {
    absl::MutexLock lock(&mu_);
    if (!append_failure_.ok()) return append_failure_;
    if (!request.command_id.empty()) {
      if (auto it = commands_.find(request.command_id); it != commands_.end()) {
        if (absl::Status s = SameStreams(request, it->second); !s.ok()) return s;
        MultiStreamAppendResult first = it->second;
        first.duplicate = true;
        for (AppendResult& stream : first.streams) stream.duplicate = true;
        return first;
      }
    }
    // Every stream's expectation is checked before anything of the append is written.
    for (const StreamAppend& stream : request.streams) {
      auto it = streams_.find(stream.stream_id);
      const uint64_t revision = it == streams_.end() ? 0 : it->second.size();
      if (absl::Status s = stream.expected_revision.Check(stream.stream_id, revision); !s.ok()) {
        return s;
      }
    }
    const google::protobuf::Timestamp recorded_at = ToProto(clock_.Now());
    for (StreamAppend& stream : request.streams) {
      std::vector<uint64_t>& positions = streams_[stream.stream_id];
      AppendResult& appended = result.streams.emplace_back();
      appended.stream_id = stream.stream_id;
      appended.first_revision = positions.size() + 1;
      appended.first_position = head_.position + 1;
      for (ProposedEvent& event : stream.events) {
        const uint64_t position = head_.position + 1;
        v1::EventRecord record = ChainRecord(
            std::move(event), RecordPlace{stream.stream_id, positions.size() + 1, position,
                                          request.command_id, recorded_at, head_.hash});
        records_.push_back(record.SerializeAsString());
        positions.push_back(position);
        head_.position = position;
        head_.hash = record.hash();
      }
      appended.last_revision = positions.size();
      appended.last_position = head_.position;
    }
    if (!request.command_id.empty()) commands_[request.command_id] = result;
  }
  committed_.Advance(result.streams.back().last_position);
  return result;
}

void MemoryStore::AppendStreamsAsync(MultiStreamAppendRequest request,
                                     MultiStreamAppendCallback done) {
  done(AppendStreams(std::move(request)));
}

absl::StatusOr<std::optional<MultiStreamAppendResult>> MemoryStore::LookupCommand(
    absl::string_view command_id) const {
  if (command_id.empty()) return absl::InvalidArgumentError("command_id must not be empty");
  absl::MutexLock lock(&mu_);
  auto it = commands_.find(command_id);
  if (it == commands_.end()) return std::nullopt;
  MultiStreamAppendResult first = it->second;
  first.duplicate = true;
  for (AppendResult& stream : first.streams) stream.duplicate = true;
  return first;
}

absl::StatusOr<uint64_t> MemoryStore::StreamRevision(absl::string_view stream_id) const {
  absl::MutexLock lock(&mu_);
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? 0 : it->second.size();
}

absl::StatusOr<std::vector<v1::EventRecord>> MemoryStore::ReadStream(absl::string_view stream_id,
                                                                     uint64_t from_revision,
                                                                     Direction direction,
                                                                     size_t max_count) const {
  if (stream_id.empty()) return absl::InvalidArgumentError("stream_id must not be empty");
  absl::MutexLock lock(&mu_);
  if (!read_failure_.ok()) return read_failure_;
  std::vector<v1::EventRecord> records;
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return records;
  const std::vector<uint64_t>& positions = it->second;
  const uint64_t revisions = positions.size();
  auto read = [&](uint64_t revision) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) -> absl::Status {
    const uint64_t position = positions[revision - 1];
    return ParseRecordInto(records_[position - 1], position, records.emplace_back());
  };
  if (direction == Direction::kForward) {
    for (uint64_t r = std::max<uint64_t>(from_revision, 1);
         r <= revisions && records.size() < max_count; ++r) {
      if (absl::Status s = read(r); !s.ok()) return s;
    }
  } else {
    for (uint64_t r = std::min(from_revision, revisions); r >= 1 && records.size() < max_count;
         --r) {
      if (absl::Status s = read(r); !s.ok()) return s;
    }
  }
  return records;
}

absl::StatusOr<size_t> MemoryStore::VisitStreamEncoded(
    absl::string_view stream_id, uint64_t from_revision, size_t max_count,
    absl::FunctionRef<bool(uint64_t revision, uint64_t position, absl::string_view record)> visit)
    const {
  if (stream_id.empty()) return absl::InvalidArgumentError("stream_id must not be empty");
  size_t lent = 0;
  std::string record;
  for (uint64_t revision = std::max<uint64_t>(from_revision, 1); lent < max_count; ++revision) {
    uint64_t position = 0;
    {
      absl::MutexLock lock(&mu_);
      if (!read_failure_.ok()) return read_failure_;
      auto it = streams_.find(stream_id);
      if (it == streams_.end() || revision > it->second.size()) break;
      position = it->second[revision - 1];
      record = records_[position - 1];
    }
    ++lent;
    if (!visit(revision, position, record)) break;
  }
  return lent;
}

absl::StatusOr<size_t> MemoryStore::VisitEncoded(
    uint64_t from_position, size_t max_count,
    absl::FunctionRef<bool(uint64_t position, absl::string_view record)> visit) const {
  size_t lent = 0;
  for (uint64_t position = std::max<uint64_t>(from_position, 1); lent < max_count; ++position) {
    std::string record;
    {
      absl::MutexLock lock(&mu_);
      if (!read_failure_.ok()) return read_failure_;
      if (position > records_.size()) break;
      record = records_[position - 1];
    }
    ++lent;
    if (!visit(position, record)) break;
  }
  return lent;
}

LogHead MemoryStore::Head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

bool MemoryStore::WaitForPosition(uint64_t position, absl::Time deadline) const {
  absl::MutexLock lock(&mu_);
  auto reached = [this, position]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return head_.position >= position || closed_;
  };
  mu_.AwaitWithDeadline(absl::Condition(&reached), deadline);
  return head_.position >= position;
}

void MemoryStore::WhenCommitted(uint64_t position, absl::Time deadline,
                                std::function<void(absl::Status)> committed) const {
  committed_.Add(position, deadline, std::move(committed));
}

absl::StatusOr<VerifyResult> MemoryStore::VerifyLog(uint64_t from_position,
                                                    uint64_t to_position) const {
  absl::MutexLock lock(&mu_);
  VerifyResult result;
  result.from_position = std::max<uint64_t>(from_position, 1);
  result.to_position =
      (to_position == 0 || to_position > head_.position) ? head_.position : to_position;
  auto bad = [&result](uint64_t position, std::string problem) {
    result.ok = false;
    result.first_bad_position = position;
    result.problem = std::move(problem);
    return result;
  };
  std::string prev_hash = GenesisHash();
  for (uint64_t position = 1; position <= result.to_position; ++position) {
    v1::EventRecord record;
    if (absl::Status s = ParseRecordInto(records_[position - 1], position, record); !s.ok()) {
      return bad(position, std::string(s.message()));
    }
    if (position >= result.from_position) {
      if (std::optional<std::string> problem = ChainProblem(record, position, prev_hash)) {
        return bad(position, *std::move(problem));
      }
      auto stream = streams_.find(record.stream_id());
      if (stream == streams_.end() || record.stream_revision() == 0 ||
          record.stream_revision() > stream->second.size() ||
          stream->second[record.stream_revision() - 1] != position) {
        return bad(position,
                   absl::StrCat("the index of stream ", record.stream_id(), " at revision ",
                                record.stream_revision(), " does not lead to this record"));
      }
      ++result.records_checked;
      result.last_hash = record.hash();
    }
    prev_hash = record.hash();
  }
  return result;
}

}  // namespace caseledger::eventstore
