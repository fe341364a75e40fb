// Erasing a data subject by destroying their key: the personal fields are gone from every
// read path and from the files on disk, while every decision and the hash chain remain.

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/field_errors.h"
#include "gmock/gmock.h"
#include "rocksdb/db.h"
#include "tests/integration/command_client.h"
#include "tests/support/data_files.h"

namespace caseledger {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSubject[] = "subject-77";
constexpr char kSummary[] = "Summary-Q7X rent arrears after a bereavement";
constexpr char kNote[] = "Note-K2J the client's daughter handles the post";
constexpr char kPerson[] = "Person-Z8W";
constexpr char kKept[] = "Kept-P5V another client's note";

class ErasureTest : public testing::ServerFixture {
 protected:
  static std::unique_ptr<grpc::ClientContext> Worker() { return As("ana", "caseworker", "north"); }
  static std::unique_ptr<grpc::ClientContext> Officer() { return As("cora", "compliance_officer"); }

  // Whether RocksDB is flushing or compacting in the background.
  bool RocksDbBusy() {
    uint64_t busy = 0;
    for (const char* property : {"rocksdb.num-running-flushes", "rocksdb.num-running-compactions",
                                 "rocksdb.compaction-pending"}) {
      uint64_t value = 0;
      store_->db().GetAggregatedIntProperty(property, &value);
      busy += value;
    }
    return busy > 0;
  }

  void Open(const std::string& id, const std::string& subject, const std::string& summary) {
    v1::OpenCaseRequest open;
    *open.mutable_header() = Header(absl::StrCat("open-", id), id);
    open.set_kind(v1::ADVICE);
    open.set_category("housing");
    open.set_client_ref(absl::StrCat("CREF", id));
    open.set_subject_id(subject);
    open.set_summary(summary);
    open.set_complexity(v1::MEDIUM);
    open.set_team_id("north");
    v1::CommandResult result;
    grpc::Status status = cases_->OpenCase(Worker().get(), open, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void Note(const std::string& id, const std::string& text) {
    v1::RecordNoteRequest note;
    *note.mutable_header() = Header(absl::StrCat("note-", id, "-", ++notes_), id);
    note.mutable_note()->set_kind(v1::FACT);
    note.mutable_note()->set_contact_type(v1::PHONE);
    note.mutable_note()->set_text(text);
    v1::CommandResult result;
    grpc::Status status = cases_->RecordNote(Worker().get(), note, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // The subject's key as stored, to look for it in the files.
  std::string KeyOf(const std::string& subject) {
    auto key = store_->storage().keys.Get(absl::StrCat("k/default/", subject));
    return key.ok() ? key->value_or("") : "";
  }

  v1::GetCaseHistoryResponse History(const std::string& id) {
    v1::GetCaseHistoryRequest request;
    request.set_case_id(id);
    v1::GetCaseHistoryResponse page;
    EXPECT_TRUE(audit_->GetCaseHistory(Officer().get(), request, &page).ok());
    return page;
  }

  int notes_ = 0;
};

TEST_F(ErasureTest, PersonalFieldsAreGoneEverywhereWhileDecisionsAndHashesRemain) {
  Open("e1", kSubject, kSummary);
  Note("e1", kNote);
  v1::AddKeyPersonRequest person;
  *person.mutable_header() = Header("person-e1", "e1");
  person.mutable_person()->set_relationship(v1::FAMILY);
  person.mutable_person()->set_name(kPerson);
  person.mutable_person()->set_consent(v1::GIVEN);
  v1::CommandResult result;
  ASSERT_TRUE(cases_->AddKeyPerson(Worker().get(), person, &result).ok());
  v1::AssessPriorityRequest assess;
  *assess.mutable_header() = Header("assess-e1", "e1");
  for (const char* c : {"risk_of_harm", "deadline_urgency", "vulnerability", "impact"}) {
    auto* s = assess.add_scores();
    s->set_criterion(c);
    s->set_score(4);
  }
  assess.set_rationale("Possession hearing in two weeks");
  ASSERT_TRUE(cases_->AssessPriority(Worker().get(), assess, &result).ok());
  Open("e2", kSubject, kSummary);
  Open("keep", "subject-other", "Another client");
  Note("keep", kKept);

  // Sealed from the start: the log, and so the relay and subscribers, never hold plaintext.
  auto log = store_->ReadAll(1, 1000);
  ASSERT_TRUE(log.ok());
  for (const v1::EventRecord& record : *log) {
    for (const char* secret : {kSummary, kNote, kPerson, kKept}) {
      EXPECT_THAT(record.payload(), Not(HasSubstr(secret))) << record.type();
    }
  }
  v1::GetCaseRequest get;
  get.set_case_id("e1");
  v1::CaseView before;
  ASSERT_TRUE(caseload_->GetCase(Worker().get(), get, &before).ok());
  ASSERT_EQ(before.state().summary(), kSummary) << "readable until the erasure";
  ASSERT_EQ(before.state().notes(0).note().text(), kNote);
  const v1::GetCaseHistoryResponse history_before = History("e1");
  const std::string erased_key = KeyOf(kSubject);
  const std::string kept_key = KeyOf("subject-other");
  ASSERT_EQ(erased_key.size(), 32u);
  ASSERT_TRUE(store_->FlushAll().ok());
  // A compaction the flush set off may be rewriting the file the key is in while the search
  // reads the folder: search again once it is done.
  bool found = false;
  for (int i = 0; i < 1000 && !found; ++i) {
    if (!RocksDbBusy()) found = testing::AnyFileHoldsKey(dir_.Sub("data"), erased_key);
    if (!found) absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_TRUE(found) << "the search finds what is there";

  v1::EraseSubjectRequest erase;
  erase.set_subject_id(kSubject);
  erase.set_reason("Erasure request ER-12");
  v1::EraseSubjectResponse erased;
  EXPECT_EQ(subjects_->EraseSubject(Officer().get(), erase, &erased).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "a compliance officer changes nothing";
  grpc::Status status = subjects_->EraseSubject(As("adm", "administrator").get(), erase, &erased);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(erased.case_ids(), ::testing::ElementsAre("e1", "e2"));

  // Queries.
  v1::CaseView after;
  ASSERT_TRUE(caseload_->GetCase(Worker().get(), get, &after).ok());
  EXPECT_EQ(after.state().summary(), "[erased]");
  EXPECT_EQ(after.state().client_ref(), "[erased]");
  EXPECT_EQ(after.state().notes(0).note().text(), "[erased]");
  EXPECT_EQ(after.state().key_people(0).person().name(), "[erased]");
  EXPECT_TRUE(after.state().subject_erased());
  EXPECT_EQ(after.state().priority().rationale(), "Possession hearing in two weeks");
  EXPECT_EQ(after.state().priority().rag(), before.state().priority().rag());

  // History: every event still there with its hash; the erasure is one more, with its why.
  const v1::GetCaseHistoryResponse history_after = History("e1");
  ASSERT_EQ(history_after.entries_size(), history_before.entries_size() + 1);
  for (int i = 0; i < history_before.entries_size(); ++i) {
    EXPECT_EQ(history_after.entries(i).record().hash(), history_before.entries(i).record().hash());
    EXPECT_EQ(history_after.entries(i).record().type(), history_before.entries(i).record().type());
  }
  EXPECT_EQ(history_after.entries(0).event().case_opened().summary(), "[erased]");
  EXPECT_EQ(history_after.entries(1).event().note_recorded().note().text(), "[erased]");
  const v1::HistoryEntry& last = history_after.entries(history_after.entries_size() - 1);
  EXPECT_EQ(last.record().type(), "SubjectErased");
  EXPECT_EQ(last.record().metadata().actor(), "adm");
  EXPECT_EQ(last.event().subject_erased().reason(), "Erasure request ER-12");

  // Replay, at a revision before the erasure too.
  v1::ReplayCaseRequest replay;
  replay.set_case_id("e1");
  replay.set_revision(2);
  v1::ReplayCaseResponse replayed;
  ASSERT_TRUE(audit_->ReplayCase(Officer().get(), replay, &replayed).ok());
  EXPECT_EQ(replayed.state().summary(), "[erased]");
  EXPECT_EQ(replayed.state().notes(0).note().text(), "[erased]");

  // The subject access request now shows nothing of them but the decisions.
  v1::ExportSubjectRequest export_request;
  export_request.set_subject_id(kSubject);
  v1::ExportSubjectResponse exported;
  ASSERT_TRUE(subjects_->ExportSubject(Officer().get(), export_request, &exported).ok());
  EXPECT_THAT(exported.json(), HasSubstr("[erased]"));
  EXPECT_THAT(exported.json(), HasSubstr("Possession hearing in two weeks"));
  for (const char* secret : {kSummary, kNote, kPerson}) {
    EXPECT_THAT(exported.json(), Not(HasSubstr(secret)));
  }

  // Another subject is untouched; the erased cases take nothing more, nor does the subject.
  get.set_case_id("keep");
  ASSERT_TRUE(caseload_->GetCase(Worker().get(), get, &after).ok());
  EXPECT_EQ(after.state().notes(0).note().text(), kKept);
  Note("keep", "Still open for business");
  v1::RecordNoteRequest late;
  *late.mutable_header() = Header("late-note", "e1");
  late.mutable_note()->set_kind(v1::FACT);
  late.mutable_note()->set_contact_type(v1::PHONE);
  late.mutable_note()->set_text("Too late");
  EXPECT_EQ(cases_->RecordNote(Worker().get(), late, &result).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::OpenCaseRequest reuse;
  *reuse.mutable_header() = Header("open-e3", "e3");
  reuse.set_kind(v1::ADVICE);
  reuse.set_category("housing");
  reuse.set_client_ref("CREFe3");
  reuse.set_complexity(v1::LOW);
  reuse.set_subject_id(kSubject);
  EXPECT_EQ(cases_->OpenCase(Worker().get(), reuse, &result).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // The chain still verifies.
  v1::VerifyLogResponse verified;
  ASSERT_TRUE(audit_->VerifyLog(Officer().get(), v1::VerifyLogRequest(), &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();

  // On disk: no plaintext anywhere, and the erased key is gone; the other key is still there.
  server_.reset();
  store_.reset();
  const std::string data = dir_.Sub("data");
  EXPECT_FALSE(testing::AnyFileHoldsKey(data, erased_key)) << "the erased key is still in a file";
  EXPECT_TRUE(testing::AnyFileHoldsKey(data, kept_key));
  for (const char* secret : {kSummary, kNote, kPerson, kKept}) {
    EXPECT_FALSE(testing::AnyFileHolds(data, secret)) << secret;
  }
}

TEST_F(ErasureTest, ASubjectIdIsAnOrganisationsOwn) {
  Open("a1", kSubject, kSummary);
  auto elsewhere = As("bo", "caseworker", "north");
  elsewhere->AddMetadata("x-caseledger-org", "elsewhere");
  v1::OpenCaseRequest open;
  *open.mutable_header() = Header("open-b1", "b1");
  open.set_kind(v1::ADVICE);
  open.set_category("housing");
  open.set_client_ref("CREFb1");
  open.set_subject_id(kSubject);  // the same id, another organisation's person
  open.set_summary("Another organisation's client");
  open.set_complexity(v1::LOW);
  v1::CommandResult result;
  ASSERT_TRUE(cases_->OpenCase(elsewhere.get(), open, &result).ok());

  v1::EraseSubjectRequest erase;
  erase.set_subject_id(kSubject);
  erase.set_reason("Erasure request ER-14");
  v1::EraseSubjectResponse erased;
  ASSERT_TRUE(subjects_->EraseSubject(As("adm", "administrator").get(), erase, &erased).ok());
  EXPECT_THAT(erased.case_ids(), ::testing::ElementsAre("a1"));

  v1::GetCaseRequest get;
  get.set_case_id("b1");
  v1::CaseView view;
  auto reader = As("bo", "caseworker", "north");
  reader->AddMetadata("x-caseledger-org", "elsewhere");
  ASSERT_TRUE(caseload_->GetCase(reader.get(), get, &view).ok());
  EXPECT_EQ(view.state().summary(), "Another organisation's client");
  EXPECT_FALSE(view.state().subject_erased());
}

TEST_F(ErasureTest, ASubjectWithTheLongestIdsIsErasedCompletely) {
  // Long ids, which together are longer than an id may be: the erasure's own command ids,
  // made from them, still fit.
  const std::string subject(domain::kMaxIdBytes - 8, 's');
  const std::string first(domain::kMaxIdBytes - 8, 'a');
  const std::string second(domain::kMaxIdBytes - 9, 'b');
  Open(first, subject, kSummary);
  Open(second, subject, kSummary);
  v1::EraseSubjectRequest erase;
  erase.set_subject_id(subject);
  erase.set_reason("Erasure request ER-15");
  v1::EraseSubjectResponse erased;
  grpc::Status status = subjects_->EraseSubject(As("adm", "administrator").get(), erase, &erased);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(erased.case_ids(), ::testing::UnorderedElementsAre(first, second));
  for (const std::string& id : {first, second}) {
    v1::GetCaseRequest get;
    get.set_case_id(id);
    v1::CaseView view;
    ASSERT_TRUE(caseload_->GetCase(Worker().get(), get, &view).ok());
    EXPECT_TRUE(view.state().subject_erased());
    EXPECT_NE(view.state().summary(), kSummary);
  }
}

TEST_F(ErasureTest, AClientCannotTakeTheIdOfTheServersOwnCommands) {
  Open("t1", kSubject, kSummary);
  v1::RecordNoteRequest note;
  *note.mutable_header() = Header("caseledger:erase-subject:0123", "t1");
  note.mutable_note()->set_kind(v1::FACT);
  note.mutable_note()->set_contact_type(v1::PHONE);
  note.mutable_note()->set_text("A note under an id kept for the server");
  v1::CommandResult result;
  grpc::Status status = cases_->RecordNote(Worker().get(), note, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ::testing::ElementsAre("header.command_id"));
}

TEST_F(ErasureTest, EraseAndExportNameTheirBadFieldsAndUnknownSubjects) {
  v1::EraseSubjectRequest erase;
  erase.set_subject_id(kSubject);
  v1::EraseSubjectResponse erased;
  grpc::Status status = subjects_->EraseSubject(As("adm", "administrator").get(), erase, &erased);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ::testing::ElementsAre("reason"));
  erase.set_reason("Erasure request ER-13");
  EXPECT_EQ(subjects_->EraseSubject(As("adm", "administrator").get(), erase, &erased).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ExportSubjectRequest export_request;
  v1::ExportSubjectResponse exported;
  status = subjects_->ExportSubject(Officer().get(), export_request, &exported);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ::testing::ElementsAre("subject_id"));
}

}  // namespace
}  // namespace caseledger
