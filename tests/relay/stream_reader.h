#pragma once

// Reads back what a JetStream stream holds, as a consumer on another connection would.

#include <nats/nats.h>

#include <cstdint>
#include <string>
#include <vector>

namespace caseledger::testing {

struct StoredMessage {
  uint64_t sequence = 0;
  uint64_t position = 0;  // the Caseledger-Position header
  std::string msg_id;     // the Nats-Msg-Id header
  std::string subject;
  std::string data;       // the serialized EventRecord
};

// Every message of `stream`, in stream order; empty when the stream can't be read.
inline std::vector<StoredMessage> ReadStream(const std::string& url, const std::string& stream) {
  std::vector<StoredMessage> out;
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  if (natsConnection_ConnectTo(&connection, url.c_str()) != NATS_OK) return out;
  if (natsConnection_JetStream(&js, connection, nullptr) == NATS_OK) {
    jsStreamInfo* info = nullptr;
    if (js_GetStreamInfo(&info, js, stream.c_str(), nullptr, nullptr) == NATS_OK) {
      const uint64_t first = info->State.FirstSeq, last = info->State.LastSeq;
      jsStreamInfo_Destroy(info);
      for (uint64_t seq = first; seq <= last && seq > 0; ++seq) {
        natsMsg* msg = nullptr;
        if (js_GetMsg(&msg, js, stream.c_str(), seq, nullptr, nullptr) != NATS_OK) continue;
        StoredMessage m;
        m.sequence = seq;
        m.subject = natsMsg_GetSubject(msg);
        m.data.assign(natsMsg_GetData(msg), natsMsg_GetDataLength(msg));
        const char* value = nullptr;
        if (natsMsgHeader_Get(msg, "Caseledger-Position", &value) == NATS_OK) {
          m.position = std::stoull(value);
        }
        if (natsMsgHeader_Get(msg, "Nats-Msg-Id", &value) == NATS_OK) m.msg_id = value;
        out.push_back(std::move(m));
        natsMsg_Destroy(msg);
      }
    }
    jsCtx_Destroy(js);
  }
  natsConnection_Destroy(connection);
  return out;
}

}  // namespace caseledger::testing
