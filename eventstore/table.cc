#include "eventstore/table.h"

namespace caseledger::eventstore {

absl::Status Table::ScanPrefix(absl::string_view prefix, Visitor visit) const {
  if (prefix.empty()) return absl::InvalidArgumentError("a scanned prefix must not be empty");
  std::string until(prefix);
  // The first key past every key with this prefix.
  until.back() = static_cast<char>(static_cast<unsigned char>(until.back()) + 1);
  return Scan(prefix, until, visit);
}

}  // namespace caseledger::eventstore
