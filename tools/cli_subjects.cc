// Accountability and a data subject's rights: access, export-subject, erase-subject.

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "caseledger/v1/access.pb.h"
#include "tools/cli_app.h"
#include "tools/cli_parse.h"
#include "tools/table.h"

namespace caseledger::cli {
namespace {

struct SubjectFlags {
  std::string id;
  std::string reason;
  uint32_t limit = 100;
};

void AddAccess(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<SubjectFlags>();
  CLI::App* c = app.add_subcommand(
      "access", "Who viewed a case's content, and who was refused, and when (compliance officers)");
  c->add_option("case", f->id, "The case id; none: refusals that named no case");
  c->add_option("--limit", f->limit, "At most this many")->capture_default_str();
  commands.On<SubjectFlags>(c, f, [](Client& client, const SubjectFlags& f) {
    v1::ListCaseAccessRequest r;
    r.set_case_id(f.id);
    r.set_page_size(f.limit);
    v1::ListCaseAccessResponse response;
    Check(client.audit().ListCaseAccess(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    Table table({"WHEN", "POSITION", "ACTOR", "METHOD", "ANSWER"});
    for (const v1::AccessEntry& e : response.entries()) {
      const v1::AccessRecorded& a = e.access();
      table.Add({FormatTime(e.at()), absl::StrCat(e.position()),
                 absl::StrCat(a.actor(), " (", a.actor_role(), ")"), a.method(),
                 a.granted() ? "shown" : absl::StrCat("refused: ", a.reason())});
    }
    table.Print(std::cout);
  });
}

void AddExport(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<SubjectFlags>();
  CLI::App* c = app.add_subcommand(
      "export-subject", "Everything held about a data subject, as JSON (a subject access request)");
  c->add_option("subject", f->id, "The subject id (a case's subject_id)")->required();
  commands.On<SubjectFlags>(c, f, [](Client& client, const SubjectFlags& f) {
    v1::ExportSubjectRequest r;
    r.set_subject_id(f.id);
    v1::ExportSubjectResponse response;
    Check(client.subjects().ExportSubject(client.Context().get(), r, &response));
    std::cout << response.json() << "\n";
  });
}

void AddErase(CLI::App& app, Commands& commands) {
  auto f = std::make_shared<SubjectFlags>();
  CLI::App* c = app.add_subcommand(
      "erase-subject", "Destroy a data subject's key: their personal fields read as erased");
  c->add_option("subject", f->id, "The subject id (a case's subject_id)")->required();
  c->add_option("--reason", f->reason, "Why: the request's reference")->required();
  commands.On<SubjectFlags>(c, f, [](Client& client, const SubjectFlags& f) {
    v1::EraseSubjectRequest r;
    r.set_subject_id(f.id);
    r.set_reason(f.reason);
    v1::EraseSubjectResponse response;
    Check(client.subjects().EraseSubject(client.Context().get(), r, &response));
    if (client.connection().json) {
      std::cout << ToJson(response) << "\n";
      return;
    }
    std::cout << "erased subject " << response.subject_id() << " on case"
              << (response.case_ids_size() == 1 ? " " : "s ")
              << absl::StrJoin(response.case_ids(), ", ") << "\n";
  });
}

}  // namespace

void AddSubjects(CLI::App& app, Commands& commands) {
  AddAccess(app, commands);
  AddExport(app, commands);
  AddErase(app, commands);
}

}  // namespace caseledger::cli
