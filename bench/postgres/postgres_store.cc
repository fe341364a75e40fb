#include "bench/postgres/postgres_store.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

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
  PGresult* r = PQprepare(
      conn_, "append",
      "WITH s AS (INSERT INTO streams (stream_id, version) VALUES ($1, 1) "
      "ON CONFLICT (stream_id) DO UPDATE SET version = streams.version + 1 "
      "WHERE streams.version = $2 RETURNING version) "
      "INSERT INTO events (stream_id, version, type, data) "
      "SELECT $1, s.version, $3, $4 FROM s RETURNING version",
      4, nullptr);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_FATAL_ERROR) Die(conn_, "prepare");
  PQclear(r);
}

PostgresStore::~PostgresStore() { PQfinish(conn_); }

PGresult* PostgresStore::Exec(const char* sql) {
  PGresult* r = PQexec(conn_, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) Die(conn_, sql);
  return r;
}

void PostgresStore::CreateSchema() {
  PQclear(Exec("DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS streams"));
  PQclear(Exec("CREATE TABLE streams (stream_id text PRIMARY KEY, version bigint NOT NULL)"));
  PQclear(Exec(
      "CREATE TABLE events (global_position bigserial PRIMARY KEY, stream_id text NOT NULL, "
      "version bigint NOT NULL, type text NOT NULL, data bytea NOT NULL, "
      "recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, version))"));
}

int64_t PostgresStore::Append(const std::string& stream, int64_t expected, const std::string& type,
                              const std::string& data) {
  const std::string expected_text = std::to_string(expected);
  const char* values[] = {stream.c_str(), expected_text.c_str(), type.c_str(), data.data()};
  const int lengths[] = {0, 0, 0, static_cast<int>(data.size())};
  const int formats[] = {0, 0, 0, 1};
  PGresult* r = PQexecPrepared(conn_, "append", 4, values, lengths, formats, 0);
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

std::vector<std::string> PostgresStore::ReadStream(const std::string& stream) {
  const char* values[] = {stream.c_str()};
  PGresult* r = PQexecParams(conn_,
                             "SELECT data FROM events WHERE stream_id = $1 ORDER BY version", 1,
                             nullptr, values, nullptr, nullptr, 1);
  std::vector<std::string> out;
  for (int i = 0; i < PQntuples(r); ++i) out.emplace_back(PQgetvalue(r, i, 0), PQgetlength(r, i, 0));
  PQclear(r);
  return out;
}

void PostgresStore::BulkLoad(const std::vector<std::string>& streams,
                             const std::vector<int64_t>& versions,
                             const std::vector<std::string>& types,
                             const std::vector<std::string>& data) {
  PGresult* r = PQexec(conn_, "COPY events (stream_id, version, type, data) FROM STDIN");
  if (PQresultStatus(r) != PGRES_COPY_IN) Die(conn_, "copy");
  PQclear(r);
  static const char* hex = "0123456789abcdef";
  std::string line;
  for (size_t i = 0; i < streams.size(); ++i) {
    line = streams[i] + "\t" + std::to_string(versions[i]) + "\t" + types[i] + "\t\\\\x";
    for (unsigned char c : data[i]) {
      line.push_back(hex[c >> 4]);
      line.push_back(hex[c & 15]);
    }
    line.push_back('\n');
    if (PQputCopyData(conn_, line.data(), static_cast<int>(line.size())) != 1) Die(conn_, "copy data");
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
