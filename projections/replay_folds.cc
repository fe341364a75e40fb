#include "projections/replay_folds.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "caseledger/v1/views.pb.h"
#include "domain/case.h"
#include "eventstore/keys.h"
#include "privacy/sealing.h"
#include "projections/view_keys.h"

namespace caseledger::projections {
namespace {

using Snapshot = ReplaySnapshots::Snapshot;

constexpr absl::string_view kCaseStreamPrefix = "case-";

// f/<case>\0<revision> -> KeptReplayFold; i/<case>\0<revision> -> the latest record time of
// the events up to it (a Timestamp), read to choose a fold without reading the folds.
std::string IndexPrefix(absl::string_view case_id) {
  return absl::StrCat("i/", case_id, absl::string_view("\0", 1));
}
std::string IndexKey(absl::string_view case_id, uint64_t revision) {
  std::string key = IndexPrefix(case_id);
  eventstore::keys::PutBigEndian64(key, revision);
  return key;
}
std::string FoldKey(absl::string_view case_id, uint64_t revision) {
  std::string key = KeptFoldsPrefix(case_id);
  eventstore::keys::PutBigEndian64(key, revision);
  return key;
}

// Binds a sealed fold to its case and revision: it can't be passed off as another's.
std::string Context(absl::string_view case_id, uint64_t revision) {
  return absl::StrCat(v1::KeptReplayFold::descriptor()->full_name(), "/", case_id, "/", revision);
}

// Keeps in `best` the highest revision of the index entries visited that is below `below`
// and whose events were all recorded by `as_of`.
struct Choice {
  Choice(size_t prefix_size, uint64_t below, absl::Time as_of = absl::InfiniteFuture())
      : prefix_size(prefix_size), below(below), as_of(as_of) {}

  const size_t prefix_size;
  const uint64_t below;
  const absl::Time as_of;
  uint64_t best = 0;
  absl::Status failed;

  bool Consider(absl::string_view key, absl::string_view value) {
    if (key.size() != prefix_size + 8) {
      failed = absl::DataLossError("a replay fold's index key is corrupt");
      return false;
    }
    const uint64_t revision = eventstore::keys::DecodePosition(key.substr(prefix_size));
    if (revision >= below) return false;
    google::protobuf::Timestamp latest;
    if (!latest.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      failed = absl::DataLossError("a replay fold's index entry is corrupt");
      return false;
    }
    if (FromProto(latest) <= as_of) best = revision;
    return true;
  }
};

// The stored fold `bytes` of `case_id`, opened; NOT_FOUND when its subject was erased.
absl::StatusOr<std::shared_ptr<const Snapshot>> Open(const privacy::SubjectKeys& keys,
                                                     const std::string& case_id, uint64_t revision,
                                                     const std::optional<std::string>& bytes) {
  v1::KeptReplayFold kept;
  if (!bytes.has_value() || !kept.ParseFromString(*bytes)) {
    return absl::DataLossError(
        absl::StrCat("the replay fold of case ", case_id, " is missing or corrupt"));
  }
  if (kept.revision() != revision) {
    return absl::DataLossError(absl::StrCat("the replay fold of case ", case_id, " at revision ",
                                            revision, " says revision ", kept.revision()));
  }
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->revision = kept.revision();
  snapshot->recorded_at = kept.recorded_at();
  snapshot->latest_recorded = FromProto(kept.latest_recorded());
  if (kept.key_id().empty()) {
    snapshot->state = std::move(*kept.mutable_state());
    return snapshot;
  }
  absl::StatusOr<std::string> opened =
      keys.Unseal(kept.key_id(), kept.state(), Context(case_id, kept.revision()));
  if (!opened.ok()) return opened.status();
  snapshot->state = *std::move(opened);
  return snapshot;
}

}  // namespace

std::string KeptFoldsPrefix(absl::string_view case_id) {
  return absl::StrCat("f/", case_id, absl::string_view("\0", 1));
}

bool KeepsFoldAt(uint64_t revision, uint64_t every) {
  if (every == 0 || revision == 0 || revision % every != 0) return false;
  uint64_t step = every;
  while (revision / (step * 2) >= 8) step *= 2;
  return revision % step == 0;
}

absl::StatusOr<std::shared_ptr<const Snapshot>> ReplayFoldsProjection::Before(
    const std::string& case_id, uint64_t revision, const ViewBatch& view) const {
  if (auto it = made_.find(case_id); it != made_.end() && it->second->revision < revision) {
    return it->second;
  }
  const std::string prefix = IndexPrefix(case_id);
  Choice choice{prefix.size(), revision};
  if (absl::Status s = view.ScanCommitted(
          prefix, [&](absl::string_view k, absl::string_view v) { return choice.Consider(k, v); });
      !s.ok()) {
    return s;
  }
  if (!choice.failed.ok()) return choice.failed;
  if (choice.best == 0) return nullptr;
  auto bytes = view.GetCommitted(FoldKey(case_id, choice.best));
  if (!bytes.ok()) return bytes.status();
  return Open(keys_, case_id, choice.best, *bytes);
}

absl::Status ReplayFoldsProjection::Apply(const v1::EventRecord& record, ViewBatch& view) {
  const uint64_t revision = record.stream_revision();
  if (!absl::StartsWith(record.stream_id(), kCaseStreamPrefix) || !KeepsFoldAt(revision, every_)) {
    return absl::OkStatus();
  }
  const std::string case_id = record.stream_id().substr(kCaseStreamPrefix.size());
  auto before = Before(case_id, revision, view);
  // The subject was erased: no fold of theirs would open again.
  if (absl::IsNotFound(before.status())) return absl::OkStatus();
  if (!before.ok()) return before.status();
  v1::CaseState state;
  auto made = std::make_shared<Snapshot>();
  made->latest_recorded = absl::InfinitePast();
  if (*before != nullptr) {
    if (!state.ParseFromString((*before)->state)) {
      return absl::DataLossError(
          absl::StrCat("the replay fold of case ", case_id, " does not parse"));
    }
    made->recorded_at = (*before)->recorded_at;
    made->latest_recorded = (*before)->latest_recorded;
  }
  v1::CaseEvent event;
  absl::Status failed;
  bool any_sealed = false;  // an event folded here held personal fields sealed
  auto read = store_.VisitStream(
      record.stream_id(), state.revision() + 1, revision - state.revision(),
      [&](const v1::EventRecord& folded) {
        if (!event.ParseFromString(folded.payload())) {
          failed = absl::DataLossError(
              absl::StrCat("the event at position ", folded.position(), " does not decode"));
          return false;
        }
        any_sealed = any_sealed || event.has_sealed();
        failed = privacy::Unseal(keys_, case_id, event);
        if (!failed.ok()) return false;
        domain::Evolve(state, std::move(event));
        made->recorded_at = folded.metadata().recorded_at();
        made->latest_recorded = std::max(made->latest_recorded, FromProto(made->recorded_at));
        return true;
      });
  if (!read.ok()) return read.status();
  if (!failed.ok()) return failed;
  if (state.revision() != revision) {
    return absl::DataLossError(absl::StrCat("case ", case_id, " folds to revision ",
                                            state.revision(), ", not to its event's ", revision));
  }
  made->revision = revision;
  made->state = state.SerializeAsString();
  const std::string key_id = privacy::CaseKeyId(state, case_id);
  v1::KeptReplayFold kept;
  kept.set_revision(revision);
  *kept.mutable_recorded_at() = made->recorded_at;
  *kept.mutable_latest_recorded() = ToProto(made->latest_recorded);
  absl::StatusOr<std::string> sealed =
      keys_.SealIfKeyed(key_id, made->state, Context(case_id, revision));
  if (absl::IsFailedPrecondition(sealed.status())) return absl::OkStatus();  // erased
  if (absl::IsNotFound(sealed.status())) {
    // Sealed under another key than the case's (none caseledger writes): never store plain.
    if (any_sealed) return absl::OkStatus();
    kept.set_state(made->state);  // nothing of the subject's was ever sealed
  } else if (!sealed.ok()) {
    return sealed.status();
  } else {
    kept.set_key_id(key_id);
    kept.set_state(*std::move(sealed));
  }
  view.Put(FoldKey(case_id, revision), kept.SerializeAsString());
  view.Put(IndexKey(case_id, revision), kept.latest_recorded().SerializeAsString());
  made_[case_id] = std::move(made);
  return absl::OkStatus();
}

absl::Status ReplayFoldsProjection::Flush(ViewBatch&) {
  made_.clear();
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Snapshot>> KeptFold(const View& view,
                                                         const privacy::SubjectKeys& keys,
                                                         const std::string& case_id, uint64_t last,
                                                         absl::Time as_of) {
  const std::string prefix = IndexPrefix(case_id);
  Choice choice{prefix.size(), last == UINT64_MAX ? UINT64_MAX : last + 1, as_of};
  if (absl::Status s = view.Scan(
          prefix, view_keys::PrefixEnd(prefix),
          [&](absl::string_view k, absl::string_view v) { return choice.Consider(k, v); });
      !s.ok()) {
    return s;
  }
  if (!choice.failed.ok()) return choice.failed;
  if (choice.best == 0) return nullptr;
  auto bytes = view.Get(FoldKey(case_id, choice.best));
  if (!bytes.ok()) return bytes.status();
  auto opened = Open(keys, case_id, choice.best, *bytes);
  if (absl::IsNotFound(opened.status())) return nullptr;  // the subject was erased
  return opened;
}

}  // namespace caseledger::projections
