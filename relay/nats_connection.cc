#include "relay/nats_connection.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "base/log.h"

namespace caseledger::relay {

absl::Status FromNats(natsStatus s, absl::string_view what) {
  if (s == NATS_OK) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(what, ": ", natsStatus_GetText(s)));
}

NatsConnection::~NatsConnection() {
  if (js != nullptr) jsCtx_Destroy(js);
  if (connection != nullptr) natsConnection_Destroy(connection);
  if (options != nullptr) natsOptions_Destroy(options);
}

absl::StatusOr<std::unique_ptr<NatsConnection>> NatsConnection::Open(const std::string& url,
                                                                     jsOptions* js_options) {
  auto nats = std::make_unique<NatsConnection>();
  natsStatus s = natsOptions_Create(&nats->options);
  // One URL, or a cluster's several separated by commas.
  const std::vector<std::string> urls = absl::StrSplit(url, ',', absl::SkipWhitespace());
  std::vector<const char*> servers;
  for (const std::string& one : urls) servers.push_back(one.c_str());
  if (servers.empty()) return absl::InvalidArgumentError("nats url must not be empty");
  if (s == NATS_OK) {
    s = natsOptions_SetServers(nats->options, servers.data(), static_cast<int>(servers.size()));
  }
  if (s == NATS_OK) s = natsOptions_SetTimeout(nats->options, 2000);
  // Each publish is written at once rather than when the library's flusher next runs: a
  // command in sync mode waits for it.
  if (s == NATS_OK) s = natsOptions_SetSendAsap(nats->options, true);
  if (s == NATS_OK) s = natsOptions_SetAllowReconnect(nats->options, true);
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(nats->options, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(nats->options, 250);
  if (s == NATS_OK) s = natsConnection_Connect(&nats->connection, nats->options);
  if (s != NATS_OK) return FromNats(s, absl::StrCat("connecting to ", url));
  s = natsConnection_JetStream(&nats->js, nats->connection, js_options);
  if (s != NATS_OK) return FromNats(s, "opening JetStream");
  return nats;
}

void RetryUntilStopped(const std::atomic<bool>& stopping, absl::string_view what,
                       const std::function<absl::Status()>& attempt) {
  absl::Duration backoff = absl::Milliseconds(100);
  std::string last_error;
  while (!stopping) {
    absl::Status failed = attempt();
    if (stopping) return;
    if (failed.message() != last_error) {
      log::Warn(what, {{"error", failed.message()}});
      last_error = std::string(failed.message());
    }
    const absl::Time until = absl::Now() + backoff;
    while (!stopping && absl::Now() < until) absl::SleepFor(absl::Milliseconds(20));
    backoff = std::min(backoff * 2, absl::Seconds(5));
  }
}

absl::StatusOr<uint64_t> LastSequence(NatsConnection& nats, const std::string& stream) {
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, nats.js, stream.c_str(), nullptr, &code);
  if (s == NATS_NOT_FOUND) return 0;
  if (s != NATS_OK) return FromNats(s, absl::StrCat("looking up stream ", stream));
  const uint64_t last = info->State.Msgs == 0 ? 0 : info->State.LastSeq;
  jsStreamInfo_Destroy(info);
  return last;
}

absl::StatusOr<v1::EventRecord> StreamRecordAt(NatsConnection& nats, const std::string& stream,
                                               uint64_t sequence) {
  natsMsg* msg = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetMsg(&msg, nats.js, stream.c_str(), sequence, nullptr, &code);
  if (s == NATS_NOT_FOUND) {
    return absl::NotFoundError(absl::StrCat("stream ", stream, " holds no message ", sequence));
  }
  if (s != NATS_OK) return FromNats(s, absl::StrCat("reading message ", sequence, " of ", stream));
  v1::EventRecord record;
  const bool parsed = record.ParseFromArray(natsMsg_GetData(msg), natsMsg_GetDataLength(msg));
  natsMsg_Destroy(msg);
  if (!parsed) {
    return absl::DataLossError(
        absl::StrCat("message ", sequence, " of stream ", stream, " is not a record"));
  }
  return record;
}

absl::StatusOr<bool> LogHolds(const eventstore::EventStore& log, const v1::EventRecord& record) {
  if (record.position() == 0 || record.position() > log.Head().position) return false;
  absl::StatusOr<std::vector<v1::EventRecord>> mine = log.ReadAll(record.position(), 1);
  if (!mine.ok()) return mine.status();
  return !mine->empty() && mine->front().hash() == record.hash();
}

std::string HeaderOf(natsMsg* msg, const char* name) {
  const char* value = nullptr;
  if (natsMsgHeader_Get(msg, name, &value) != NATS_OK || value == nullptr) return "";
  return value;
}

}  // namespace caseledger::relay
