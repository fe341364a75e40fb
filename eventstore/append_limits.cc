#include "eventstore/append_limits.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace caseledger::eventstore {
namespace {

absl::Status CheckId(absl::string_view field, absl::string_view value, bool required,
                     const AppendLimits& limits) {
  if (value.empty()) {
    return required ? absl::InvalidArgumentError(absl::StrCat(field, " must not be empty"))
                    : absl::OkStatus();
  }
  if (value.size() > limits.max_id_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is ", value.size(), " bytes; the limit is ", limits.max_id_bytes));
  }
  if (absl::StrContains(value, absl::string_view("\0", 1))) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must not contain a zero byte"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateAppend(const AppendRequest& request, const AppendLimits& limits) {
  if (absl::Status s = CheckId("stream_id", request.stream_id, true, limits); !s.ok()) return s;
  if (absl::Status s = CheckId("command_id", request.command_id, false, limits); !s.ok()) {
    return s;
  }
  if (request.events.empty()) return absl::InvalidArgumentError("events must not be empty");
  if (request.events.size() > limits.max_events_per_append) {
    return absl::InvalidArgumentError(absl::StrCat("events holds ", request.events.size(),
                                                   " events; the limit per append is ",
                                                   limits.max_events_per_append));
  }
  for (size_t i = 0; i < request.events.size(); ++i) {
    const ProposedEvent& event = request.events[i];
    const std::string prefix = absl::StrCat("events[", i, "]");
    if (absl::Status s = CheckId(prefix + ".type", event.type, true, limits); !s.ok()) return s;
    if (absl::Status s = CheckId(prefix + ".event_id", event.event_id, false, limits); !s.ok()) {
      return s;
    }
    const size_t bytes = event.type.size() + event.payload.size() + event.metadata.ByteSizeLong();
    if (bytes > limits.max_event_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          prefix, " is ", bytes, " bytes; the limit per event is ", limits.max_event_bytes));
    }
  }
  return absl::OkStatus();
}

}  // namespace caseledger::eventstore
