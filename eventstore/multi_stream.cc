#include "eventstore/multi_stream.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace caseledger::eventstore {

MultiStreamAppendRequest OneStream(AppendRequest request) {
  MultiStreamAppendRequest multi;
  multi.command_id = std::move(request.command_id);
  multi.streams.push_back(StreamAppend{std::move(request.stream_id), request.expected_revision,
                                       std::move(request.events)});
  return multi;
}

MultiStreamAppendCallback FirstStreamOf(AppendCallback done) {
  return [done = std::move(done)](absl::StatusOr<MultiStreamAppendResult> result) {
    if (!result.ok()) return done(result.status());
    done(std::move(result->streams.front()));
  };
}

absl::Status SameStreams(const MultiStreamAppendRequest& request,
                         const MultiStreamAppendResult& earlier) {
  bool same = request.streams.size() == earlier.streams.size();
  for (size_t i = 0; same && i < request.streams.size(); ++i) {
    same = request.streams[i].stream_id == earlier.streams[i].stream_id;
  }
  if (same) return absl::OkStatus();
  return absl::AlreadyExistsError(absl::StrCat(
      "command_id ", request.command_id, " was already used for stream ",
      absl::StrJoin(earlier.streams, ", ",
                    [](std::string* out, const AppendResult& r) { out->append(r.stream_id); })));
}

}  // namespace caseledger::eventstore
