#include "eventstore/append_limits.h"

#include "absl/container/flat_hash_set.h"
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

// Checks one stream's part; `field` prefixes the names of its fields.
absl::Status ValidateStream(absl::string_view field, const std::string& stream_id,
                            const std::vector<ProposedEvent>& events, const AppendLimits& limits) {
  if (absl::Status s = CheckId(absl::StrCat(field, "stream_id"), stream_id, true, limits);
      !s.ok()) {
    return s;
  }
  if (events.empty())
    return absl::InvalidArgumentError(absl::StrCat(field, "events must not be empty"));
  if (events.size() > limits.max_events_per_append) {
    return absl::InvalidArgumentError(absl::StrCat(field, "events holds ", events.size(),
                                                   " events; the limit per append is ",
                                                   limits.max_events_per_append));
  }
  for (size_t i = 0; i < events.size(); ++i) {
    const ProposedEvent& event = events[i];
    const std::string prefix = absl::StrCat(field, "events[", i, "]");
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

}  // namespace

absl::Status ValidateAppend(const AppendRequest& request, const AppendLimits& limits) {
  if (absl::Status s = CheckId("command_id", request.command_id, false, limits); !s.ok()) {
    return s;
  }
  return ValidateStream("", request.stream_id, request.events, limits);
}

absl::Status ValidateAppend(const MultiStreamAppendRequest& request, const AppendLimits& limits) {
  if (absl::Status s = CheckId("command_id", request.command_id, false, limits); !s.ok()) {
    return s;
  }
  if (request.streams.empty()) return absl::InvalidArgumentError("streams must not be empty");
  size_t events = 0;
  absl::flat_hash_set<absl::string_view> named;
  for (size_t i = 0; i < request.streams.size(); ++i) {
    const StreamAppend& stream = request.streams[i];
    const std::string field = absl::StrCat("streams[", i, "].");
    if (absl::Status s = ValidateStream(field, stream.stream_id, stream.events, limits); !s.ok()) {
      return s;
    }
    if (!named.insert(stream.stream_id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, "stream_id names stream ", stream.stream_id, " a second time"));
    }
    events += stream.events.size();
  }
  if (events > limits.max_events_per_append) {
    return absl::InvalidArgumentError(absl::StrCat("streams hold ", events,
                                                   " events in all; the limit per append is ",
                                                   limits.max_events_per_append));
  }
  return absl::OkStatus();
}

}  // namespace caseledger::eventstore
