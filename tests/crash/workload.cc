#include "tests/crash/workload.h"

#include <optional>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "caseledger/v1/case_commands.pb.h"
#include "caseledger/v1/policy_commands.pb.h"
#include "caseledger/v1/subjects.pb.h"
#include "tests/crash/client.h"

namespace caseledger::crash {
namespace {

SentCommand OpenCase(const std::string& id) {
  v1::OpenCaseRequest open;
  open.mutable_header()->set_command_id("open-" + id);
  open.mutable_header()->set_case_id(id);
  open.set_kind(v1::ADVICE);
  open.set_category("housing");
  open.set_summary("Possession claim " + id);
  open.set_client_ref("CREF-" + id);
  open.set_subject_id("subject-" + id);
  open.set_complexity(v1::MEDIUM);
  open.set_team_id("north");
  SentCommand command;
  command.method = "OpenCase";
  command.command_id = open.header().command_id();
  command.case_id = id;
  command.request = open.SerializeAsString();
  return command;
}

SentCommand RecordNote(const std::string& command_id, const std::string& case_id,
                       std::optional<uint64_t> expected_revision) {
  v1::RecordNoteRequest note;
  note.mutable_header()->set_command_id(command_id);
  note.mutable_header()->set_case_id(case_id);
  if (expected_revision.has_value())
    note.mutable_header()->set_expected_revision(*expected_revision);
  note.mutable_note()->set_kind(v1::FACT);
  note.mutable_note()->set_contact_type(v1::PHONE);
  note.mutable_note()->set_text("Called the client about " + command_id);
  SentCommand command;
  command.method = "RecordNote";
  command.command_id = command_id;
  command.case_id = case_id;
  command.request = note.SerializeAsString();
  return command;
}

SentCommand SetPolicy(const std::string& command_id, v1::Policy policy, double points) {
  v1::SetPolicyRequest request;
  request.set_command_id(command_id);
  policy.set_safe_caseload_points(points);
  *request.mutable_policy() = std::move(policy);
  request.set_rationale("Caseload level reviewed at the team meeting");
  SentCommand command;
  command.method = "SetPolicy";
  command.command_id = command_id;
  command.request = request.SerializeAsString();
  return command;
}

SentCommand EraseSubject(const std::string& case_id) {
  v1::EraseSubjectRequest request;
  request.set_subject_id("subject-" + case_id);
  request.set_reason("Erasure request for " + case_id);
  SentCommand command;
  command.method = "EraseSubject";
  command.case_id = case_id;
  command.subject = request.subject_id();
  command.request = request.SerializeAsString();
  return command;
}

}  // namespace

Workload::Workload(std::string address, Ledger& ledger, SharedCases& shared,
                   WorkloadOptions options)
    : address_(std::move(address)),
      ledger_(ledger),
      shared_(shared),
      options_(std::move(options)) {}

Workload::~Workload() { Stop(); }

void Workload::Start() {
  for (int c = 0; c < options_.clients; ++c) clients_.emplace_back([this, c] { Run(c); });
}

void Workload::Stop() {
  stop_ = true;
  for (std::thread& client : clients_) {
    if (client.joinable()) client.join();
  }
  clients_.clear();
}

void Workload::Run(int client) {
  std::mt19937_64 random(options_.seed * 1000 + client);
  std::uniform_real_distribution<double> dice(0, 1);
  Client server(address_);
  std::vector<std::string> own;  // this client's cases of this round, not erased
  for (int n = 0; !stop_; ++n) {
    const std::string tag = absl::StrCat(options_.round, "c", client, "n", n);
    const double roll = dice(random);
    SentCommand command;
    int shared = -1;
    if (own.size() < 3 || roll < 0.15) {
      command = OpenCase(tag);
    } else if (roll < 0.55) {
      command = RecordNote("note-" + tag, own[random() % own.size()], std::nullopt);
    } else if (roll < 0.85) {
      shared = static_cast<int>(random() % SharedCases::kCount);
      // Half the time with the revision last seen, so that some are refused as stale.
      std::optional<uint64_t> expected;
      if (dice(random) < 0.5) expected = shared_.revisions[shared].load();
      command = RecordNote("note-" + tag, SharedCases::Id(shared), expected);
    } else if (roll < 0.90 && client == 0) {
      command = SetPolicy("policy-" + tag, options_.policy, 20 + n % 10);
    } else if (roll < 0.93) {
      const size_t pick = random() % own.size();
      command = EraseSubject(own[pick]);
      own.erase(own.begin() + static_cast<std::ptrdiff_t>(pick));  // written to no more
      ++erasures_sent_;
    } else {
      command = RecordNote("note-" + tag, own[random() % own.size()], std::nullopt);
    }
    server.Send(command);
    if (command.outcome == Outcome::kAcknowledged) {
      ++acknowledged_;
      if (command.method == "OpenCase") own.push_back(command.case_id);
      if (shared >= 0) {
        uint64_t seen = shared_.revisions[shared].load();
        while (seen < command.revision &&
               !shared_.revisions[shared].compare_exchange_weak(seen, command.revision)) {
        }
      }
    }
    const bool gone = command.outcome == Outcome::kUnanswered;
    ledger_.Record(std::move(command));
    if (gone) return;
  }
}

}  // namespace caseledger::crash
