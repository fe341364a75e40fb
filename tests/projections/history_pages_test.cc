// Kept history pages: a case file read again is not decoded again, and a kept page is never
// answered once the log or the keys say something else.

#include "projections/history_pages.h"

#include "eventstore/memory_store.h"

#include "domain/case.h"
#include "domain/personal_fields.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "privacy/sealing.h"
#include "projections/case_history.h"
#include "tests/support/status_matchers.h"

namespace caseledger::projections {
namespace {

using testing::IsOk;

class HistoryPagesTest : public ::testing::Test {
 protected:
  HistoryPagesTest() {
    store_ = std::make_unique<eventstore::MemoryStore>();
    keys_ = *privacy::SubjectKeys::Open(store_->storage().keys);
  }
  ~HistoryPagesTest() override {
    keys_.reset();
    store_.reset();
  }

  // Appends a note about `subject` to case `case_id`, its text sealed as the server does.
  void Note(const std::string& case_id, const std::string& subject, const std::string& text) {
    v1::CaseEvent event;
    event.set_actor("ana");
    v1::NoteRecorded* note = event.mutable_note_recorded();
    note->set_note_id(text);
    note->mutable_note()->set_kind(v1::FACT);
    note->mutable_note()->set_text(text);
    ASSERT_THAT(privacy::Seal(*keys_, case_id, subject, event), IsOk());
    eventstore::AppendRequest request;
    request.stream_id = domain::CaseStreamId(case_id);
    eventstore::ProposedEvent proposed;
    proposed.type = "NoteRecorded";
    proposed.payload = event.SerializeAsString();
    request.events.push_back(std::move(proposed));
    ASSERT_TRUE(store_->Append(std::move(request)).ok());
  }

  static v1::GetCaseHistoryRequest Page(const std::string& case_id, uint64_t from, uint32_t size) {
    v1::GetCaseHistoryRequest request;
    request.set_case_id(case_id);
    request.set_from_revision(from);
    request.set_page_size(size);
    return request;
  }

  // The page as its reader gets it: from the bytes sent.
  static v1::GetCaseHistoryResponse Sent(const v1::GetCaseHistoryResponse& page) {
    v1::GetCaseHistoryResponse sent;
    EXPECT_TRUE(sent.ParseFromString(page.SerializeAsString()));
    return sent;
  }

  static std::vector<std::string> Texts(const v1::GetCaseHistoryResponse& page) {
    std::vector<std::string> texts;
    const v1::GetCaseHistoryResponse sent = Sent(page);
    for (const auto& entry : sent.entries()) {
      texts.push_back(entry.event().note_recorded().note().text());
    }
    return texts;
  }

  std::unique_ptr<eventstore::MemoryStore> store_;
  std::unique_ptr<privacy::SubjectKeys> keys_;
};

TEST_F(HistoryPagesTest, APageReadAgainIsSharedNotDecodedAgain) {
  HistoryPages pages(*store_, *keys_);
  Note("c1", "s1", "first");
  Note("c1", "s1", "second");
  auto first = pages.Get(Page("c1", 1, 10));
  ASSERT_THAT(first.status(), IsOk());
  auto again = pages.Get(Page("c1", 1, 10));
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_EQ(first->get(), again->get());
  EXPECT_EQ(pages.Decoded(), 1u);
  EXPECT_THAT(Texts(**again), ::testing::ElementsAre("first", "second"));
}

TEST_F(HistoryPagesTest, AKeptPageIsSentAsTheHistoryDecodesIt) {
  HistoryPages pages(*store_, *keys_);
  Note("c1", "s1", "one");
  Note("c1", "s1", "two");
  Note("c1", "s1", "three");
  for (bool payloads : {false, true}) {
    v1::GetCaseHistoryRequest request = Page("c1", 1, 2);
    request.set_include_payloads(payloads);
    auto kept = pages.Get(request);
    ASSERT_THAT(kept.status(), IsOk());
    absl::StatusOr<v1::GetCaseHistoryResponse> decoded = GetCaseHistory(*store_, *keys_, request);
    ASSERT_THAT(decoded.status(), IsOk());
    ASSERT_EQ(decoded->entries_size(), 2);
    EXPECT_EQ(decoded->entries(0).record().payload().empty(), !payloads);
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(Sent(**kept), *decoded))
        << Sent(**kept).DebugString() << "\nagainst\n"
        << decoded->DebugString();
  }
}

TEST_F(HistoryPagesTest, TheLastPageIsDecodedAgainOnceTheCaseHasANewEvent) {
  HistoryPages pages(*store_, *keys_);
  Note("c1", "s1", "one");
  Note("c1", "s1", "two");
  Note("c1", "s1", "three");
  ASSERT_THAT(pages.Get(Page("c1", 1, 2)).status(), IsOk());  // full, with a next page
  ASSERT_THAT(pages.Get(Page("c1", 3, 2)).status(), IsOk());  // the last page
  ASSERT_EQ(pages.Decoded(), 2u);

  Note("c1", "s1", "four");
  auto last = pages.Get(Page("c1", 3, 2));
  ASSERT_THAT(last.status(), IsOk());
  EXPECT_THAT(Texts(**last), ::testing::ElementsAre("three", "four"));
  EXPECT_EQ(pages.Decoded(), 3u);
  auto earlier = pages.Get(Page("c1", 1, 2));
  ASSERT_THAT(earlier.status(), IsOk());
  EXPECT_EQ(pages.Decoded(), 3u) << "a page followed by another can no longer change";
  EXPECT_EQ((*earlier)->next_revision(), 3u);

  Note("c2", "s1", "another case");
  ASSERT_THAT(pages.Get(Page("c1", 3, 2)).status(), IsOk());
  EXPECT_EQ(pages.Decoded(), 3u) << "another case's event changes nothing here";
}

TEST_F(HistoryPagesTest, AfterAnErasureNoKeptPageIsAnsweredAndTheSubjectReadsErased) {
  HistoryPages pages(*store_, *keys_);
  keys_->OnErase([&pages] { pages.Clear(); });
  Note("c1", "s1", "about s1");
  Note("c1", "s1", "more about s1");
  Note("c1", "s2", "about s2");
  auto before = pages.Get(Page("c1", 1, 2));  // full: would be kept for good otherwise
  ASSERT_THAT(before.status(), IsOk());
  EXPECT_THAT(Texts(**before), ::testing::ElementsAre("about s1", "more about s1"));

  ASSERT_EQ(pages.Kept(), 1u);
  ASSERT_THAT(keys_->Erase("s1"), IsOk());
  EXPECT_EQ(pages.Kept(), 0u) << "the opened pages are dropped as the erasure begins";
  auto after = pages.Get(Page("c1", 1, 2));
  ASSERT_THAT(after.status(), IsOk());
  EXPECT_EQ(pages.Decoded(), 2u);
  EXPECT_THAT(Texts(**after), ::testing::ElementsAre(domain::kErased, domain::kErased));
  EXPECT_THAT(Texts(**before), ::testing::ElementsAre("about s1", "more about s1"))
      << "an answer already handed out is not changed under its reader";
}

TEST_F(HistoryPagesTest, APageOpenedWhileAnErasureBeginsIsNotAnsweredAfterIt) {
  HistoryPages pages(*store_, *keys_);
  Note("c1", "s1", "about s1");
  Note("c1", "s1", "more about s1");
  Note("c1", "s2", "about s2");
  // A reader arrives after the erasure has begun but before the key is gone.
  bool read_during = false;
  keys_->OnErase([&] {
    pages.Clear();
    if (read_during) return;
    read_during = true;
    auto during = pages.Get(Page("c1", 1, 2));
    ASSERT_THAT(during.status(), IsOk());
    EXPECT_THAT(Texts(**during), ::testing::ElementsAre("about s1", "more about s1"));
  });
  ASSERT_THAT(keys_->Erase("s1"), IsOk());
  ASSERT_TRUE(read_during);
  auto after = pages.Get(Page("c1", 1, 2));
  ASSERT_THAT(after.status(), IsOk());
  EXPECT_THAT(Texts(**after), ::testing::ElementsAre(domain::kErased, domain::kErased));
}

TEST_F(HistoryPagesTest, PagesBeyondTheCapacityAreDroppedOldestFirst) {
  Note("c1", "s1", "one");
  Note("c2", "s1", "two");
  auto first = HistoryPages(*store_, *keys_).Get(Page("c1", 1, 10));
  ASSERT_THAT(first.status(), IsOk());
  const size_t one_page = (*first)->SpaceUsedLong();
  EXPECT_GT(one_page, (*first)->ByteSizeLong()) << "the encoded entries are counted";
  HistoryPages pages(*store_, *keys_, one_page + one_page / 2);  // room for one page
  ASSERT_THAT(pages.Get(Page("c1", 1, 10)).status(), IsOk());
  ASSERT_THAT(pages.Get(Page("c2", 1, 10)).status(), IsOk());
  ASSERT_THAT(pages.Get(Page("c2", 1, 10)).status(), IsOk());
  EXPECT_EQ(pages.Decoded(), 2u) << "the newest is kept";
  ASSERT_THAT(pages.Get(Page("c1", 1, 10)).status(), IsOk());
  EXPECT_EQ(pages.Decoded(), 3u) << "the oldest was dropped";
  EXPECT_EQ(pages.Kept(), 1u);
}

TEST_F(HistoryPagesTest, ErrorsAreAnsweredAsTheHistoryAnswersThem) {
  HistoryPages pages(*store_, *keys_);
  EXPECT_EQ(pages.Get(Page("", 1, 10)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(pages.Get(Page("nobody", 1, 10)).status().code(), absl::StatusCode::kNotFound);
  Note("nobody", "s1", "now it exists");
  auto page = pages.Get(Page("nobody", 1, 10));
  ASSERT_THAT(page.status(), IsOk());
  EXPECT_THAT(Texts(**page), ::testing::ElementsAre("now it exists"));
}

}  // namespace
}  // namespace caseledger::projections
