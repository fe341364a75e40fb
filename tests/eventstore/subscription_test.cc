#include "eventstore/subscription.h"

#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "tests/eventstore/store_fixture.h"

namespace caseledger::eventstore {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;

using SubscriptionTest = StoreTest;

// Collects what a subscription delivers, checking each event is lent with its own record.
class Received {
 public:
  Subscription::Handler Handler() {
    return [this](uint64_t position, absl::string_view encoded) {
      v1::EventRecord record;
      if (absl::Status s = ParseRecordInto(encoded, position, record); !s.ok()) return s;
      if (record.position() != position) {
        return absl::InternalError(
            absl::StrCat("lent at ", position, ": the record at ", record.position()));
      }
      absl::MutexLock lock(&mu_);
      positions_.push_back(position);
      return absl::OkStatus();
    };
  }
  bool WaitForCount(size_t n, absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    auto enough = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return positions_.size() >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
  }
  std::vector<uint64_t> positions() {
    absl::MutexLock lock(&mu_);
    return positions_;
  }

 private:
  absl::Mutex mu_;
  std::vector<uint64_t> positions_ ABSL_GUARDED_BY(mu_);
};

TEST_F(SubscriptionTest, CatchesUpThenReceivesLiveAppendsWithNoGapOrDuplicate) {
  for (int i = 0; i < 1000; ++i) {
    ASSERT_THAT(store_->Append(Request(absl::StrCat("case-", i % 10), ExpectedRevision::Any(), 1)),
                IsOk());
  }
  Received received;
  // Starts behind the head (after 200), while writers keep appending.
  Subscription::Options small_batches;
  small_batches.batch_size = 64;
  auto subscription = Subscription::Start(*store_, 200, received.Handler(), small_batches);
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 500; ++i) {
        ASSERT_TRUE(
            store_->Append(Request(absl::StrCat("live-", w), ExpectedRevision::Any(), 1 + i % 2))
                .ok());
      }
    });
  }
  for (auto& t : writers) t.join();
  const uint64_t head = store_->Head().position;
  ASSERT_EQ(head, 1000u + 4 * (250 * 1 + 250 * 2));
  ASSERT_TRUE(received.WaitForCount(head - 200, absl::Seconds(30)));
  subscription->Stop();
  EXPECT_THAT(subscription->status(), IsOk());

  const std::vector<uint64_t> positions = received.positions();
  ASSERT_EQ(positions.size(), head - 200);
  for (size_t i = 0; i < positions.size(); ++i) {
    ASSERT_EQ(positions[i], 201 + i) << "gap or duplicate at index " << i;
  }
  EXPECT_EQ(subscription->position(), head);
}

TEST_F(SubscriptionTest, FromAnEmptyLogWaitsForTheFirstEvent) {
  Received received;
  auto subscription = Subscription::Start(*store_, 0, received.Handler());
  EXPECT_FALSE(received.WaitForCount(1, absl::Milliseconds(100)));
  ASSERT_THAT(store_->Append(Request("case-1", ExpectedRevision::Any(), 3)), IsOk());
  ASSERT_TRUE(received.WaitForCount(3, absl::Seconds(10)));
  EXPECT_EQ(received.positions(), (std::vector<uint64_t>{1, 2, 3}));
}

TEST_F(SubscriptionTest, AFailureIsReportedOnceWithItsError) {
  ASSERT_THAT(store_->Append(Request("case-1", ExpectedRevision::Any(), 5)), IsOk());
  absl::Mutex mu;
  std::vector<absl::Status> failures;
  Subscription::Options options;
  options.on_failure = [&](const absl::Status& failure) {
    absl::MutexLock lock(&mu);
    failures.push_back(failure);
  };
  auto subscription = Subscription::Start(
      *store_, 0,
      [](uint64_t position, absl::string_view) {
        return position == 3 ? absl::DataLossError("bad at 3") : absl::OkStatus();
      },
      options);
  {
    absl::MutexLock lock(&mu);
    auto reported = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu) { return !failures.empty(); };
    ASSERT_TRUE(mu.AwaitWithTimeout(absl::Condition(&reported), absl::Seconds(10)));
  }
  subscription->Stop();
  absl::MutexLock lock(&mu);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_THAT(failures[0], StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_EQ(subscription->position(), 2u);
}

TEST_F(SubscriptionTest, AHandlerErrorStopsItAtTheLastGoodPosition) {
  ASSERT_THAT(store_->Append(Request("case-1", ExpectedRevision::Any(), 10)), IsOk());
  auto subscription = Subscription::Start(*store_, 0, [](uint64_t position, absl::string_view) {
    if (position == 4) return absl::InternalError("projection failed");
    return absl::OkStatus();
  });
  for (int i = 0; i < 500 && subscription->status().ok(); ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_THAT(subscription->status(), StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(subscription->position(), 3u) << "resume from here";
}

}  // namespace
}  // namespace caseledger::eventstore
