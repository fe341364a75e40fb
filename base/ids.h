#pragma once

#include <string>

namespace caseledger {

// A random (version 4) UUID in its 36-character text form. Thread-safe.
std::string NewUuid();

// Whether `c` may be part of an id (a case's, a worker's, an organisation's, ...): letters,
// digits, '-', '_', '.' and ':'. Never a zero byte, which separates the parts of view keys.
bool IsIdChar(char c);

}  // namespace caseledger
