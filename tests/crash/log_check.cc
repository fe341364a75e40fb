#include "tests/crash/log_check.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace caseledger::crash {
namespace {

// A command's events in the log.
struct Placement {
  std::vector<uint64_t> positions;
  std::vector<std::string> streams;
};

// One append's events are consecutive, each on a stream of its own: anything else is the
// command applied twice.
bool AppliedOnce(const Placement& placed) {
  for (size_t i = 1; i < placed.positions.size(); ++i) {
    if (placed.positions[i] != placed.positions[i - 1] + 1) return false;
  }
  absl::flat_hash_set<std::string> streams(placed.streams.begin(), placed.streams.end());
  return streams.size() == placed.streams.size();
}

}  // namespace

Applied CheckLog(eventstore::RocksDbEventStore& store, const std::vector<SentCommand>& commands,
                 Tally& tally) {
  Applied applied;
  auto verified = store.VerifyLog(0, 0);
  if (!verified.ok() || !verified->ok) {
    ++tally.chain_breaks;
    tally.Problem(absl::StrCat("VerifyLog: ",
                               verified.ok() ? verified->problem : verified.status().ToString()));
  }
  const uint64_t head = store.Head().position;
  tally.events = head;
  absl::flat_hash_map<std::string, Placement> placed;
  absl::flat_hash_set<std::string> erased_streams;
  for (uint64_t from = 1; from <= head;) {
    auto records = store.ReadAll(from, 10000);
    if (!records.ok() || records->empty()) {
      tally.Problem(absl::StrCat("the log can't be read from ", from));
      break;
    }
    for (const v1::EventRecord& record : *records) {
      if (record.type() == "SubjectErased") erased_streams.insert(record.stream_id());
      const std::string& id = record.metadata().command_id();
      if (id.empty()) continue;
      Placement& p = placed[id];
      p.positions.push_back(record.position());
      p.streams.push_back(record.stream_id());
    }
    from = records->back().position() + 1;
  }
  for (const auto& [id, p] : placed) applied[id] = p.positions.back();

  const eventstore::Storage storage = store.storage();
  for (const SentCommand& command : commands) {
    if (command.method == "EraseSubject") {
      if (command.outcome != Outcome::kAcknowledged) continue;
      auto key = storage.keys.Get(absl::StrCat("k/default/", command.subject));
      if (!key.ok() || key->has_value()) {
        ++tally.erased_readable;
        tally.Problem(absl::StrCat("the key of erased ", command.subject, " is still stored"));
      }
      if (!erased_streams.contains("case-" + command.case_id)) {
        ++tally.lost;
        tally.Problem(absl::StrCat("no SubjectErased on case-", command.case_id));
      }
      continue;
    }
    auto it = placed.find(command.command_id);
    const bool present = it != placed.end();
    if (present && !AppliedOnce(it->second)) {
      ++tally.duplicated;
      tally.Problem(absl::StrCat(command.command_id, " is applied more than once"));
    }
    switch (command.outcome) {
      case Outcome::kAcknowledged:
        if (!present) {
          ++tally.lost;
          tally.Problem(absl::StrCat("acknowledged ", command.command_id, " is not in the log"));
        } else if (it->second.positions.back() != command.position) {
          ++tally.wrong_answers;
          tally.Problem(absl::StrCat(command.command_id, " was answered position ",
                                     command.position, ", the log has it at ",
                                     it->second.positions.back()));
        }
        break;
      case Outcome::kRefused:
        if (present) {
          ++tally.wrong_answers;
          tally.Problem(absl::StrCat(command.command_id, " was refused (", command.message,
                                     ") yet is in the log"));
        }
        break;
      case Outcome::kUnanswered:
        break;
    }
  }
  return applied;
}

}  // namespace caseledger::crash
