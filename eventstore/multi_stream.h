#pragma once

// What both stores share about appends that span several streams: an append of one stream is
// an append of several with one, and a command id answers only for the streams it named.

#include "absl/status/status.h"
#include "eventstore/event_store.h"

namespace caseledger::eventstore {

// `request` as an append of one stream.
MultiStreamAppendRequest OneStream(AppendRequest request);

// `done`, for an append of one stream made as an append of several.
MultiStreamAppendCallback FirstStreamOf(AppendCallback done);

// OK when `earlier`, the first result of `request.command_id`, names the same streams in the
// same order as `request`; otherwise ALREADY_EXISTS naming the streams it was used for.
absl::Status SameStreams(const MultiStreamAppendRequest& request,
                         const MultiStreamAppendResult& earlier);

}  // namespace caseledger::eventstore
