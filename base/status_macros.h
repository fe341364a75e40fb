#pragma once

// The two status macros Debian's Abseil (20220623) does not ship.

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CASELEDGER_CONCAT_INNER_(a, b) a##b
#define CASELEDGER_CONCAT_(a, b) CASELEDGER_CONCAT_INNER_(a, b)

// Returns the status of `expr` from the enclosing function when it is not OK.
#define RETURN_IF_ERROR(expr)                   \
  do {                                          \
    ::absl::Status caseledger_status_ = (expr); \
    if (!caseledger_status_.ok()) {             \
      return caseledger_status_;                \
    }                                           \
  } while (false)

// Evaluates `expr` (an absl::StatusOr<T>); returns its status when not OK,
// otherwise moves its value into `lhs`, which may be a declaration.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(CASELEDGER_CONCAT_(caseledger_statusor_, __LINE__), lhs, expr)

namespace caseledger {

// Moves `result`'s value into `out` when it holds one; returns its status either way.
template <typename T>
absl::Status MoveValueTo(absl::StatusOr<T>&& result, T& out) {
  if (!result.ok()) return result.status();
  out = *std::move(result);
  return absl::OkStatus();
}

}  // namespace caseledger

#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                           \
  if (!statusor.ok()) {                             \
    return std::move(statusor).status();            \
  }                                                 \
  lhs = std::move(statusor).value()
