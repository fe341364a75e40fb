#include "app/subjects.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "app/methods.h"
#include "app/server_command_id.h"
#include "domain/field_errors.h"
#include "google/protobuf/util/json_util.h"
#include "projections/case_history.h"

namespace caseledger::app {
namespace {

absl::Status CheckSubject(const std::string& subject_id, const std::string* reason) {
  domain::FieldErrors errors;
  errors.Id("subject_id", subject_id, true);
  if (reason != nullptr) errors.Text("reason", *reason, true);
  return errors.ToStatus();
}

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

}  // namespace

struct Subjects::Erasure {
  Actor actor;
  std::string org_id;
  std::string subject_id;
  std::string reason;
  bool by_policy = false;
  Erased done;
  // Every case of the subject met so far.
  std::vector<std::string> case_ids;
  // The cases of this pass yet to be recorded erased.
  std::vector<std::shared_ptr<const FoldedCase>> waiting;
  // The first pass runs before the key is destroyed, the second after.
  bool key_erased = false;
};

struct Subjects::Export {
  Actor actor;
  std::string subject_id;
  v1::ExportSubjectResponse* response = nullptr;
  Done done;
  std::vector<std::shared_ptr<const FoldedCase>> cases;
  size_t next = 0;
  v1::SubjectExport exported;
};

Subjects::~Subjects() {
  absl::MutexLock lock(&mu_);
  auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return under_way_ == 0; };
  mu_.Await(absl::Condition(&idle));
}

template <typename Callback>
Callback Subjects::Counted(Callback done) {
  {
    absl::MutexLock lock(&mu_);
    ++under_way_;
  }
  return [this, done = std::move(done)](auto result) {
    done(std::move(result));
    absl::MutexLock lock(&mu_);
    --under_way_;
  };
}

void Subjects::EraseSubject(const Actor& actor, const v1::EraseSubjectRequest& request,
                            v1::EraseSubjectResponse* response, Done done) {
  access_.Authorize(
      actor, methods::kEraseSubject, Target(),
      [this, actor, &request, response, done = std::move(done)](absl::Status admitted) mutable {
        if (!admitted.ok()) return done(admitted);
        Erase(actor, actor.org_id, request.subject_id(), request.reason(), /*by_policy=*/false,
              [&request, response,
               done = std::move(done)](absl::StatusOr<std::vector<std::string>> cases) {
                if (!cases.ok()) return done(cases.status());
                response->set_subject_id(request.subject_id());
                for (std::string& case_id : *cases) response->add_case_ids(std::move(case_id));
                done(absl::OkStatus());
              });
      });
}

void Subjects::Erase(Actor actor, std::string org_id, std::string subject_id, std::string reason,
                     bool by_policy, Erased done) {
  if (absl::Status s = CheckSubject(subject_id, &reason); !s.ok()) return done(s);
  auto erasure = std::make_shared<Erasure>();
  erasure->actor = std::move(actor);
  erasure->org_id = std::move(org_id);
  erasure->subject_id = std::move(subject_id);
  erasure->reason = std::move(reason);
  erasure->by_policy = by_policy;
  erasure->done = Counted(std::move(done));
  work_.Post([this, erasure] {
    auto cases = CasesOf(runner_, keys_, erasure->org_id, erasure->subject_id);
    if (!cases.ok()) return erasure->done(cases.status());
    erasure->waiting = *std::move(cases);
    EraseNextCase(erasure);
  });
}

void Subjects::EraseNextCase(std::shared_ptr<Erasure> erasure) {
  while (!erasure->waiting.empty()) {
    std::shared_ptr<const FoldedCase> folded = std::move(erasure->waiting.back());
    erasure->waiting.pop_back();
    const std::string& case_id = folded->state.state.case_id();
    if (std::find(erasure->case_ids.begin(), erasure->case_ids.end(), case_id) ==
        erasure->case_ids.end()) {
      erasure->case_ids.push_back(case_id);
    }
    if (folded->state.state.subject_erased()) continue;  // by an earlier attempt
    CaseCommand command;
    command.header.set_case_id(case_id);
    command.header.set_command_id(ServerCommandId(
        "erase-subject", absl::StrCat(erasure->org_id, "\n", erasure->subject_id, "\n", case_id)));
    command.server_made = true;
    command.method = methods::kEraseSubject;
    command.by_policy = erasure->by_policy;
    command.decide = [reason = erasure->reason](const v1::CaseState& state,
                                                const domain::CommandContext& context) {
      domain::EraseCaseSubject erase;
      erase.header.set_case_id(state.case_id());
      erase.header.set_command_id(context.new_id);
      erase.reason = reason;
      return domain::Decide(state, erase, context);
    };
    // The next case waits for this one's answer, back on the queue's thread.
    runner_.Run(std::move(command), erasure->actor,
                [this, erasure](absl::StatusOr<v1::CommandResult> done) {
                  if (!done.ok()) return erasure->done(done.status());
                  work_.Post([this, erasure] { EraseNextCase(erasure); });
                });
    return;
  }
  if (erasure->key_erased) {
    std::sort(erasure->case_ids.begin(), erasure->case_ids.end());
    return erasure->done(std::move(erasure->case_ids));
  }
  if (erasure->case_ids.empty()) {
    return erasure->done(
        absl::NotFoundError(absl::StrCat("no case has data subject ", erasure->subject_id)));
  }
  EraseKey(std::move(erasure));
}

void Subjects::EraseKey(std::shared_ptr<Erasure> erasure) {
  // After the cases, so a failure above leaves the key for a retry to finish with.
  if (absl::Status s = keys_.Erase(privacy::KeyId(erasure->org_id, erasure->subject_id)); !s.ok()) {
    return erasure->done(s);
  }
  erasure->key_erased = true;
  erasures_done_.fetch_add(1, std::memory_order_relaxed);
  // A case opened for the subject meanwhile was sealed with the key now gone: record its
  // erasure too, so no fold of it keeps the fields it was opened with.
  auto cases = CasesOf(runner_, keys_, erasure->org_id, erasure->subject_id);
  if (!cases.ok()) return erasure->done(cases.status());
  erasure->waiting = *std::move(cases);
  EraseNextCase(std::move(erasure));
}

void Subjects::ExportSubject(const Actor& actor, const v1::ExportSubjectRequest& request,
                             v1::ExportSubjectResponse* response, Done done) {
  if (absl::Status s = CheckSubject(request.subject_id(), nullptr); !s.ok()) return done(s);
  access_.Authorize(
      actor, methods::kExportSubject, Target(),
      [this, actor, &request, response, done = std::move(done)](absl::Status admitted) mutable {
        if (!admitted.ok()) return done(admitted);
        auto job = std::make_shared<Export>();
        job->actor = actor;
        job->subject_id = request.subject_id();
        job->response = response;
        job->done = Counted(std::move(done));
        job->exported.set_subject_id(request.subject_id());
        work_.Post([this, job] {
          auto cases = CasesOf(runner_, keys_, job->actor.org_id, job->subject_id);
          if (!cases.ok()) return job->done(cases.status());
          job->cases = *std::move(cases);
          ExportNextCase(job);
        });
      });
}

void Subjects::ExportNextCase(std::shared_ptr<Export> job) {
  if (job->next == job->cases.size()) {
    if (job->exported.cases_size() == 0) {
      return job->done(
          absl::NotFoundError(absl::StrCat("no case has data subject ", job->subject_id)));
    }
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.preserve_proto_field_names = true;
    auto printed = google::protobuf::util::MessageToJsonString(
        job->exported, job->response->mutable_json(), options);
    if (!printed.ok()) return job->done(absl::InternalError(printed.ToString()));
    return job->done(absl::OkStatus());
  }
  const FoldedCase& folded = *job->cases[job->next++];
  const std::string& case_id = folded.state.state.case_id();
  // Each case is checked on its own.
  const Target target = Target::Case(case_id, &folded.state.state);
  if (absl::Status s = access_.Decide(job->actor, methods::kExportSubject, target); !s.ok()) {
    return access_.Refuse(job->actor, methods::kExportSubject, target, std::move(s),
                          std::move(job->done));
  }
  v1::CaseExport* exported_case = job->exported.add_cases();
  *exported_case->mutable_state() = folded.state.state;
  v1::GetCaseHistoryRequest page;
  page.set_case_id(case_id);
  page.set_page_size(1000);
  for (uint64_t from = 1; from != 0;) {
    page.set_from_revision(from);
    auto history = projections::GetCaseHistory(store_, keys_, page);
    if (!history.ok()) return job->done(history.status());
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
    auto access = log_.List(access_page, job->actor.org_id);
    if (!access.ok()) return job->done(access.status());
    for (v1::AccessEntry& entry : *access->mutable_entries()) {
      *exported_case->add_access() = std::move(entry);
    }
    from = access->next_revision();
  }
  log_.RecordView(job->actor, methods::kExportSubject, case_id, [this, job](absl::Status recorded) {
    if (!recorded.ok()) return job->done(recorded);
    work_.Post([this, job] { ExportNextCase(job); });
  });
}

}  // namespace caseledger::app
