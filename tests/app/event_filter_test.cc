// Which events a subscriber gets: only their organisation's, and of those by type, case, or the
// worker a case was assigned to at each event; and an error, never a silent gap, when that
// can't be told.

#include "app/event_filter.h"

#include "caseledger/v1/case_events.pb.h"
#include "eventstore/memory_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "projections/event_organisations.h"
#include "tests/support/status_matchers.h"

namespace caseledger::app {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::IsOkAndHolds;
using ::caseledger::testing::StatusIs;
using ::testing::HasSubstr;

class EventFilterTest : public ::testing::Test {
 protected:
  // Opens case `case_id` in `org_id`.
  v1::EventRecord Open(const std::string& case_id, const std::string& org_id = "north-org") {
    v1::CaseEvent event;
    event.mutable_case_opened()->set_case_id(case_id);
    event.mutable_case_opened()->set_org_id(org_id);
    return AppendRaw(case_id, "CaseOpened", event.SerializeAsString());
  }

  // Appends one event to case `case_id`: an assignment to `worker`, or a note when empty.
  v1::EventRecord Append(const std::string& case_id, const std::string& worker,
                         std::string payload = "") {
    v1::CaseEvent event;
    if (worker.empty()) {
      event.mutable_note_recorded()->set_note_id("n");
    } else {
      event.mutable_case_assigned()->set_worker_id(worker);
    }
    return AppendRaw(case_id, worker.empty() ? "NoteRecorded" : "CaseAssigned",
                     payload.empty() ? event.SerializeAsString() : payload);
  }

  // Appends one event of `type` holding `payload` to case `case_id`, and reads it back.
  v1::EventRecord AppendRaw(const std::string& case_id, const std::string& type,
                            const std::string& payload) {
    eventstore::ProposedEvent proposed;
    proposed.type = type;
    proposed.payload = payload;
    eventstore::AppendRequest request;
    request.stream_id = "case-" + case_id;
    request.events.push_back(std::move(proposed));
    auto appended = store_.Append(std::move(request));
    EXPECT_TRUE(appended.ok());
    return (*store_.ReadAll(appended->last_position, 1))[0];
  }

  // A filter for a subscriber of `org_id`.
  EventFilter Filter(const v1::SubscribeRequest& request, const std::string& org_id = "north-org") {
    return EventFilter(store_, organisations_, org_id, request);
  }

  static v1::SubscribeRequest ForWorker(const std::string& worker) {
    v1::SubscribeRequest request;
    request.set_worker_id(worker);
    return request;
  }

  eventstore::MemoryStore store_;
  projections::EventOrganisations organisations_{store_};
};

TEST_F(EventFilterTest, ASubscriberGetsOnlyTheEventsOfTheirOrganisation) {
  const v1::EventRecord north = Open("n1", "north-org");
  const v1::EventRecord south = Open("s1", "south-org");
  const v1::EventRecord north_note = Append("n1", "");
  const v1::EventRecord south_note = Append("s1", "");
  EventFilter filter = Filter(v1::SubscribeRequest(), "north-org");
  EXPECT_THAT(filter.Wants(north), IsOkAndHolds(true));
  EXPECT_THAT(filter.Wants(south), IsOkAndHolds(false));
  EXPECT_THAT(filter.Wants(north_note), IsOkAndHolds(true));
  EXPECT_THAT(filter.Wants(south_note), IsOkAndHolds(false));

  // A subscriber joining after the openings: each case's organisation is read from its
  // stream's first event once, then known.
  const v1::EventRecord later = Append("s1", "");
  projections::EventOrganisations fresh(store_);
  EventFilter joining(store_, fresh, "south-org", v1::SubscribeRequest());
  EXPECT_THAT(joining.Wants(north_note), IsOkAndHolds(false));
  EXPECT_THAT(joining.Wants(south_note), IsOkAndHolds(true));
  store_.FailReads(absl::DataLossError("not read"));
  EXPECT_THAT(joining.Wants(later), IsOkAndHolds(true)) << "known without a read";
}

TEST_F(EventFilterTest, AnEventWhoseOrganisationCannotBeToldStopsTheSubscriber) {
  Open("n1");
  const v1::EventRecord note = Append("n1", "");
  const v1::EventRecord opened = Open("n2");
  const v1::EventRecord corrupt = AppendRaw("n3", "CaseOpened", "\xff\xff not an event");
  store_.FailReads(absl::DataLossError("a damaged block"));
  EventFilter filter = Filter(v1::SubscribeRequest());
  EXPECT_THAT(filter.Wants(note),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("cannot tell the organisation")));
  EXPECT_THAT(filter.Wants(opened), IsOkAndHolds(true)) << "an opening names it";
  EXPECT_THAT(filter.Wants(corrupt), StatusIs(absl::StatusCode::kDataLoss));
}
TEST_F(EventFilterTest, AWorkersSubscriberGetsTheEventsOfCasesWhileTheyAreTheirs) {
  Open("c1");
  const v1::EventRecord assigned = Append("c1", "ana");
  const v1::EventRecord note = Append("c1", "");
  const v1::EventRecord moved = Append("c1", "bob");
  const v1::EventRecord later = Append("c1", "");
  EventFilter filter = Filter(ForWorker("ana"));
  EXPECT_THAT(filter.Wants(assigned), IsOkAndHolds(true));
  EXPECT_THAT(filter.Wants(note), IsOkAndHolds(true));
  EXPECT_THAT(filter.Wants(moved), IsOkAndHolds(false));
  EXPECT_THAT(filter.Wants(later), IsOkAndHolds(false));

  // Met midway, the case's assignments are read from its stream first.
  EventFilter joining = Filter(ForWorker("bob"));
  EXPECT_THAT(joining.Wants(later), IsOkAndHolds(true));
}

TEST_F(EventFilterTest, ACaseWhoseEarlierEventsCannotBeReadStopsTheSubscriber) {
  // Its organisation is known (another reader met its opening); whose it is, is not.
  ASSERT_THAT(organisations_.Of(Open("c1")), IsOkAndHolds("north-org"));
  Append("c1", "ana");
  const v1::EventRecord note = Append("c1", "");
  store_.FailReads(absl::DataLossError("a damaged block"));
  EventFilter filter = Filter(ForWorker("ana"));
  EXPECT_THAT(filter.Wants(note),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("cannot tell whose case")));
}

TEST_F(EventFilterTest, AnAssignmentThatDoesNotParseStopsTheSubscriber) {
  Open("c1");
  const v1::EventRecord corrupt = Append("c1", "ana", "\xff\xff not an event");
  EventFilter filter = Filter(ForWorker("ana"));
  EXPECT_THAT(filter.Wants(corrupt), StatusIs(absl::StatusCode::kDataLoss));
}

TEST_F(EventFilterTest, TypesAndCasesNarrowWithoutReadingAnything) {
  v1::SubscribeRequest request;
  request.set_case_id("c2");
  request.add_event_types("NoteRecorded");
  EventFilter filter = Filter(request);
  EXPECT_THAT(filter.Wants(Open("c1")), IsOkAndHolds(false));
  const v1::EventRecord c2_opened = Open("c2");
  EXPECT_THAT(filter.Wants(c2_opened), IsOkAndHolds(false));
  ASSERT_THAT(organisations_.Of(c2_opened), IsOk()) << "as the server's other readers meet it";
  const v1::EventRecord c1 = Append("c1", "ana");
  const v1::EventRecord c2 = Append("c2", "");
  store_.FailReads(absl::DataLossError("not read"));
  EXPECT_THAT(filter.Wants(c1), IsOkAndHolds(false));
  EXPECT_THAT(filter.Wants(c2), IsOkAndHolds(true));
}

}  // namespace
}  // namespace caseledger::app
