#include "services/subjects_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "domain/field_errors.h"
#include "google/protobuf/util/json_util.h"
#include "projections/case_history.h"
#include "services/admission.h"
#include "services/grpc_status.h"
#include "services/server_command_id.h"

namespace caseledger::services {
namespace {

constexpr char kErase[] = "Subjects.EraseSubject";
constexpr char kExport[] = "Subjects.ExportSubject";

absl::Status CheckSubject(const std::string& subject_id, const std::string* reason) {
  domain::FieldErrors errors;
  errors.Id("subject_id", subject_id, true);
  if (reason != nullptr) errors.Text("reason", *reason, true);
  return errors.ToStatus();
}

}  // namespace

namespace {

// The cases of `subject_id` in `org_id` that exist and are still theirs.
absl::StatusOr<std::vector<std::shared_ptr<const FoldedCase>>> CasesOf(
    CaseCommandRunner& runner, const privacy::SubjectKeys& keys, const std::string& org_id,
    const std::string& subject_id) {
  absl::StatusOr<std::vector<std::string>> ids = keys.CasesOf(privacy::KeyId(org_id, subject_id));
  if (!ids.ok()) return ids.status();
  std::vector<std::shared_ptr<const FoldedCase>> cases;
  for (const std::string& case_id : *ids) {
    auto folded = runner.LoadCase(case_id);
    if (!folded.ok()) return folded.status();
    // Listed when its opening was tried, but not opened (or opened for another subject).
    const v1::CaseState& state = (*folded)->state.state;
    if ((*folded)->revision == 0 || state.subject_id() != subject_id || state.org_id() != org_id) {
      continue;
    }
    cases.push_back(*std::move(folded));
  }
  return cases;
}

// Records SubjectErased on each of the subject's cases not yet erased.
absl::Status RecordErasures(CaseCommandRunner& runner, const privacy::SubjectKeys& keys,
                            const Actor& actor, const std::string& org_id,
                            const std::string& subject_id, const std::string& reason,
                            bool by_policy, std::vector<std::string>& case_ids) {
  auto cases = CasesOf(runner, keys, org_id, subject_id);
  if (!cases.ok()) return cases.status();
  for (const auto& folded : *cases) {
    const std::string& case_id = folded->state.state.case_id();
    if (std::find(case_ids.begin(), case_ids.end(), case_id) == case_ids.end()) {
      case_ids.push_back(case_id);
    }
    if (folded->state.state.subject_erased()) continue;  // by an earlier attempt
    CaseCommand command;
    command.header.set_case_id(case_id);
    command.header.set_command_id(ServerCommandId(
        "erase-subject", absl::StrCat(org_id, "\n", subject_id, "\n", case_id)));
    command.server_made = true;
    command.method = kErase;
    command.by_policy = by_policy;
    command.decide = [&reason](const v1::CaseState& state, const domain::CommandContext& context) {
      domain::EraseCaseSubject erase;
      erase.header.set_case_id(state.case_id());
      erase.header.set_command_id(context.new_id);
      erase.reason = reason;
      return domain::Decide(state, erase, context);
    };
    absl::StatusOr<v1::CommandResult> done = runner.RunAndWait(std::move(command), actor);
    if (!done.ok()) return done.status();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> EraseSubject(CaseCommandRunner& runner,
                                                      privacy::SubjectKeys& keys,
                                                      const Actor& actor,
                                                      const std::string& org_id,
                                                      const std::string& subject_id,
                                                      const std::string& reason,
                                                      bool by_policy) {
  if (absl::Status s = CheckSubject(subject_id, &reason); !s.ok()) return s;
  std::vector<std::string> case_ids;
  if (absl::Status s = RecordErasures(runner, keys, actor, org_id, subject_id, reason, by_policy,
                                      case_ids);
      !s.ok()) {
    return s;
  }
  if (case_ids.empty()) {
    return absl::NotFoundError(absl::StrCat("no case has data subject ", subject_id));
  }
  // After the erasures, so a failure above leaves the key for a retry to finish with.
  if (absl::Status s = keys.Erase(privacy::KeyId(org_id, subject_id)); !s.ok()) return s;
  // A case opened for the subject meanwhile was sealed with the key now gone: record its
  // erasure too, so no fold of it keeps the fields it was opened with.
  if (absl::Status s = RecordErasures(runner, keys, actor, org_id, subject_id, reason, by_policy,
                                      case_ids);
      !s.ok()) {
    return s;
  }
  return case_ids;
}

grpc::ServerUnaryReactor* SubjectsService::EraseSubject(grpc::CallbackServerContext* context,
                                                        const v1::EraseSubjectRequest* request,
                                                        v1::EraseSubjectResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Actor> actor = Admit(*context, authenticator_, authorizer_, kErase);
  absl::Status status = actor.status();
  if (status.ok()) {
    auto cases = services::EraseSubject(runner_, keys_, *actor, actor->org_id,
                                        request->subject_id(), request->reason());
    status = cases.status();
    if (status.ok()) {
      response->set_subject_id(request->subject_id());
      for (std::string& case_id : *cases) response->add_case_ids(std::move(case_id));
    }
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

absl::Status SubjectsService::Export(grpc::CallbackServerContext& context,
                                     const std::string& subject_id,
                                     v1::ExportSubjectResponse& response) {
  if (absl::Status s = CheckSubject(subject_id, nullptr); !s.ok()) return s;
  absl::StatusOr<Actor> actor = Admit(context, authenticator_, authorizer_, kExport);
  if (!actor.ok()) return actor.status();
  auto cases = CasesOf(runner_, keys_, actor->org_id, subject_id);
  if (!cases.ok()) return cases.status();
  v1::SubjectExport exported;
  exported.set_subject_id(subject_id);
  for (const auto& folded : *cases) {
    const std::string& case_id = folded->state.state.case_id();
    // Each case is checked on its own.
    Target target = Target::Case(case_id, &folded->state.state);
    if (absl::Status s = authorizer_.Authorize(*actor, kExport, target); !s.ok()) return s;
    v1::CaseExport* exported_case = exported.add_cases();
    *exported_case->mutable_state() = folded->state.state;
    v1::GetCaseHistoryRequest page;
    page.set_case_id(case_id);
    page.set_page_size(1000);
    for (uint64_t from = 1; from != 0;) {
      page.set_from_revision(from);
      auto history = projections::GetCaseHistory(store_, keys_, page);
      if (!history.ok()) return history.status();
      for (v1::HistoryEntry& entry : *history->mutable_entries()) {
        *exported_case->add_history() = std::move(entry);
      }
      from = history->next_revision();
    }
    v1::ListCaseAccessRequest access_page;
    access_page.set_case_id(case_id);
    access_page.set_page_size(1000);
    for (uint64_t from = 1; from != 0;) {
      access_page.set_from_revision(from);
      auto access = access_.List(access_page, actor->org_id);
      if (!access.ok()) return access.status();
      for (v1::AccessEntry& entry : *access->mutable_entries()) {
        *exported_case->add_access() = std::move(entry);
      }
      from = access->next_revision();
    }
    absl::Notification recorded;
    absl::Status recording;
    access_.RecordView(*actor, kExport, case_id, [&](absl::Status s) {
      recording = s;
      recorded.Notify();
    });
    recorded.WaitForNotification();
    if (!recording.ok()) return recording;
  }
  if (exported.cases_size() == 0) {
    return absl::NotFoundError(absl::StrCat("no case has data subject ", subject_id));
  }
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  auto printed = google::protobuf::util::MessageToJsonString(exported, response.mutable_json(),
                                                             options);
  if (!printed.ok()) return absl::InternalError(printed.ToString());
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* SubjectsService::ExportSubject(grpc::CallbackServerContext* context,
                                                         const v1::ExportSubjectRequest* request,
                                                         v1::ExportSubjectResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(Export(*context, request->subject_id(), *response)));
  return reactor;
}

}  // namespace caseledger::services
