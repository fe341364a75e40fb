#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>

namespace caseledger::testing {

// The size of the largest RocksDB write-ahead log (*.log) in a data folder; 0 when none.
inline uintmax_t LargestWalFile(const std::string& folder) {
  uintmax_t largest = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".log") largest = std::max(largest, entry.file_size());
  }
  return largest;
}

}  // namespace caseledger::testing
