// Which events a subscriber gets: by type, case, or the worker a case was assigned to at
// each event; and an error, never a silent gap, when that can't be told.

#include "app/event_filter.h"

#include "caseledger/v1/case_events.pb.h"
#include "eventstore/memory_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace caseledger::app {
namespace {

using ::caseledger::testing::IsOkAndHolds;
using ::caseledger::testing::StatusIs;
using ::testing::HasSubstr;

class EventFilterTest : public ::testing::Test {
 protected:
  // Appends one event to case `case_id`: an assignment to `worker`, or a note when empty.
  v1::EventRecord Append(const std::string& case_id, const std::string& worker,
                         std::string payload = "") {
    v1::CaseEvent event;
    eventstore::ProposedEvent proposed;
    if (worker.empty()) {
      event.mutable_note_recorded()->set_note_id("n");
      proposed.type = "NoteRecorded";
    } else {
      event.mutable_case_assigned()->set_worker_id(worker);
      proposed.type = "CaseAssigned";
    }
    proposed.payload = payload.empty() ? event.SerializeAsString() : payload;
    eventstore::AppendRequest request;
    request.stream_id = "case-" + case_id;
    request.events.push_back(std::move(proposed));
    auto appended = store_.Append(std::move(request));
    EXPECT_TRUE(appended.ok());
    return (*store_.ReadAll(appended->last_position, 1))[0];
  }

  static v1::SubscribeRequest ForWorker(const std::string& worker) {
    v1::SubscribeRequest request;
    request.set_worker_id(worker);
    return request;
  }

  eventstore::MemoryStore store_;
};

TEST_F(EventFilterTest, AWorkersSubscriberGetsTheEventsOfCasesWhileTheyAreTheirs) {
  const v1::EventRecord assigned = Append("c1", "ana");
  const v1::EventRecord note = Append("c1", "");
  const v1::EventRecord moved = Append("c1", "bob");
  const v1::EventRecord later = Append("c1", "");
  EventFilter filter(store_, ForWorker("ana"));
  EXPECT_FALSE(filter.WantsAll());
  EXPECT_THAT(filter.Wants(assigned), IsOkAndHolds(true));
  EXPECT_THAT(filter.Wants(note), IsOkAndHolds(true));
  EXPECT_THAT(filter.Wants(moved), IsOkAndHolds(false));
  EXPECT_THAT(filter.Wants(later), IsOkAndHolds(false));

  // Met midway, the case's assignments are read from its stream first.
  EventFilter joining(store_, ForWorker("bob"));
  EXPECT_THAT(joining.Wants(later), IsOkAndHolds(true));
}

TEST_F(EventFilterTest, ACaseWhoseEarlierEventsCannotBeReadStopsTheSubscriber) {
  Append("c1", "ana");
  const v1::EventRecord note = Append("c1", "");
  store_.FailReads(absl::DataLossError("a damaged block"));
  EventFilter filter(store_, ForWorker("ana"));
  EXPECT_THAT(filter.Wants(note),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("cannot tell whose case")));
}

TEST_F(EventFilterTest, AnAssignmentThatDoesNotParseStopsTheSubscriber) {
  const v1::EventRecord corrupt = Append("c1", "ana", "\xff\xff not an event");
  EventFilter filter(store_, ForWorker("ana"));
  EXPECT_THAT(filter.Wants(corrupt), StatusIs(absl::StatusCode::kDataLoss));
}

TEST_F(EventFilterTest, TypesAndCasesNarrowWithoutReadingAnything) {
  const v1::EventRecord c1 = Append("c1", "ana");
  const v1::EventRecord c2 = Append("c2", "");
  v1::SubscribeRequest request;
  request.set_case_id("c2");
  request.add_event_types("NoteRecorded");
  store_.FailReads(absl::DataLossError("not read"));
  EventFilter filter(store_, request);
  EXPECT_THAT(filter.Wants(c1), IsOkAndHolds(false));
  EXPECT_THAT(filter.Wants(c2), IsOkAndHolds(true));
}

}  // namespace
}  // namespace caseledger::app
