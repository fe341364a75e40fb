#pragma once

// The relayed stream read back as a consumer would, message by message, each position checked
// against the one before: every event once and in log order.

#include <cstdint>
#include <string>

#include "tests/crash/client.h"
#include "tests/crash/tally.h"

namespace caseledger::crash {

class RelayCheck {
 public:
  RelayCheck(std::string nats_url, std::string stream)
      : url_(std::move(nats_url)), stream_(std::move(stream)) {}

  // Waits until caseledgerd (through `client`) says the broker has every event of its log,
  // then reads what the stream gained since the last call and counts gaps and reorders.
  void CatchUp(Client& client, Tally& tally);

 private:
  const std::string url_;
  const std::string stream_;
  uint64_t next_sequence_ = 1;  // the stream's next message to read
  uint64_t next_position_ = 1;  // the log position it should carry
};

}  // namespace caseledger::crash
