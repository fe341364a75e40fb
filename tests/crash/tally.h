#pragma once

// What the crash loop counted: the kills, what was checked, and every kind of loss it looks for.

#include <cstdint>
#include <string>
#include <vector>

namespace caseledger::crash {

struct Tally {
  // Kills, and where each landed.
  int kills = 0;
  int kills_under_load = 0;
  int kills_in_erasure = 0;
  int kills_in_startup = 0;
  int kills_in_rebuild = 0;

  uint64_t acknowledged = 0;    // commands acknowledged, each checked after every later kill
  uint64_t unanswered = 0;      // commands the kill left unanswered, each sent again
  uint64_t events = 0;          // the log's length at the end
  uint64_t relayed = 0;         // messages read back from the stream
  uint64_t stored_folds = 0;    // folds caseledgerd stored of cases out of memory, found by kills
  uint64_t replays = 0;         // cases replayed after restarts (replay_check.h)
  uint64_t longest_replay = 0;  // the highest revision replayed

  // What must stay zero.
  uint64_t lost = 0;                   // acknowledged, not in the log
  uint64_t duplicated = 0;             // in the log more than once
  uint64_t wrong_answers = 0;          // an answer that disagrees with the log
  uint64_t chain_breaks = 0;           // VerifyLog failed
  uint64_t projection_mismatches = 0;  // a view unlike its rebuild from the log
  uint64_t relay_gaps = 0;             // positions missing from the stream
  uint64_t relay_reorders = 0;         // positions out of order, or twice
  uint64_t erased_readable = 0;        // an erased subject's key or field still there
  uint64_t replay_mismatches = 0;      // a replay unlike the fold of the case's history

  // The first problems, in words.
  std::vector<std::string> problems;

  void Problem(std::string what);
  bool Clean() const;
  // One line: the kills, the checks and the losses.
  std::string Summary() const;
};

}  // namespace caseledger::crash
