#include "tests/crash/replay_check.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/proto_time.h"
#include "domain/case.h"
#include "google/protobuf/util/message_differencer.h"

namespace caseledger::crash {
namespace {

// The case's events, all of them, decoded as caseledgerd opens them.
std::optional<std::vector<v1::CaseEvent>> History(Client& client, const std::string& case_id,
                                                  Tally& tally) {
  std::vector<v1::CaseEvent> events;
  uint64_t from = 1;
  do {
    v1::GetCaseHistoryResponse page;
    if (grpc::Status s = client.GetCaseHistory(case_id, from, page); !s.ok()) {
      tally.Problem(absl::StrCat("GetCaseHistory of ", case_id, ": ", s.error_message()));
      return std::nullopt;
    }
    for (v1::HistoryEntry& entry : *page.mutable_entries()) {
      events.push_back(std::move(*entry.mutable_event()));
    }
    from = page.next_revision();
  } while (from != 0);
  return events;
}

}  // namespace

void CheckReplays(Client& client, const std::string& case_id, Tally& tally) {
  std::optional<std::vector<v1::CaseEvent>> events = History(client, case_id, tally);
  if (!events.has_value() || events->empty()) return;
  const uint64_t last = events->size();
  // The revisions replayed, in this order; a request without one replays as of now.
  const std::vector<std::optional<uint64_t>> replays = {
      last, last, std::max<uint64_t>(last - 1, 1), last / 2 + 1, std::nullopt, std::nullopt};
  std::map<uint64_t, v1::CaseState> expected;
  v1::CaseState state;
  for (uint64_t revision = 1; revision <= last; ++revision) {
    domain::Evolve(state, (*events)[revision - 1]);
    if (std::find(replays.begin(), replays.end(), revision) != replays.end()) {
      expected[revision] = state;
    }
  }
  for (const std::optional<uint64_t>& revision : replays) {
    v1::ReplayCaseRequest request;
    request.set_case_id(case_id);
    if (revision.has_value()) {
      request.set_revision(*revision);
    } else {
      *request.mutable_time() = ToProto(absl::Now());
    }
    v1::ReplayCaseResponse replayed;
    ++tally.replays;
    const uint64_t at = revision.value_or(last);
    tally.longest_replay = std::max(tally.longest_replay, at);
    if (grpc::Status s = client.ReplayCase(request, replayed); !s.ok()) {
      tally.Problem(absl::StrCat("ReplayCase of ", case_id, " at ", at, ": ", s.error_message()));
      continue;
    }
    std::string differences;
    google::protobuf::util::MessageDifferencer differ;
    differ.ReportDifferencesToString(&differences);
    if (replayed.revision() == at && differ.Compare(expected[at], replayed.state())) continue;
    ++tally.replay_mismatches;
    tally.Problem(absl::StrCat("ReplayCase of ", case_id, " at ", at, " (revision ",
                               replayed.revision(),
                               ") differs from its history's fold: ", differences.substr(0, 400)));
  }
}

}  // namespace caseledger::crash
