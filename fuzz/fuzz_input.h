#pragma once

// The fuzzer's bytes read as a sequence of choices: each call takes what it needs from the
// front, and once the bytes run out every choice is its first (zero), so any input is a
// complete, repeatable run.

#include <cstddef>
#include <cstdint>
#include <string>

namespace caseledger::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  bool empty() const { return size_ == 0; }

  uint8_t Byte() {
    if (size_ == 0) return 0;
    --size_;
    return *data_++;
  }
  bool Bool() { return (Byte() & 1) != 0; }
  // A number in [0, count); count > 0.
  size_t Below(size_t count) {
    const uint64_t wide = count > 256 ? (uint64_t{Byte()} << 8) | Byte() : Byte();
    return static_cast<size_t>(wide % count);
  }
  uint64_t U64() {
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = (value << 8) | Byte();
    return value;
  }
  // Up to `max` bytes as they come.
  std::string Bytes(size_t max) {
    size_t n = Below(max + 1);
    if (n > size_) n = size_;
    std::string bytes(reinterpret_cast<const char*>(data_), n);
    data_ += n;
    size_ -= n;
    return bytes;
  }

 private:
  const uint8_t* data_;
  size_t size_;
};

}  // namespace caseledger::fuzz
