#pragma once

// Names the calling thread as `top -H`, `ps -L` and `perf report --sort comm` show it, so the
// CPU a process spends can be told apart by what its threads do. Linux keeps 15 bytes.

#include "absl/strings/string_view.h"

namespace caseledger {

void NameThisThread(absl::string_view name);

}  // namespace caseledger
