#pragma once

#include <string>

namespace caseledger::cli {

// Thrown by a command to end the program with one line on stderr and exit code 1.
struct Failure {
  std::string message;
};

}  // namespace caseledger::cli
