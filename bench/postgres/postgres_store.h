#pragma once

// The event store most teams build today, for comparison: one PostgreSQL table of events with a
// global sequence and a unique (stream, version) constraint, and a streams table whose version
// is checked against the expected one in the same statement (so the same transaction) as the
// insert, the way Marten and Message DB append. Each event row keeps what Message DB's keeps: a
// unique id, the type, the data, the metadata (who, in what role, the command's id, when) and
// the time written.

#include <endian.h>
#include <libpq-fe.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace caseledger::bench {

// A bigint or timestamp column in PostgreSQL's binary format.
inline int64_t BigEndian64(const char* value) {
  uint64_t raw;
  std::memcpy(&raw, value, sizeof raw);
  return static_cast<int64_t>(be64toh(raw));
}

// One connection; not thread-safe (one per client, as a pool would give).
class PostgresStore {
 public:
  explicit PostgresStore(const std::string& conninfo);
  ~PostgresStore();

  // Drops and creates the tables.
  void CreateSchema();
  // Appends one event, with a fresh id, expecting the stream at `expected` (0: new). Returns
  // the new version, or 0 when the expectation did not hold (a conflict).
  int64_t Append(const std::string& stream, int64_t expected, const std::string& type,
                 const std::string& data, const std::string& metadata);
  int64_t StreamVersion(const std::string& stream);
  // The stream's events, in version order: the whole row, as a history shows it. The result
  // stays valid until the next call on this connection.
  struct Row {
    absl::string_view id;  // 16 bytes
    absl::string_view type;
    int64_t version = 0;
    int64_t global_position = 0;
    absl::string_view data;
    absl::string_view metadata;
    int64_t recorded_at_micros = 0;  // since 2000-01-01, PostgreSQL's epoch
  };
  const std::vector<Row>& ReadStream(const std::string& stream);
  // Writes every changed page out (CHECKPOINT), so what follows starts at rest.
  void Checkpoint();
  // Loads rows fast (COPY), in order: for setting up the replay.
  void BulkLoad(const std::vector<std::string>& streams, const std::vector<int64_t>& versions,
                const std::vector<std::string>& types, const std::vector<std::string>& data,
                const std::string& metadata);
  // Every event's (stream, global position, data) in global order, streamed row by row to
  // `visit`: what a projection rebuild needs.
  template <typename Visit>
  uint64_t ReadAll(Visit visit);

 private:
  PGresult* Exec(const char* sql);
  PGconn* conn_ = nullptr;
  PGresult* read_ = nullptr;  // the last ReadStream's result, which rows_ points into
  std::vector<Row> rows_;
};

template <typename Visit>
uint64_t PostgresStore::ReadAll(Visit visit) {
  PQsendQueryParams(conn_,
                    "SELECT stream_id, global_position, data FROM events ORDER BY global_position",
                    0, nullptr, nullptr, nullptr, nullptr, 1);
  PQsetSingleRowMode(conn_);
  uint64_t rows = 0;
  while (PGresult* r = PQgetResult(conn_)) {
    if (PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
      visit(std::string(PQgetvalue(r, 0, 0), PQgetlength(r, 0, 0)),
            BigEndian64(PQgetvalue(r, 0, 1)),
            std::string(PQgetvalue(r, 0, 2), PQgetlength(r, 0, 2)));
      ++rows;
    }
    PQclear(r);
  }
  return rows;
}

}  // namespace caseledger::bench
