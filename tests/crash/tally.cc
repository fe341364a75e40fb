#include "tests/crash/tally.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace caseledger::crash {

void Tally::Problem(std::string what) {
  if (problems.size() < 20) problems.push_back(std::move(what));
}

bool Tally::Clean() const {
  return lost + duplicated + wrong_answers + chain_breaks + projection_mismatches + relay_gaps +
                 relay_reorders + erased_readable + replay_mismatches ==
             0 &&
         problems.empty();
}

std::string Tally::Summary() const {
  return absl::StrCat(
      kills, " kills (", kills_under_load, " under load, ", kills_in_erasure, " mid-erasure, ",
      kills_in_startup, " in startup recovery, ", kills_in_rebuild, " in a projection rebuild); ",
      acknowledged, " commands acknowledged, ", unanswered, " unanswered and sent again; ", events,
      " events in the log, ", relayed, " relayed, ", stored_folds, " stored folds found, ", replays,
      " replays up to revision ", longest_replay, "; ", lost, " lost, ", duplicated,
      " duplicated, ", wrong_answers, " wrong answers, ", chain_breaks, " chain breaks, ",
      projection_mismatches, " projection mismatches, ", relay_gaps, " relay gaps, ",
      relay_reorders, " relay reorders, ", erased_readable, " erased fields readable, ",
      replay_mismatches, " replay mismatches");
}

}  // namespace caseledger::crash
