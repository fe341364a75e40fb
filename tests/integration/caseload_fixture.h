#pragma once

// A server with a north team's cases made to order, read back as a compliance officer.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "gtest/gtest.h"
#include "tests/integration/command_client.h"

namespace caseledger {

class CaseloadFixture : public testing::ServerFixture {
 protected:
  // Runs a command as the north team's supervisor; fails the test unless it succeeds;
  // remembers its position.
  template <typename Request, typename Call>
  v1::CommandResult Run(const Request& request, Call call) {
    v1::CommandResult result;
    grpc::Status status = call(As("sam", "supervisor", "north").get(), request, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    last_position_ = std::max(last_position_, result.position());
    return result;
  }

  // Reads as a compliance officer, who sees the whole organisation.
  static std::unique_ptr<grpc::ClientContext> Reader() { return As("cora", "compliance_officer"); }

  std::string NextCommand() { return absl::StrCat("cmd-", ++commands_); }

  void Open(const std::string& id, const std::string& worker,
            v1::Complexity complexity = v1::MEDIUM, const std::string& team = "north") {
    v1::OpenCaseRequest open;
    *open.mutable_header() = Header(NextCommand(), id);
    open.set_kind(v1::ADVICE);
    open.set_category("debt");
    open.set_client_ref(absl::StrCat("C-", id));
    open.set_complexity(complexity);
    open.set_team_id(team);
    Run(open, [&](auto* c, auto& r, auto* o) { return cases_->OpenCase(c, r, o); });
    if (worker.empty()) return;
    v1::AssignCaseRequest assign;
    *assign.mutable_header() = Header(NextCommand(), id);
    assign.set_worker_id(worker);
    assign.set_team_id(team);
    Run(assign, [&](auto* c, auto& r, auto* o) { return cases_->AssignCase(c, r, o); });
  }

  // Scores every default criterion `score` out of 5: 5 is red, 3 amber, 0 green.
  v1::CommandResult Assess(const std::string& id, int score, const std::string& rationale = "x") {
    v1::AssessPriorityRequest assess;
    *assess.mutable_header() = Header(NextCommand(), id);
    for (const char* c : {"risk_of_harm", "deadline_urgency", "vulnerability", "impact"}) {
      auto* s = assess.add_scores();
      s->set_criterion(c);
      s->set_score(score);
    }
    assess.set_rationale(rationale);
    return Run(assess, [&](auto* c, auto& r, auto* o) { return cases_->AssessPriority(c, r, o); });
  }

  v1::CommandResult Override(const std::string& id, v1::Rag rag, const std::string& rationale) {
    v1::ReprioritiseRequest request;
    *request.mutable_header() = Header(NextCommand(), id);
    request.set_rag(rag);
    request.set_rationale(rationale);
    return Run(request, [&](auto* c, auto& r, auto* o) { return cases_->Reprioritise(c, r, o); });
  }

  void Deadline(const std::string& id, absl::Time due, const std::string& deadline_id) {
    v1::SetDeadlineRequest request;
    *request.mutable_header() = Header(NextCommand(), id);
    request.set_deadline_id(deadline_id);
    request.mutable_deadline()->set_kind(v1::STATUTORY);
    *request.mutable_deadline()->mutable_due_at() = ToProto(due);
    request.mutable_deadline()->set_what("Lodge the appeal");
    Run(request, [&](auto* c, auto& r, auto* o) { return cases_->SetDeadline(c, r, o); });
  }

  void Contact(const std::string& id) {
    v1::RecordNoteRequest note;
    *note.mutable_header() = Header(NextCommand(), id);
    note.mutable_note()->set_kind(v1::FACT);
    note.mutable_note()->set_contact_type(v1::PHONE);
    note.mutable_note()->set_text("Called the client");
    Run(note, [&](auto* c, auto& r, auto* o) { return cases_->RecordNote(c, r, o); });
  }

  v1::ListCaseloadResponse Caseload(v1::ListCaseloadRequest request) {
    request.set_min_position(last_position_);
    v1::ListCaseloadResponse response;
    grpc::Status status = caseload_->ListCaseload(Reader().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::vector<std::string> Ids(const v1::ListCaseloadResponse& response) {
    std::vector<std::string> ids;
    for (const auto& item : response.items()) ids.push_back(item.summary().case_id());
    return ids;
  }

  v1::ListAttentionResponse Attention() {
    v1::ListAttentionRequest request;
    request.set_team_id("north");
    request.set_min_position(last_position_);
    v1::ListAttentionResponse response;
    EXPECT_TRUE(
        caseload_->ListAttention(As("sam", "supervisor", "north").get(), request, &response).ok());
    return response;
  }

  std::vector<v1::AttentionKind> ReasonsFor(const v1::ListAttentionResponse& response,
                                            const std::string& id) {
    std::vector<v1::AttentionKind> kinds;
    for (const auto& item : response.items()) {
      if (item.summary().case_id() != id) continue;
      for (const auto& reason : item.reasons()) kinds.push_back(reason.kind());
    }
    return kinds;
  }

  absl::Time Now() { return clock_.Now(); }
  uint64_t last_position_ = 0;
  int commands_ = 0;
};

}  // namespace caseledger
