// The diary and the attention list a page at a time: every item once, in the documented order,
// across ties in the sort key; page sizes past the limit and tokens the server never gave.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "gmock/gmock.h"
#include "tests/integration/caseload_fixture.h"

namespace caseledger {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::Not;

class ListPagingTest : public CaseloadFixture {
 protected:
  // Every page of a list, `page_size` at a time, as the ids `id` gives; checks each page's
  // size, that every page but the last names a next one, and each page's total.
  template <typename Request, typename Response, typename Call, typename List, typename Id>
  std::vector<std::string> PageThrough(Request request, uint32_t page_size, Call call, List list,
                                       Id id) {
    request.set_min_position(last_position_);
    request.set_page_size(page_size);
    std::vector<std::string> ids;
    for (int pages = 0; pages < 100; ++pages) {
      Response page;
      grpc::Status status = call(Reader().get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      EXPECT_LE(list(page).size(), static_cast<int>(page_size));
      for (const auto& item : list(page)) ids.push_back(id(item));
      if (page.next_page_token().empty()) {
        EXPECT_EQ(page.total(), ids.size());
        break;
      }
      EXPECT_EQ(list(page).size(), static_cast<int>(page_size)) << "a short page before the last";
      request.set_page_token(page.next_page_token());
    }
    return ids;
  }

  std::vector<std::string> AttentionPages(uint32_t page_size) {
    return PageThrough<v1::ListAttentionRequest, v1::ListAttentionResponse>(
        v1::ListAttentionRequest(), page_size,
        [&](auto* c, auto& r, auto* o) { return caseload_->ListAttention(c, r, o); },
        [](const v1::ListAttentionResponse& r) { return r.items(); },
        [](const v1::AttentionItem& item) { return item.summary().case_id(); });
  }

  v1::ListDiaryRequest Fortnight() {
    v1::ListDiaryRequest request;
    *request.mutable_from() = ToProto(Now());
    *request.mutable_to() = ToProto(Now() + absl::Hours(24 * 14));
    request.set_include_missed(true);
    return request;
  }

  std::vector<std::string> DiaryPages(uint32_t page_size) {
    return PageThrough<v1::ListDiaryRequest, v1::ListDiaryResponse>(
        Fortnight(), page_size,
        [&](auto* c, auto& r, auto* o) { return caseload_->ListDiary(c, r, o); },
        [](const v1::ListDiaryResponse& r) { return r.entries(); },
        [](const v1::DiaryEntry& e) {
          return absl::StrCat(e.case_id(), "/", e.deadline().deadline_id());
        });
  }
};

TEST_F(ListPagingTest, AttentionPagesGiveEveryCaseOnceRedFirstThenTheLongestStanding) {
  // Red and unallocated: r-b first, then three at the same moment (a tie broken by case id).
  Open("r-b", "");
  Assess("r-b", 5);
  clock_.Advance(absl::Minutes(1));
  for (const char* id : {"r-d", "r-a", "r-c"}) {
    Open(id, "");
    Assess(id, 5);
  }
  // Unassessed, with missed deadlines: d-w's first, then three due at the same time.
  const absl::Time due = Now() + absl::Hours(1);
  for (const char* id : {"d-z", "d-x", "d-y"}) {
    Open(id, "w1");
    Deadline(id, due, absl::StrCat(id, "-1"));
  }
  Open("d-w", "w1");
  Deadline("d-w", due - absl::Minutes(10), "d-w-1");
  clock_.Advance(absl::Hours(2));

  const std::vector<std::string> order = {"r-b", "r-a", "r-c", "r-d", "d-w", "d-x", "d-y", "d-z"};
  EXPECT_THAT(AttentionPages(1000), ElementsAreArray(order));
  EXPECT_THAT(AttentionPages(3), ElementsAreArray(order));
  EXPECT_THAT(AttentionPages(1), ElementsAreArray(order));
  // The default page holds them all, and says so.
  v1::ListAttentionRequest request;
  request.set_min_position(last_position_);
  v1::ListAttentionResponse all;
  ASSERT_TRUE(caseload_->ListAttention(Reader().get(), request, &all).ok());
  EXPECT_EQ(all.items_size(), 8);
  EXPECT_EQ(all.total(), 8u);
  EXPECT_THAT(all.next_page_token(), IsEmpty());
}

TEST_F(ListPagingTest, DiaryPagesGiveEveryEntryOnceSoonestFirstAcrossTies) {
  const absl::Time at = Now() + absl::Hours(24);
  Open("c-2", "w1");
  Deadline("c-2", at, "b");
  Deadline("c-2", at, "a");  // the same case at the same time: by deadline id
  Open("c-1", "w1");
  Deadline("c-1", at, "z");
  Open("c-3", "w1");
  Deadline("c-3", at - absl::Hours(1), "soon");
  Deadline("c-3", Now() + absl::Minutes(30), "missed");
  Open("c-0", "w1");
  Deadline("c-0", at + absl::Hours(1), "later");
  clock_.Advance(absl::Hours(1));

  const std::vector<std::string> order = {"c-3/missed", "c-3/soon", "c-1/z",
                                          "c-2/a",      "c-2/b",    "c-0/later"};
  EXPECT_THAT(DiaryPages(1000), ElementsAreArray(order));
  EXPECT_THAT(DiaryPages(4), ElementsAreArray(order));
  EXPECT_THAT(DiaryPages(2), ElementsAreArray(order));
  EXPECT_THAT(DiaryPages(1), ElementsAreArray(order));
}

TEST_F(ListPagingTest, APageSizePastTheLimitIsTheLimit) {
  // 1001 cases, each with a deadline that passes: 1001 diary entries and 1001 cases needing
  // attention, one more than the largest page.
  const absl::Time due = Now() + absl::Hours(1);
  for (int i = 0; i < 1001; ++i) {
    const std::string id = absl::StrCat("bulk-", i);
    Open(id, "");
    Deadline(id, due, "d");
  }
  clock_.Advance(absl::Hours(2));

  v1::ListAttentionRequest attention;
  attention.set_min_position(last_position_);
  attention.set_page_size(5000);
  v1::ListAttentionResponse first;
  ASSERT_TRUE(caseload_->ListAttention(Reader().get(), attention, &first).ok());
  EXPECT_EQ(first.items_size(), 1000);
  EXPECT_EQ(first.total(), 1001u);
  ASSERT_THAT(first.next_page_token(), Not(IsEmpty()));
  attention.set_page_token(first.next_page_token());
  v1::ListAttentionResponse last;
  ASSERT_TRUE(caseload_->ListAttention(Reader().get(), attention, &last).ok());
  ASSERT_EQ(last.items_size(), 1);
  EXPECT_THAT(last.next_page_token(), IsEmpty());
  EXPECT_EQ(AttentionPages(1000).size(), 1001u);

  v1::ListDiaryRequest diary = Fortnight();
  diary.set_min_position(last_position_);
  diary.set_page_size(5000);
  v1::ListDiaryResponse entries;
  ASSERT_TRUE(caseload_->ListDiary(Reader().get(), diary, &entries).ok());
  EXPECT_EQ(entries.entries_size(), 1000);
  EXPECT_EQ(entries.total(), 1001u);
  EXPECT_THAT(entries.next_page_token(), Not(IsEmpty()));
  EXPECT_EQ(DiaryPages(1000).size(), 1001u);
}

TEST_F(ListPagingTest, ATokenTheListNeverGaveIsInvalidArgumentNamingPageToken) {
  Open("c-1", "w1");
  Deadline("c-1", Now() + absl::Hours(1), "d");
  // A caseload's token is of another list: the diary's keys have another shape.
  v1::ListCaseloadRequest caseload;
  caseload.set_page_size(1);
  Open("c-2", "w1");
  const std::string caseload_token = Caseload(caseload).next_page_token();
  ASSERT_THAT(caseload_token, Not(IsEmpty()));

  for (const std::string& token :
       {std::string("not-a-token"), std::string(":::"), caseload_token, std::string("1:2:!!")}) {
    v1::ListDiaryRequest diary = Fortnight();
    diary.set_min_position(last_position_);
    diary.set_page_token(token);
    v1::ListDiaryResponse entries;
    grpc::Status status = caseload_->ListDiary(Reader().get(), diary, &entries);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << token;
    EXPECT_THAT(BadFields(status), ElementsAre("page_token")) << token;

    v1::ListAttentionRequest attention;
    attention.set_min_position(last_position_);
    attention.set_page_token(token == caseload_token ? "1:2" : token);
    v1::ListAttentionResponse items;
    status = caseload_->ListAttention(Reader().get(), attention, &items);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << token;
    EXPECT_THAT(BadFields(status), ElementsAre("page_token")) << token;
  }
}

}  // namespace
}  // namespace caseledger
