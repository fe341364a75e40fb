#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace caseledger::testing {

// The size of the largest RocksDB write-ahead log (*.log) in a data folder; 0 when none.
inline uintmax_t LargestWalFile(const std::string& folder) {
  uintmax_t largest = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".log") largest = std::max(largest, entry.file_size());
  }
  return largest;
}

// Whether any file under `folder` holds `needle`, byte for byte. A file deleted while the
// search runs (RocksDB compacts in the background) is passed over.
inline bool AnyFileHolds(const std::string& folder, const std::string& needle) {
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder, error)) {
    if (!entry.is_regular_file(error)) continue;
    std::ifstream file(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos) return true;
  }
  return false;
}

// Whether any file under `folder` holds the random `key`. RocksDB compresses its blocks, and
// the compressor may fold a key's first or last bytes into a run of equal bytes beside it (a
// key that begins with a zero byte after a field of zeros), so this looks for the key without
// its four bytes at each end: 24 random bytes of a 32-byte key are no accident.
inline bool AnyFileHoldsKey(const std::string& folder, const std::string& key) {
  return key.size() > 8 ? AnyFileHolds(folder, key.substr(4, key.size() - 8))
                        : AnyFileHolds(folder, key);
}

}  // namespace caseledger::testing
