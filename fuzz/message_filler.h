#pragma once

// A structure-aware mutator of our own over Protobuf's descriptors: libFuzzer mutates bytes,
// and FillMessage reads them as choices that build a well-typed request, so the fuzzer spends
// its runs on what the request means, not on whether it parses.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "fuzz/fuzz_input.h"
#include "google/protobuf/message.h"

namespace caseledger::fuzz {

struct FillChoices {
  // Strings a field may take whole: the ids, names and levels the world the request is
  // decided in knows, so requests often refer to what exists.
  std::vector<std::string> words;
  // Times are drawn near this moment, or at the edges of what a Timestamp can hold.
  absl::Time now;
};

// Sets each field of `message` or leaves it, as `input` chooses: strings from the words, at
// the size limits, with control bytes or as raw bytes; numbers at their edges; enum numbers
// declared or not; Timestamps near `now` or out of range; 0 to 3 items of a repeated field;
// messages within messages to a depth of 4.
void FillMessage(FuzzInput& input, const FillChoices& choices, google::protobuf::Message& message);

}  // namespace caseledger::fuzz
