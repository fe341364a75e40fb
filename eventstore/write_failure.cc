#include "eventstore/write_failure.h"

#include "absl/strings/str_cat.h"
#include "eventstore/rocksdb_bridge.h"

namespace caseledger::eventstore {

absl::Status WriteFailure::Check(const rocksdb::Status& status, absl::string_view context,
                                 bool always) {
  if (status.ok()) return absl::OkStatus();
  if (!always && !status.IsIOError()) return FromRocksDb(status, context);
  absl::MutexLock lock(&mu_);
  if (!refusal_.ok()) return refusal_;
  if (status.IsNoSpace()) {
    refusal_ = absl::ResourceExhaustedError(
        absl::StrCat("the disk is full: ", context, " failed (", status.ToString(),
                     "); appends are refused until space is freed and caseledgerd restarts"));
  } else {
    refusal_ =
        absl::UnavailableError(absl::StrCat(context, " failed (", status.ToString(),
                                            "); appends are refused until caseledgerd restarts"));
  }
  return refusal_;
}

absl::Status WriteFailure::Refusal() const {
  absl::MutexLock lock(&mu_);
  return refusal_;
}

}  // namespace caseledger::eventstore
