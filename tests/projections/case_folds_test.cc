// The folds a consumer in another process keeps: each event folded once, a redelivery
// skipped, and nothing stored (so nothing acknowledged) for an event that can't be folded.

#include "projections/case_folds.h"

#include "caseledger/v1/case_events.pb.h"
#include "domain/case.h"
#include "eventstore/memory_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace caseledger::projections {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::IsOkAndHolds;
using ::caseledger::testing::StatusIs;
using ::testing::HasSubstr;

v1::EventRecord Record(const std::string& case_id, uint64_t revision, uint64_t position,
                       const v1::CaseEvent& event) {
  v1::EventRecord record;
  record.set_stream_id(domain::CaseStreamId(case_id));
  record.set_stream_revision(revision);
  record.set_position(position);
  record.set_type(domain::EventType(event));
  record.set_payload(event.SerializeAsString());
  return record;
}

v1::CaseEvent Opened(const std::string& case_id) {
  v1::CaseEvent event;
  event.mutable_case_opened()->set_case_id(case_id);
  event.mutable_case_opened()->set_category("housing");
  return event;
}

v1::CaseEvent Assigned(const std::string& worker) {
  v1::CaseEvent event;
  event.mutable_case_assigned()->set_worker_id(worker);
  return event;
}

class CaseFoldsTest : public ::testing::Test {
 protected:
  CaseFoldsTest() {
    eventstore::Storage storage = store_.storage();
    folds_ = *CaseFolds::Open(storage.views, storage.checkpoints);
  }

  eventstore::MemoryStore store_;
  std::unique_ptr<CaseFolds> folds_;
};

TEST_F(CaseFoldsTest, EachEventIsFoldedOnceAndARedeliveryIsSkipped) {
  EXPECT_THAT(folds_->Apply(Record("c1", 1, 1, Opened("c1"))), IsOkAndHolds(true));
  EXPECT_THAT(folds_->Apply(Record("c1", 2, 3, Assigned("ana"))), IsOkAndHolds(true));
  EXPECT_THAT(folds_->Apply(Record("c1", 2, 3, Assigned("ana"))), IsOkAndHolds(false))
      << "redelivered";
  v1::EventRecord other;
  other.set_stream_id("access-case-c1");
  other.set_stream_revision(1);
  EXPECT_THAT(folds_->Apply(other), IsOkAndHolds(false)) << "not a case's";
  auto all = folds_->All();
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].worker_id(), "ana");
  EXPECT_EQ((*all)[0].revision(), 2u);
  EXPECT_THAT(folds_->Position(), IsOkAndHolds(3u));
}

TEST_F(CaseFoldsTest, AnEventThatCannotBeFoldedIsRefusedAndNothingIsStored) {
  ASSERT_THAT(folds_->Apply(Record("c1", 1, 1, Opened("c1"))), IsOkAndHolds(true));
  v1::EventRecord corrupt = Record("c1", 2, 2, Assigned("ana"));
  corrupt.set_payload("\xff\xff not a case event");
  EXPECT_THAT(folds_->Apply(corrupt),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("position 2")));
  EXPECT_THAT(folds_->Apply(Record("c1", 3, 5, Assigned("bob"))),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("events were missed")));
  auto all = folds_->All();
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ((*all)[0].revision(), 1u);
  EXPECT_EQ((*all)[0].worker_id(), "");
  EXPECT_THAT(folds_->Position(), IsOkAndHolds(1u));
}

}  // namespace
}  // namespace caseledger::projections
