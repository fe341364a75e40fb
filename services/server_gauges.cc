#include "services/server_gauges.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/metrics.h"

namespace caseledger::services {

std::vector<prometheus::MetricFamily> ServerGauges::Collect() const {
  std::vector<prometheus::MetricFamily> families;
  auto gauge = [&families](const char* name, const char* help, double value) {
    AddSample(families.emplace_back(GaugeFamily(name, help)), value);
  };
  auto counter = [&families](const char* name, const char* help, double value) {
    AddSample(families.emplace_back(CounterFamily(name, help)), value);
  };

  const eventstore::EventStore& log = app_.storage().log;
  const uint64_t head = log.Head().position;
  gauge("caseledger_log_head_position", "The log's last committed position.",
        static_cast<double>(head));
  const eventstore::StoreStats store = log.Stats();
  gauge("caseledger_log_writer_refusing_appends",
        "1 when the writer refuses appends after a failed write or fsync, else 0.",
        store.writer.ok() ? 0 : 1);
  gauge("caseledger_log_oldest_waiting_append_seconds",
        "How long the oldest append not yet written has waited.",
        absl::ToDoubleSeconds(store.oldest_waiting_append));
  gauge("caseledger_rocksdb_pending_compaction_bytes",
        "Bytes RocksDB estimates compaction must rewrite.",
        static_cast<double>(store.pending_compaction_bytes));
  gauge("caseledger_rocksdb_memtable_bytes", "Bytes held in RocksDB's memtables.",
        static_cast<double>(store.memtable_bytes));
  gauge("caseledger_rocksdb_live_sst_bytes", "Bytes of the table files RocksDB reads.",
        static_cast<double>(store.live_sst_bytes));
  gauge("caseledger_rocksdb_writes_stopped", "1 while RocksDB stops writes for compaction.",
        store.writes_stopped ? 1 : 0);
  gauge("caseledger_rocksdb_delayed_write_rate_bytes",
        "The write rate RocksDB allows while it slows writes; 0 when it does not.",
        static_cast<double>(store.delayed_write_rate));

  auto position = GaugeFamily("caseledger_projection_position",
                              "The last log position a projection's serving view applied.");
  auto lag_events = GaugeFamily("caseledger_projection_lag_events",
                                "Events in the log a projection has not applied.");
  auto lag_seconds =
      GaugeFamily("caseledger_projection_lag_seconds",
                  "How long the first event a projection has not applied has been in the log.");
  auto failing = GaugeFamily("caseledger_projection_failing",
                             "1 while a projection's batches fail and are retried, else 0.");
  auto rebuild = GaugeFamily("caseledger_projection_rebuild_position",
                             "How far a new version of a view being built has come; 0: none.");
  for (const projections::ProjectionStatus& status : app_.projections().Statuses()) {
    std::vector<prometheus::ClientMetric::Label> labels{{"projection", status.name}};
    AddSample(position, static_cast<double>(status.serving_position), labels);
    AddSample(lag_events, static_cast<double>(head - std::min(head, status.serving_position)),
              labels);
    AddSample(lag_seconds, absl::ToDoubleSeconds(status.lag), labels);
    AddSample(failing, status.failure.ok() ? 0 : 1, labels);
    AddSample(rebuild, static_cast<double>(status.building_position), labels);
  }
  for (auto* family : {&position, &lag_events, &lag_seconds, &failing, &rebuild}) {
    families.push_back(std::move(*family));
  }

  if (relay_ != nullptr) {
    const relay::RelayStatus relay = relay_->Status();
    gauge("caseledger_relay_position", "The last log position the broker acknowledged.",
          static_cast<double>(relay.position));
    gauge("caseledger_relay_lag_events", "Committed events the broker has not acknowledged.",
          static_cast<double>(relay.head - std::min(relay.head, relay.position)));
    gauge("caseledger_relay_lag_seconds",
          "How long the first event the broker has not acknowledged has been in the log.",
          relay.lag_seconds);
    gauge("caseledger_relay_connected", "1 while the relay is connected to the broker.",
          relay.connected ? 1 : 0);
  }

  gauge("caseledger_subscribers", "Events.Subscribe clients following the log now.",
        static_cast<double>(subscribers_.live.load(std::memory_order_relaxed)));
  counter("caseledger_subscribers_cut_off_total",
          "Events.Subscribe clients cut off for reading too slowly.",
          static_cast<double>(subscribers_.cut_off.load(std::memory_order_relaxed)));
  counter("caseledger_access_records_total", "Access records written (views and refusals).",
          static_cast<double>(app_.access_log().records_written()));
  counter("caseledger_erasures_total", "Data subjects erased.",
          static_cast<double>(app_.subjects().erasures_done()));
  return families;
}

}  // namespace caseledger::services
