#include "bench/postgres/postgres_store.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/ids.h"

namespace caseledger::bench {
namespace {

[[noreturn]] void Die(PGconn* conn, const char* what) {
  std::fprintf(stderr, "postgres: %s: %s\n", what, PQerrorMessage(conn));
  std::exit(1);
}

}  // namespace

PostgresStore::PostgresStore(const std::string& conninfo) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) Die(conn_, "connect");
  PGresult* r = PQprepare(conn_, "append",
                          "WITH s AS (INSERT INTO streams (stream_id, version) VALUES ($1, 1) "
                          "ON CONFLICT (stream_id) DO UPDATE SET version = streams.version + 1 "
                          "WHERE streams.version = $2 RETURNING version) "
                          "INSERT INTO events (id, stream_id, version, type, data, metadata) "
                          "SELECT $5, $1, s.version, $3, $4, $6 FROM s RETURNING version",
                          6, nullptr);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_FATAL_ERROR)
    Die(conn_, "prepare");
  PQclear(r);
}

PostgresStore::~PostgresStore() {
  PQclear(read_);
  PQfinish(conn_);
}

PGresult* PostgresStore::Exec(const char* sql) {
  PGresult* r = PQexec(conn_, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
    Die(conn_, sql);
  return r;
}

void PostgresStore::CreateSchema() {
  PQclear(Exec("DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS streams"));
  PQclear(Exec("CREATE TABLE streams (stream_id text PRIMARY KEY, version bigint NOT NULL)"));
  PQclear(Exec(
      "CREATE TABLE events (global_position bigserial PRIMARY KEY, id uuid NOT NULL UNIQUE, "
      "stream_id text NOT NULL, version bigint NOT NULL, type text NOT NULL, data bytea NOT NULL, "
      "metadata bytea NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), "
      "UNIQUE (stream_id, version))"));
}

int64_t PostgresStore::Append(const std::string& stream, int64_t expected, const std::string& type,
                              const std::string& data, const std::string& metadata) {
  const std::string expected_text = std::to_string(expected);
  const std::string id = NewUuid();
  const char* values[] = {stream.c_str(), expected_text.c_str(), type.c_str(), data.data(),
                          id.c_str(),     metadata.data()};
  const int lengths[] = {
      0, 0, 0, static_cast<int>(data.size()), 0, static_cast<int>(metadata.size())};
  const int formats[] = {0, 0, 0, 1, 0, 1};
  PGresult* r = PQexecPrepared(conn_, "append", 6, values, lengths, formats, 0);
  int64_t version = 0;
  if (PQresultStatus(r) == PGRES_TUPLES_OK) {
    if (PQntuples(r) == 1) version = std::atoll(PQgetvalue(r, 0, 0));
  } else if (std::string(PQresultErrorField(r, PG_DIAG_SQLSTATE) ?: "") != "23505") {
    Die(conn_, "append");  // anything but a unique violation (a race on a new stream)
  }
  PQclear(r);
  return version;
}

int64_t PostgresStore::StreamVersion(const std::string& stream) {
  const char* values[] = {stream.c_str()};
  PGresult* r = PQexecParams(conn_, "SELECT version FROM streams WHERE stream_id = $1", 1, nullptr,
                             values, nullptr, nullptr, 0);
  int64_t version = PQntuples(r) == 1 ? std::atoll(PQgetvalue(r, 0, 0)) : 0;
  PQclear(r);
  return version;
}

const std::vector<PostgresStore::Row>& PostgresStore::ReadStream(const std::string& stream) {
  const char* values[] = {stream.c_str()};
  PQclear(read_);
  read_ = PQexecParams(conn_,
                       "SELECT id, type, version, global_position, data, metadata, recorded_at "
                       "FROM events WHERE stream_id = $1 ORDER BY version",
                       1, nullptr, values, nullptr, nullptr, 1);
  if (PQresultStatus(read_) != PGRES_TUPLES_OK) Die(conn_, "read");
  auto column = [this](int row, int col) {
    return absl::string_view(PQgetvalue(read_, row, col), PQgetlength(read_, row, col));
  };
  rows_.resize(PQntuples(read_));
  for (int i = 0; i < PQntuples(read_); ++i) {
    Row& row = rows_[i];
    row.id = column(i, 0);
    row.type = column(i, 1);
    row.version = BigEndian64(PQgetvalue(read_, i, 2));
    row.global_position = BigEndian64(PQgetvalue(read_, i, 3));
    row.data = column(i, 4);
    row.metadata = column(i, 5);
    row.recorded_at_micros = BigEndian64(PQgetvalue(read_, i, 6));
  }
  return rows_;
}

void PostgresStore::Checkpoint() { PQclear(Exec("CHECKPOINT")); }

void PostgresStore::BulkLoad(const std::vector<std::string>& streams,
                             const std::vector<int64_t>& versions,
                             const std::vector<std::string>& types,
                             const std::vector<std::string>& data, const std::string& metadata) {
  PGresult* r =
      PQexec(conn_, "COPY events (id, stream_id, version, type, data, metadata) FROM STDIN");
  if (PQresultStatus(r) != PGRES_COPY_IN) Die(conn_, "copy");
  PQclear(r);
  const std::string metadata_hex = absl::StrCat("\\\\x", absl::BytesToHexString(metadata));
  std::string line;
  for (size_t i = 0; i < streams.size(); ++i) {
    line = absl::StrCat(NewUuid(), "\t", streams[i], "\t", versions[i], "\t", types[i], "\t\\\\x",
                        absl::BytesToHexString(data[i]), "\t", metadata_hex, "\n");
    if (PQputCopyData(conn_, line.data(), static_cast<int>(line.size())) != 1)
      Die(conn_, "copy data");
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) Die(conn_, "copy end");
  r = PQgetResult(conn_);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) Die(conn_, "copy result");
  PQclear(r);
  PQclear(Exec("INSERT INTO streams SELECT stream_id, max(version) FROM events GROUP BY stream_id "
               "ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version"));
  PQclear(Exec("ANALYZE events"));
}

}  // namespace caseledger::bench
