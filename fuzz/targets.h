#pragma once

// The fuzz targets: each takes any bytes, must never crash, leak or trip a sanitizer, and
// traps (FUZZ_CHECK) when a property it checks does not hold. Built as libFuzzer programs
// (fuzz/README.md), and replayed over their committed corpora by the suite.

#include <cstddef>
#include <cstdint>

namespace caseledger::fuzz {

// Connect's frames, content types and timeouts: what parses re-encodes to the same bytes.
int ConnectFrames(const uint8_t* data, size_t size);
// A Connect request body (JSON or binary) for one of the served methods, chosen by the first
// byte: what decodes is a valid binary message of the method's input type.
int ConnectRequest(const uint8_t* data, size_t size);
// A stored record's bytes: parsing, the encoding check, and the hash chain; whatever parses
// passes the encoding check, and its chain hash is 32 bytes and repeatable.
int StoredRecord(const uint8_t* data, size_t size);
// A bearer token in an Authorization header: no token is accepted unless its HS256 signature
// over its header and payload verifies with the server's key.
int BearerToken(const uint8_t* data, size_t size);
// What a person types for the CLI's times and choices: each parses or fails with a message
// naming the flag, never anything else.
int CliArguments(const uint8_t* data, size_t size);
// A case and a provider taken through a run of well-typed command requests, each decided as
// the server decides it: every refusal has an actionable code (INVALID_ARGUMENT with a
// BadRequest that reads back, naming each field), every decision is repeatable, and every
// event folds, raising the revision by one.
int Commands(const uint8_t* data, size_t size);

}  // namespace caseledger::fuzz

// Stops the program at once when a property does not hold: the fuzzer keeps the input.
#define FUZZ_CHECK(condition)           \
  do {                                  \
    if (!(condition)) __builtin_trap(); \
  } while (false)
