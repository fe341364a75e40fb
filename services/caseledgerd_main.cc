// caseledgerd: the caseledger server.

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "app/roles.h"
#include "base/log.h"
#include "eventstore/rocksdb_event_store.h"
#include "relay/nats_follower.h"
#include "services/server.h"

namespace {

struct Flags {
  std::string data_dir = "./caseledger-data";
  std::string listen = "127.0.0.1:7700";
  std::string durability = "fsync";
  int shutdown_grace_seconds = 10;
  int retention_interval_seconds = 3600;
  std::string nats_url;
  std::string nats_stream = "CASELEDGER";
  size_t nats_batch = 1000;
  int nats_replicas = 1;
  std::string replication = "async";
  std::string follow;
  std::string advertise;
  std::string key_encryption_key_file;
  size_t cached_cases = 100000;
  uint64_t replay_fold_every = 100;
  caseledger::services::TransportOptions transport;
  std::string auth = "dev";
  std::string jwt_hs256_secret_file;
  std::string jwt_rs256_public_key_file;
  std::string log_format = "text";
  std::string metrics_listen = "127.0.0.1:9464";
  std::string http_listen = "127.0.0.1:7780";
  std::string console_dir;
  std::vector<std::string> http_allow_origins;
  std::string restore_from;
  std::vector<std::string> erasures_from;
};

// The whole of a small file, or nullopt.
std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Tells systemd (when it started us with Type=notify) how the server is doing: READY once the
// store is open and every view has caught up, and, when WatchdogSec= is set, a watchdog ping
// only while the writer and every projection thread are making progress, so a wedged server is
// restarted. Returns how long main may wait for a signal before calling again.
absl::Duration NotifySystemd(const caseledger::services::Server& server, bool& ready) {
  const caseledger::services::HealthReport health = server.Health();
  if (!ready && health.queries) {
    ready = true;
    sd_notify(0, "READY=1\nSTATUS=serving");
    caseledger::log::Info("caseledgerd ready");
  } else if (!ready) {
    sd_notifyf(0, "STATUS=catching up: %s", health.queries_reason.c_str());
  }
  uint64_t watchdog_usec = 0;
  if (sd_watchdog_enabled(0, &watchdog_usec) > 0) {
    if (health.threads) sd_notify(0, "WATCHDOG=1");
    return std::min(absl::Seconds(1), absl::Microseconds(watchdog_usec) / 4);
  }
  return absl::Seconds(1);
}

int Fail(absl::string_view message) {
  caseledger::log::Error("caseledgerd cannot start", {{"error", message}});
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace caseledger;
  Flags flags;
  CLI::App app{"caseledgerd: the caseledger server. Serves the gRPC API over an event log "
               "kept in RocksDB."};
  app.add_option("--data-dir", flags.data_dir, "Folder of the event log (created when missing)")
      ->capture_default_str();
  app.add_option("--listen", flags.listen, "Address to serve gRPC on, host:port (port 0: any free)")
      ->capture_default_str();
  app.add_option("--durability", flags.durability,
                 "fsync: an acknowledged command is on disk; os: in the page cache only "
                 "(survives a crash of caseledgerd, not of the machine)")
      ->check(CLI::IsMember({"fsync", "os"}))
      ->capture_default_str();
  app.add_option("--retention-interval", flags.retention_interval_seconds,
                 "Seconds between applications of the retention rule (0: never)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--cached-cases", flags.cached_cases,
                 "Cases the views keep folded in memory: more cost memory (some kilobytes a "
                 "case), fewer cost a read of the log when a case not kept changes")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  app.add_option("--replay-fold-every", flags.replay_fold_every,
                 "Revisions between the folds of each case that ReplayCase starts from (the "
                 "replay-folds view's, beyond 8 times this at most an eighth of the case apart, "
                 "and those kept in memory of the cases replayed): fewer cost space, more a "
                 "longer replay; 0 keeps none")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  app.add_option("--shutdown-grace", flags.shutdown_grace_seconds,
                 "Seconds calls in flight may take to finish on SIGINT/SIGTERM")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--nats-url", flags.nats_url,
                 "Relay every committed event to this NATS JetStream server, e.g. "
                 "nats://127.0.0.1:4222 (default: no broker)");
  app.add_option("--nats-stream", flags.nats_stream, "The JetStream stream to relay into")
      ->capture_default_str();
  app.add_option("--nats-batch", flags.nats_batch,
                 "Events published before waiting for the broker's acknowledgements")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--nats-replicas", flags.nats_replicas,
                 "Copies of each event the broker keeps, when the relay creates its stream "
                 "(3 on a three-node cluster)")
      ->check(CLI::Range(1, 5))
      ->capture_default_str();
  app.add_option("--replication", flags.replication,
                 "With --nats-url: async (a command is acknowledged once on this disk; the relay "
                 "sends it on) or sync (once the broker's stream holds it too, so it survives "
                 "the loss of this machine)")
      ->check(CLI::IsMember({"async", "sync"}))
      ->capture_default_str();
  app.add_option("--follow", flags.follow,
                 "Run as a read replica of the primary whose stream is on this NATS JetStream "
                 "server or cluster (comma-separated URLs): copy it, serve reads, refuse "
                 "commands until promoted (caseledger promote)");
  app.add_option("--advertise", flags.advertise,
                 "The host:port replicas give clients as this primary's address (default: the "
                 "address --listen bound)");
  app.add_option("--key-encryption-key-file", flags.key_encryption_key_file,
                 "With --nats-url or --follow: a file of 64 hex digits (32 bytes), the same on "
                 "every node, that subject keys are wrapped under in the broker, which then "
                 "replicates them to every replica (e.g. openssl rand -hex 32)")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-cert", flags.transport.tls_cert_file,
                 "Serve TLS with this PEM certificate");
  app.add_option("--tls-key", flags.transport.tls_key_file, "The PEM private key of --tls-cert");
  app.add_option("--tls-client-ca", flags.transport.tls_client_ca_file,
                 "Require client certificates signed by this PEM CA (mutual TLS)");
  app.add_flag("--insecure", flags.transport.insecure,
               "Allow plaintext on an address other than loopback");
  app.add_option("--auth", flags.auth,
                 "dev: trust x-caseledger-actor/-role metadata (loopback only); jwt: signed "
                 "bearer tokens")
      ->check(CLI::IsMember({"dev", "jwt"}))
      ->capture_default_str();
  app.add_option("--jwt-hs256-secret", flags.jwt_hs256_secret_file,
                 "File holding the HS256 secret that signs bearer tokens");
  app.add_option("--jwt-rs256-public-key", flags.jwt_rs256_public_key_file,
                 "PEM file of the RS256 public key that verifies bearer tokens");
  app.add_option("--log-format", flags.log_format,
                 "text: readable lines; json: one JSON object a line (both on stderr)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--metrics-listen", flags.metrics_listen,
                 "Serve Prometheus metrics at http://HOST:PORT/metrics (port 0: any free; empty: "
                 "no metrics)")
      ->capture_default_str();
  app.add_option("--http-listen", flags.http_listen,
                 "Serve the API over HTTP (the Connect protocol, JSON or Protobuf) and the web "
                 "console at http://HOST:PORT/, with the TLS of --tls-cert (port 0: any free; "
                 "empty: none)")
      ->capture_default_str();
  app.add_option("--console-dir", flags.console_dir,
                 "The built web console (console/dist) to serve at / on --http-listen");
  app.add_option("--http-allow-origin", flags.http_allow_origins,
                 "An origin whose pages may call the HTTP API (CORS), e.g. "
                 "https://console.example.org; repeatable (default: same origin only)");
  app.add_option("--restore-from", flags.restore_from,
                 "Before starting, make --data-dir a copy of this backup (caseledger backup); a "
                 "data folder already there is moved aside, never deleted. Every subject erased "
                 "since the backup, by the erasure registers found, is erased again. A nats:// "
                 "URL instead: copy the whole log from the broker's stream (--nats-stream) into "
                 "an empty --data-dir");
  app.add_option("--erasures-from", flags.erasures_from,
                 "With --restore-from: more erasure registers (the ERASURES file of a later "
                 "backup or of the lost data folder) whose erasures to apply again")
      ->check(CLI::ExistingFile);
  bool print_roles = false;
  app.add_flag("--print-roles", print_roles,
               "Print the table of what each role may call, as Markdown, and exit");
  CLI11_PARSE(app, argc, argv);
  log::Format log_format = log::Format::kText;
  log::ParseFormat(flags.log_format, log_format);
  log::Configure(log_format);
  // Debian's Abseil checks the order of every lock taken against a graph of all earlier ones;
  // the tests keep that check, the server does not pay for it on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (print_roles) {
    std::cout << caseledger::app::PermissionsMarkdown();
    return 0;
  }

  // Block the stop signals in every thread; main waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::unique_ptr<services::Metrics> metrics;
  if (!flags.metrics_listen.empty()) {
    auto served = services::Metrics::Serve(flags.metrics_listen);
    if (!served.ok()) return Fail(served.status().message());
    metrics = *std::move(served);
  }

  const bool restore_from_stream = absl::StartsWith(flags.restore_from, "nats://");
  if (!flags.restore_from.empty() && !restore_from_stream) {
    auto set_aside = eventstore::RocksDbEventStore::Restore(flags.restore_from, flags.data_dir,
                                                            flags.erasures_from);
    if (!set_aside.ok()) return Fail(set_aside.status().message());
    log::Info(
        "caseledgerd restored a backup",
        {{"backup", flags.restore_from}, {"data", flags.data_dir}, {"set_aside", *set_aside}});
  } else if (!flags.erasures_from.empty()) {
    return Fail("--erasures-from goes with --restore-from and a backup folder");
  }
  if (!flags.follow.empty() && !flags.nats_url.empty() && flags.follow != flags.nats_url) {
    return Fail("--follow names the broker: leave out --nats-url, or give both the same URL");
  }
  if (!flags.follow.empty()) flags.nats_url = flags.follow;
  if (flags.replication == "sync" && flags.nats_url.empty()) {
    return Fail("--replication sync needs a broker (--nats-url)");
  }

  eventstore::StoreOptions store_options;
  store_options.path = flags.data_dir;
  store_options.durability = *eventstore::ParseDurability(flags.durability);
  if (metrics != nullptr) {
    store_options.on_group_commit = [m = metrics.get()](const eventstore::GroupCommit& commit) {
      m->ObserveGroupCommit(commit);
    };
  }
  auto store = eventstore::RocksDbEventStore::Open(store_options);
  if (!store.ok()) return Fail(store.status().message());
  relay::FollowerOptions stream;
  stream.url = restore_from_stream ? flags.restore_from : flags.follow;
  stream.stream = flags.nats_stream;
  if (!flags.follow.empty()) {
    // A former primary's writes that never reached the stream cannot stay in a replica's log:
    // its data folder is set aside, never deleted, and the log copied again from the stream.
    absl::StatusOr<bool> diverged = relay::HoldsRecordsNotInStream(**store, stream);
    if (!diverged.ok()) return Fail(diverged.status().message());
    if (*diverged) {
      store->reset();
      const std::string set_aside =
          absl::StrCat(flags.data_dir, ".not-in-stream-", absl::ToUnixSeconds(absl::Now()));
      std::error_code moved;
      std::filesystem::rename(flags.data_dir, set_aside, moved);
      if (moved)
        return Fail(absl::StrCat("cannot set aside ", flags.data_dir, ": ", moved.message()));
      log::Warn("this log holds records the stream does not: set aside, copying the stream",
                {{"set_aside", set_aside}});
      store = eventstore::RocksDbEventStore::Open(store_options);
      if (!store.ok()) return Fail(store.status().message());
    }
  }
  if (restore_from_stream) {
    if ((*store)->Head().position != 0) {
      return Fail(absl::StrCat("--restore-from ", flags.restore_from,
                               " needs an empty --data-dir; ", flags.data_dir, " holds a log"));
    }
    const absl::Time started = absl::Now();
    absl::StatusOr<eventstore::LogHead> restored =
        relay::RestoreFromStream(**store, **store, stream, absl::Hours(24));
    if (!restored.ok()) return Fail(restored.status().message());
    log::Info("caseledgerd restored its log from the broker's stream",
              {{"stream", flags.nats_stream},
               {"head", restored->position},
               {"head_hash", absl::BytesToHexString(restored->hash)},
               {"seconds", absl::ToDoubleSeconds(absl::Now() - started)}});
  }

  services::ServerOptions server_options;
  server_options.listen = flags.listen;
  server_options.transport = flags.transport;
  if (flags.auth == "jwt") {
    using caseledger::app::JwtOptions;
    using caseledger::services::AuthOptions;
    server_options.auth.mode = AuthOptions::Mode::kJwt;
    const bool rs256 = !flags.jwt_rs256_public_key_file.empty();
    const std::string path = rs256 ? flags.jwt_rs256_public_key_file : flags.jwt_hs256_secret_file;
    std::optional<std::string> key = path.empty() ? std::nullopt : ReadFile(path);
    if (!key.has_value()) {
      return Fail("--auth jwt needs a readable --jwt-hs256-secret or --jwt-rs256-public-key file");
    }
    server_options.auth.jwt.algorithm =
        rs256 ? JwtOptions::Algorithm::kRs256 : JwtOptions::Algorithm::kHs256;
    server_options.auth.jwt.key = *key;
  }
  server_options.nats_url = flags.nats_url;
  server_options.nats_stream = flags.nats_stream;
  server_options.nats_batch = flags.nats_batch;
  server_options.nats_replicas = flags.nats_replicas;
  server_options.replication = *relay::ParseReplication(flags.replication);
  server_options.follow = !flags.follow.empty();
  server_options.log_copies = store->get();
  server_options.advertise = flags.advertise;
  if (!flags.key_encryption_key_file.empty()) {
    std::optional<std::string> text = ReadFile(flags.key_encryption_key_file);
    std::string hex = text.has_value() ? std::string(absl::StripAsciiWhitespace(*text)) : "";
    if (hex.size() != 64 || !std::all_of(hex.begin(), hex.end(), ::isxdigit)) {
      return Fail("--key-encryption-key-file must hold 64 hex digits (openssl rand -hex 32)");
    }
    server_options.key_encryption_key = absl::HexStringToBytes(hex);
  } else if (flags.replication == "sync" || !flags.follow.empty()) {
    return Fail(
        "--replication sync and --follow need --key-encryption-key-file, so that replicas can "
        "open personal fields and keep them after the primary is lost");
  }
  server_options.retention_interval = absl::Seconds(flags.retention_interval_seconds);
  server_options.cached_cases = flags.cached_cases;
  server_options.replay_fold_every = flags.replay_fold_every;
  server_options.metrics = metrics.get();
  if (!flags.http_listen.empty()) {
    server_options.http.emplace();
    server_options.http->listen = flags.http_listen;
    server_options.http->console_dir = flags.console_dir;
    server_options.http->allowed_origins = flags.http_allow_origins;
  }
  auto server = services::Server::Start(server_options, (*store)->storage());
  if (!server.ok()) return Fail(server.status().message());

  log::Info("caseledgerd listening", {{"address", (*server)->address()},
                                      {"data", flags.data_dir},
                                      {"durability", flags.durability},
                                      {"head", (*store)->Head().position}});
  if ((*server)->http_port() != 0) {
    const std::string host = flags.http_listen.substr(0, flags.http_listen.rfind(':'));
    log::Info("caseledgerd http listening",
              {{"address", absl::StrCat(host, ":", (*server)->http_port())},
               {"console", flags.console_dir.empty() ? "none" : flags.console_dir}});
  }
  if (metrics != nullptr) {
    const std::string host = flags.metrics_listen.substr(0, flags.metrics_listen.rfind(':'));
    log::Info("caseledgerd metrics listening",
              {{"address", absl::StrCat(host, ":", metrics->port())}});
  }

  bool ready = false;
  int signal_number = -1;
  while (signal_number < 0) {
    const absl::Duration wait = NotifySystemd(**server, ready);
    const timespec timeout = absl::ToTimespec(wait);
    signal_number = sigtimedwait(&stop_signals, nullptr, &timeout);
  }
  sd_notify(0, "STOPPING=1\nSTATUS=draining calls");
  log::Info("caseledgerd draining calls", {{"signal", strsignal(signal_number)}});
  (*server)->Shutdown(absl::Seconds(flags.shutdown_grace_seconds));
  server->reset();
  store->reset();
  metrics.reset();
  log::Info("caseledgerd stopped cleanly");
  return 0;
}
