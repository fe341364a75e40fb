// No call waits on a thread that answers calls: erasures held at their slowest step (the
// subject keys' purge) do not keep other callers waiting.

#include <atomic>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "tests/integration/command_client.h"

namespace caseledger {
namespace {

class NonBlockingTest : public testing::ServerFixture {
 protected:
  NonBlockingTest() : ServerFixture(absl::ZeroDuration(), /*gate_key_purges=*/true) {}

  void Open(const std::string& id, const std::string& subject) {
    v1::OpenCaseRequest open;
    *open.mutable_header() = Header(absl::StrCat("open-", id), id);
    open.set_kind(v1::ADVICE);
    open.set_category("housing");
    open.set_client_ref(absl::StrCat("CREF-", id));
    open.set_subject_id(subject);
    open.set_summary("a summary");
    open.set_complexity(v1::MEDIUM);
    v1::CommandResult result;
    grpc::Status status = cases_->OpenCase(As("ana", "caseworker", "north").get(), open, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
};

// One call in flight on the client's side: what it holds lives until it completes.
template <typename Request, typename Response>
struct InFlight {
  std::unique_ptr<grpc::ClientContext> context;
  Request request;
  Response response;
  grpc::Status status;
  absl::Notification done;
};

TEST_F(NonBlockingTest, SixtyFourCaseReadsCompleteWhileEightErasuresWaitOnTheirKeys) {
  constexpr int kSubjects = 8;
  constexpr int kCasesEach = 5;
  for (int s = 0; s < kSubjects; ++s) {
    for (int c = 0; c < kCasesEach; ++c) Open(absl::StrCat("e", s, "-", c), absl::StrCat("s", s));
  }
  Open("probe", "someone-else");

  using Erasure = InFlight<v1::EraseSubjectRequest, v1::EraseSubjectResponse>;
  std::vector<std::unique_ptr<Erasure>> erasures;
  for (int s = 0; s < kSubjects; ++s) {
    auto erasure = std::make_unique<Erasure>();
    erasure->context = As("ada", "administrator");
    erasure->request.set_subject_id(absl::StrCat("s", s));
    erasure->request.set_reason("the subject asked");
    auto* raw = erasure.get();
    subjects_->async()->EraseSubject(raw->context.get(), &raw->request, &raw->response,
                                     [raw](grpc::Status status) {
                                       raw->status = std::move(status);
                                       raw->done.Notify();
                                     });
    erasures.push_back(std::move(erasure));
  }
  ASSERT_TRUE(gated_keys_->WaitUntilPurging(absl::Seconds(30)))
      << "an erasure reached its key's purge";

  using Read = InFlight<v1::GetCaseRequest, v1::CaseView>;
  std::vector<std::unique_ptr<Read>> reads;
  for (int i = 0; i < 64; ++i) {
    auto read = std::make_unique<Read>();
    read->context = As("ana", "caseworker", "north");
    read->request.set_case_id("probe");
    auto* raw = read.get();
    caseload_->async()->GetCase(raw->context.get(), &raw->request, &raw->response,
                                [raw](grpc::Status status) {
                                  raw->status = std::move(status);
                                  raw->done.Notify();
                                });
    reads.push_back(std::move(read));
  }
  for (auto& read : reads) {
    ASSERT_TRUE(read->done.WaitForNotificationWithTimeout(absl::Seconds(20)))
        << "a read waited behind the erasures";
    EXPECT_TRUE(read->status.ok()) << read->status.error_message();
    EXPECT_EQ(read->response.state().case_id(), "probe");
  }
  for (auto& erasure : erasures) {
    EXPECT_FALSE(erasure->done.HasBeenNotified()) << "every erasure still waits on its key";
  }

  gated_keys_->Release();
  for (auto& erasure : erasures) {
    ASSERT_TRUE(erasure->done.WaitForNotificationWithTimeout(absl::Seconds(30)));
    EXPECT_TRUE(erasure->status.ok()) << erasure->status.error_message();
    EXPECT_EQ(erasure->response.case_ids_size(), kCasesEach);
  }
}

}  // namespace
}  // namespace caseledger
