// One fuzz target as a libFuzzer program: CASELEDGER_FUZZ_TARGET names it.

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return caseledger::fuzz::CASELEDGER_FUZZ_TARGET(data, size);
}
