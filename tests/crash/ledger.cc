#include "tests/crash/ledger.h"

#include <utility>

namespace caseledger::crash {

void Ledger::Record(SentCommand command) {
  absl::MutexLock lock(&mu_);
  commands_.push_back(std::move(command));
}

std::vector<SentCommand> Ledger::Commands() const {
  absl::MutexLock lock(&mu_);
  return commands_;
}

void Ledger::Update(size_t index, SentCommand command) {
  absl::MutexLock lock(&mu_);
  commands_.at(index) = std::move(command);
}

}  // namespace caseledger::crash
