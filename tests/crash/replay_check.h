#pragma once

// A case replayed through a restarted caseledgerd, which keeps in memory a fold every
// kReplayFoldEvery revisions of the cases it replays, checked against the fold of the case's
// history read through it: by revision (the last, the last again, one before it, its middle)
// and as of now (twice), so that the later replays start from the folds the first ones kept.

#include <string>

#include "tests/crash/client.h"
#include "tests/crash/tally.h"

namespace caseledger::crash {

// caseledgerd's --replay-fold-every in the crash loop: small, so that the shared cases, a few
// tens of events each, are replayed from kept folds many times over.
inline constexpr uint64_t kReplayFoldEvery = 5;

// Replays `case_id` and counts each replay, and each that differs from the history's fold.
// A case whose history can't be read is a problem.
void CheckReplays(Client& client, const std::string& case_id, Tally& tally);

}  // namespace caseledger::crash
