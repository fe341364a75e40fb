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
  std::string data;  // the serialized EventRecord
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

// Publishes `data` to `subject` with `msg_id` and `position` as the relay's headers, as if
// the relay had; whether the broker stored it.
inline bool PublishAsTheRelay(const std::string& url, const std::string& subject,
                              const std::string& data, const std::string& msg_id,
                              uint64_t position) {
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  natsMsg* msg = nullptr;
  bool stored = false;
  if (natsConnection_ConnectTo(&connection, url.c_str()) != NATS_OK) return false;
  if (natsConnection_JetStream(&js, connection, nullptr) == NATS_OK &&
      natsMsg_Create(&msg, subject.c_str(), nullptr, data.data(), static_cast<int>(data.size())) ==
          NATS_OK &&
      natsMsgHeader_Set(msg, "Caseledger-Position", std::to_string(position).c_str()) == NATS_OK) {
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MsgId = msg_id.c_str();
    stored = js_PublishMsg(nullptr, js, msg, &options, nullptr) == NATS_OK;
  }
  if (msg != nullptr) natsMsg_Destroy(msg);
  if (js != nullptr) jsCtx_Destroy(js);
  natsConnection_Destroy(connection);
  return stored;
}

}  // namespace caseledger::testing
