#include "absl/strings/str_cat.h"
#include "eventstore/event_store.h"

namespace caseledger::eventstore {

absl::Status ExpectedRevision::Check(absl::string_view stream_id, uint64_t actual) const {
  bool met = false;
  switch (kind_) {
    case Kind::kAny:
      met = true;
      break;
    case Kind::kStreamExists:
      met = actual > 0;
      break;
    case Kind::kExact:
      met = actual == revision_;
      break;
  }
  if (met) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat("stream ", stream_id, " expected ", ToString(),
                                         " but its revision is ", actual));
}

std::string ExpectedRevision::ToString() const {
  switch (kind_) {
    case Kind::kAny:
      return "any revision";
    case Kind::kStreamExists:
      return "the stream to exist";
    case Kind::kExact:
      return revision_ == 0 ? "no stream" : absl::StrCat("revision ", revision_);
  }
  return "?";
}

}  // namespace caseledger::eventstore
