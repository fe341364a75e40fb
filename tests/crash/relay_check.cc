#include "tests/crash/relay_check.h"

#include <nats/nats.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace caseledger::crash {

void RelayCheck::CatchUp(Client& client, Tally& tally) {
  v1::RelayStatusResponse status;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  for (;;) {
    grpc::Status answered = client.RelayStatus(status);
    if (answered.ok() && status.connected() && status.lag_events() == 0 &&
        status.position() == status.head()) {
      break;
    }
    if (absl::Now() > deadline) {
      return tally.Problem(absl::StrCat("the relay did not catch up: at ", status.position(),
                                        " of ", status.head(), " ", status.last_error(), " ",
                                        answered.error_message()));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  if (natsConnection_ConnectTo(&connection, url_.c_str()) != NATS_OK ||
      natsConnection_JetStream(&js, connection, nullptr) != NATS_OK) {
    natsConnection_Destroy(connection);
    return tally.Problem("can't connect to the broker to read the stream");
  }
  jsStreamInfo* info = nullptr;
  uint64_t last = 0;
  if (js_GetStreamInfo(&info, js, stream_.c_str(), nullptr, nullptr) == NATS_OK) {
    last = info->State.LastSeq;
    jsStreamInfo_Destroy(info);
  }
  for (; next_sequence_ <= last; ++next_sequence_) {
    natsMsg* msg = nullptr;
    if (js_GetMsg(&msg, js, stream_.c_str(), next_sequence_, nullptr, nullptr) != NATS_OK) {
      tally.Problem(absl::StrCat("stream message ", next_sequence_, " can't be read"));
      break;
    }
    ++tally.relayed;
    const char* header = nullptr;
    uint64_t position = 0;
    if (natsMsgHeader_Get(msg, "Caseledger-Position", &header) != NATS_OK ||
        !absl::SimpleAtoi(header, &position)) {
      tally.Problem(absl::StrCat("stream message ", next_sequence_, " names no position"));
    } else if (position > next_position_) {
      tally.relay_gaps += position - next_position_;
      tally.Problem(absl::StrCat("the stream skips from ", next_position_ - 1, " to ", position));
      next_position_ = position + 1;
    } else if (position < next_position_) {
      ++tally.relay_reorders;
      tally.Problem(
          absl::StrCat("the stream holds ", position, " again after ", next_position_ - 1));
    } else {
      ++next_position_;
    }
    natsMsg_Destroy(msg);
  }
  if (next_position_ != status.head() + 1) {
    tally.relay_gaps += status.head() + 1 > next_position_ ? status.head() + 1 - next_position_ : 0;
    tally.Problem(
        absl::StrCat("the stream ends at ", next_position_ - 1, ", the log at ", status.head()));
  }
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);
}

}  // namespace caseledger::crash
