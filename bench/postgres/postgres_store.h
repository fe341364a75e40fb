#pragma once

// The event store most teams build today, for comparison: one PostgreSQL table of events with a
// global sequence and a unique (stream, version) constraint, and a streams table whose version
// is checked against the expected one in the same statement (so the same transaction) as the
// insert, the way Marten and Message DB append.

#include <libpq-fe.h>

#include <cstdint>
#include <string>
#include <vector>

namespace caseledger::bench {

// One connection; not thread-safe (one per client, as a pool would give).
class PostgresStore {
 public:
  explicit PostgresStore(const std::string& conninfo);
  ~PostgresStore();

  // Drops and creates the tables.
  void CreateSchema();
  // Appends one event expecting the stream at `expected` (0: new). Returns the new version,
  // or 0 when the expectation did not hold (a conflict).
  int64_t Append(const std::string& stream, int64_t expected, const std::string& type,
                 const std::string& data);
  int64_t StreamVersion(const std::string& stream);
  // The stream's events' data, in version order.
  std::vector<std::string> ReadStream(const std::string& stream);
  // Loads rows fast (COPY), in order: for setting up the replay.
  void BulkLoad(const std::vector<std::string>& streams, const std::vector<int64_t>& versions,
                const std::vector<std::string>& types, const std::vector<std::string>& data);
  // Every event's (stream, data) in global order, streamed row by row to `visit`.
  template <typename Visit>
  uint64_t ReadAll(Visit visit);

 private:
  PGresult* Exec(const char* sql);
  PGconn* conn_ = nullptr;
};

template <typename Visit>
uint64_t PostgresStore::ReadAll(Visit visit) {
  PQsendQueryParams(conn_, "SELECT stream_id, data FROM events ORDER BY global_position", 0,
                    nullptr, nullptr, nullptr, nullptr, 1);
  PQsetSingleRowMode(conn_);
  uint64_t rows = 0;
  while (PGresult* r = PQgetResult(conn_)) {
    if (PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
      visit(std::string(PQgetvalue(r, 0, 0), PQgetlength(r, 0, 0)),
            std::string(PQgetvalue(r, 0, 1), PQgetlength(r, 0, 1)));
      ++rows;
    }
    PQclear(r);
  }
  return rows;
}

}  // namespace caseledger::bench
