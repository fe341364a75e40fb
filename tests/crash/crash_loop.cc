#include "tests/crash/crash_loop.h"

#include <algorithm>
#include <filesystem>
#include <random>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventstore/rocksdb_event_store.h"
#include "projections/projection_engine.h"
#include "tests/crash/client.h"
#include "tests/crash/daemon.h"
#include "tests/crash/log_check.h"
#include "tests/crash/relay_check.h"
#include "tests/crash/replay_check.h"
#include "tests/crash/views.h"
#include "tests/crash/workload.h"
#include "tests/support/nats_server.h"
#include "tests/support/temp_dir.h"

namespace caseledger::crash {
namespace {

// Where a round's kill is aimed.
enum class Aim { kLoad, kErasure, kStartup, kRebuild };
constexpr Aim kAims[] = {Aim::kLoad, Aim::kErasure, Aim::kRebuild, Aim::kStartup};

class Loop {
 public:
  explicit Loop(const CrashLoopOptions& options)
      : options_(options), random_(options.seed), relay_(nats_.url(), "CASELEDGER") {}

  Tally Run() {
    data_ = dir_.Sub("data");
    if (!Setup()) return tally_;
    for (int round = 0; round < options_.kills && tally_.problems.empty(); ++round) {
      Round(round, kAims[round % std::size(kAims)]);
    }
    // Once more, stopped cleanly: the last unanswered commands sent again, everything checked.
    if (tally_.problems.empty()) {
      Daemon daemon(options_.caseledgerd, data_, nats_.url());
      std::string why;
      const std::string address = daemon.WaitUntilListening(why);
      if (address.empty()) return Fail("caseledgerd did not start: " + why);
      AfterRestart(address);
      if (!daemon.Terminate()) tally_.Problem("caseledgerd did not stop cleanly on SIGTERM");
      CheckStopped("final");
    }
    for (const SentCommand& c : ledger_.Commands()) {
      if (c.outcome == Outcome::kAcknowledged) ++tally_.acknowledged;
    }
    return tally_;
  }

 private:
  Tally Fail(std::string why) {
    tally_.Problem(std::move(why));
    return tally_;
  }

  // Starts caseledgerd, opens the shared cases and reads the policy the load changes.
  bool Setup() {
    Daemon daemon(options_.caseledgerd, data_, nats_.url());
    std::string why;
    const std::string address = daemon.WaitUntilListening(why);
    if (address.empty()) {
      tally_.Problem("caseledgerd did not start: " + why);
      return false;
    }
    Client client(address);
    for (int i = 0; i < SharedCases::kCount; ++i) {
      SentCommand open;
      v1::OpenCaseRequest request;
      request.mutable_header()->set_command_id("open-" + SharedCases::Id(i));
      request.mutable_header()->set_case_id(SharedCases::Id(i));
      request.set_kind(v1::ADVICE);
      request.set_category("debt");
      request.set_client_ref("CREF-" + SharedCases::Id(i));
      request.set_complexity(v1::LOW);
      request.set_team_id("north");
      open.method = "OpenCase";
      open.command_id = request.header().command_id();
      open.case_id = SharedCases::Id(i);
      open.request = request.SerializeAsString();
      client.Send(open);
      if (open.outcome != Outcome::kAcknowledged) {
        tally_.Problem("opening a shared case: " + open.message);
        return false;
      }
      shared_.revisions[i] = open.revision;
      ledger_.Record(std::move(open));
    }
    v1::PolicyVersion policy;
    if (grpc::Status s = client.GetPolicy(policy); !s.ok()) {
      tally_.Problem("GetPolicy: " + s.error_message());
      return false;
    }
    policy_ = policy.policy();
    daemon.Kill();  // the first round starts it again
    return true;
  }

  void Round(int round, Aim aim) {
    std::string rebuilding;
    if (aim == Aim::kRebuild) {
      const std::vector<std::string> names = ProjectionNames();
      rebuilding = names[round % names.size()];
      if (!OpenStopped([&](eventstore::RocksDbEventStore& store) {
            if (absl::Status s = ForgetView(store, rebuilding); !s.ok()) {
              tally_.Problem(absl::StrCat("forgetting ", rebuilding, ": ", s.ToString()));
            }
          })) {
        return;
      }
    }
    const absl::Time started = absl::Now();
    Daemon daemon(options_.caseledgerd, data_, nats_.url());
    if (aim == Aim::kStartup) {
      // At a moment within the time the last start took to listen.
      const int64_t last = absl::ToInt64Milliseconds(startup_);
      absl::SleepFor(absl::Milliseconds(Between(0, static_cast<int>(std::max<int64_t>(last, 1)))));
      daemon.Kill();
      ++tally_.kills;
      ++(daemon.Listened() ? tally_.kills_under_load : tally_.kills_in_startup);
      CheckStopped(absl::StrCat("round ", round));
      return;
    }
    std::string why;
    const std::string address = daemon.WaitUntilListening(why);
    if (address.empty()) return tally_.Problem("caseledgerd did not start: " + why);
    startup_ = absl::Now() - started;
    // A rebuild begins as caseledgerd starts: the kill comes soon after, under load, before the
    // checks that would wait for it.
    if (aim != Aim::kRebuild) AfterRestart(address);
    WorkloadOptions load;
    load.clients = options_.clients;
    load.seed = options_.seed * 7919 + round;
    load.round = absl::StrCat("r", round);
    load.policy = policy_;
    Workload workload(address, ledger_, shared_, load);
    workload.Start();
    if (aim == Aim::kErasure) {
      // Just after an erasure goes out.
      const int sent = workload.erasures_sent();
      const absl::Time deadline = absl::Now() + absl::Seconds(20);
      while (workload.erasures_sent() == sent && absl::Now() < deadline) {
        absl::SleepFor(absl::Microseconds(200));
      }
      absl::SleepFor(absl::Microseconds(Between(0, 3000)));
    } else if (aim == Aim::kRebuild) {
      absl::SleepFor(absl::Milliseconds(Between(0, 100)));
    } else {
      absl::SleepFor(absl::Milliseconds(Between(200, options_.max_load_ms)));
    }
    daemon.Kill();
    workload.Stop();
    ++tally_.kills;
    // Where the kill landed, as far as can be told afterwards.
    bool landed = false;
    if (aim == Aim::kErasure) {
      for (const SentCommand& c : ledger_.Commands()) {
        landed |= c.method == "EraseSubject" && c.outcome == Outcome::kUnanswered;
      }
      if (landed) ++tally_.kills_in_erasure;
    }
    CheckStopped(absl::StrCat("round ", round), rebuilding, &landed);
    if (aim == Aim::kRebuild && landed) ++tally_.kills_in_rebuild;
    if (!landed) ++tally_.kills_under_load;
  }

  // Opens the store of the stopped caseledgerd and calls `use` with it; false when it can't.
  template <typename Use>
  bool OpenStopped(Use use) {
    eventstore::StoreOptions options;
    options.path = data_;
    options.durability = eventstore::Durability::kOs;
    auto store = eventstore::RocksDbEventStore::Open(options);
    if (!store.ok()) {
      tally_.Problem("reopening the store: " + store.status().ToString());
      return false;
    }
    use(**store);
    return true;
  }

  // The checks of a stopped caseledgerd's files. With `rebuilding`, `landed` tells whether that
  // projection was still short of the head.
  void CheckStopped(const std::string& when, const std::string& rebuilding = "",
                    bool* landed = nullptr) {
    OpenStopped([&](eventstore::RocksDbEventStore& store) {
      if (!rebuilding.empty()) {
        const eventstore::Storage storage = store.storage();
        auto version = storage.checkpoints.Read(projections::ServingKey(rebuilding));
        uint64_t reached = 0;
        if (version.ok() && version->has_value()) {
          auto at = storage.checkpoints.Read(
              projections::CheckpointKey(rebuilding, static_cast<uint32_t>(**version)));
          if (at.ok()) reached = at->value_or(0);
        }
        *landed = reached < store.Head().position;
      }
      const size_t before = tally_.problems.size();
      applied_ = CheckLog(store, ledger_.Commands(), tally_);
      const std::string copy = dir_.Sub(absl::StrCat("copy-", ++copies_));
      CheckViews(store, copy, tally_);
      std::filesystem::remove_all(copy);
      for (size_t i = before; i < tally_.problems.size(); ++i) {
        tally_.problems[i] = absl::StrCat(when, ": ", tally_.problems[i]);
      }
    });
  }

  // The checks of a restarted caseledgerd: each unanswered command sent again, the log
  // verified, the stream caught up, erased fields unreadable.
  void AfterRestart(const std::string& address) {
    Client client(address);
    const std::vector<SentCommand> commands = ledger_.Commands();
    for (size_t i = 0; i < commands.size(); ++i) {
      if (commands[i].outcome != Outcome::kUnanswered) continue;
      ++tally_.unanswered;
      SentCommand again = commands[i];
      client.Send(again);
      auto applied = applied_.find(again.command_id);
      const bool was_applied = !again.command_id.empty() && applied != applied_.end();
      if (again.outcome == Outcome::kUnanswered) {
        tally_.Problem(
            absl::StrCat("sent again, ", again.command_id, " is unanswered: ", again.message));
      } else if (was_applied && again.outcome != Outcome::kAcknowledged) {
        ++tally_.wrong_answers;
        tally_.Problem(
            absl::StrCat(again.command_id, " is in the log, yet sent again: ", again.message));
      } else if (was_applied && (!again.duplicate || again.position != applied->second)) {
        ++tally_.wrong_answers;
        tally_.Problem(absl::StrCat(again.command_id, " sent again is not its first result"));
      }
      ledger_.Update(i, std::move(again));
    }
    v1::VerifyLogResponse verified;
    if (grpc::Status s = client.VerifyLog(verified); !s.ok() || !verified.ok()) {
      ++tally_.chain_breaks;
      tally_.Problem("VerifyLog after a restart: " + s.error_message() + verified.problem());
    }
    // Each acknowledged erasure read back once; its key is looked for after every kill.
    for (const SentCommand& c : ledger_.Commands()) {
      if (c.method != "EraseSubject" || c.outcome != Outcome::kAcknowledged) continue;
      if (!read_erased_.insert(c.subject).second) continue;
      v1::CaseView view;
      grpc::Status s = client.GetCase(c.case_id, view);
      if (!s.ok() || view.state().client_ref() != "[erased]" ||
          view.state().summary() != "[erased]") {
        ++tally_.erased_readable;
        tally_.Problem(absl::StrCat("erased case ", c.case_id, " reads ", s.error_message(),
                                    view.state().client_ref()));
      }
      CheckReplays(client, c.case_id, tally_);
    }
    for (int i = 0; i < SharedCases::kCount; ++i) CheckReplays(client, SharedCases::Id(i), tally_);
    relay_.CatchUp(client, tally_);
  }

  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

  const CrashLoopOptions options_;
  std::mt19937_64 random_;
  testing::TempDir dir_;
  testing::NatsServer nats_;
  std::string data_;
  Ledger ledger_;
  SharedCases shared_;
  v1::Policy policy_;
  Applied applied_;
  RelayCheck relay_;
  Tally tally_;
  int copies_ = 0;
  absl::Duration startup_ = absl::Milliseconds(300);  // how long the last start took to listen
  absl::flat_hash_set<std::string> read_erased_;
};

}  // namespace

Tally RunCrashLoop(const CrashLoopOptions& options) { return Loop(options).Run(); }

}  // namespace caseledger::crash
