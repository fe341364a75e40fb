// The risk-based inspection programme, from the programme view built by the engine over a log
// of providers, inspections and work plans: when each provider is due under the policy, what
// brings it forward, what moves it out, and the order by risk.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/proto_time.h"
#include "eventstore/memory_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "projections/programme_projection.h"
#include "projections/programme_queries.h"
#include "projections/projection_engine.h"
#include "tests/support/status_matchers.h"
#include "tools/inspectorate.h"

namespace caseledger::projections {
namespace {

using ::caseledger::testing::IsOk;
using ::caseledger::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

absl::Time Day(int year, int month, int day) {
  return absl::FromCivil(absl::CivilDay(year, month, day), absl::UTCTimeZone());
}

MATCHER_P(IsTime, expected, "is " + absl::FormatTime(expected)) {
  *result_listener << "is " << absl::FormatTime(FromProto(arg));
  return FromProto(arg) == expected;
}

class ProgrammeTest : public ::testing::Test {
 protected:
  ProgrammeTest() {
    EngineOptions options;
    engine_ = std::make_unique<ProjectionEngine>(store_, store_.storage().views,
                                                 store_.storage().checkpoints, options);
    EXPECT_THAT(engine_->Add(std::make_unique<ProgrammeProjection>()), IsOk());
  }
  ~ProgrammeTest() override { engine_.reset(); }

  tools::Acting By(absl::Time at, std::string actor = "ana") {
    return tools::Acting{std::move(actor), "inspector", at};
  }

  void Append(absl::StatusOr<eventstore::MultiStreamAppendRequest> append) {
    ASSERT_THAT(append, IsOk());
    ASSERT_THAT(store_.AppendStreams(*std::move(append)), IsOk());
  }

  template <typename Request>
  Request WithProviderHeader(const std::string& provider_id) {
    Request request;
    request.mutable_header()->set_command_id(absl::StrCat("cmd-", ++commands_));
    request.mutable_header()->set_provider_id(provider_id);
    return request;
  }

  template <typename Request>
  Request WithCaseHeader(const std::string& case_id) {
    Request request;
    request.mutable_header()->set_command_id(absl::StrCat("cmd-", ++commands_));
    request.mutable_header()->set_case_id(case_id);
    return request;
  }

  void Register(const std::string& id, absl::Time at, const std::string& team = "north",
                const std::string& lead = "ana") {
    auto request = WithProviderHeader<v1::RegisterProviderRequest>(id);
    request.mutable_details()->set_reference(absl::StrCat("1-", id));
    request.mutable_details()->set_name(absl::StrCat("Provider ", id));
    request.mutable_details()->set_service_type("care home");
    request.set_team_id(team);
    request.set_lead_inspector(lead);
    Append(inspectorate_.Provider(By(at), request));
  }

  void Rate(const std::string& id, const std::string& judgement, absl::Time inspected_at,
            absl::Time at) {
    auto request = WithProviderHeader<v1::RecordRatingRequest>(id);
    const bool compliant = judgement == "good" || judgement == "outstanding";
    request.set_compliance(compliant ? v1::COMPLIANT : v1::NON_COMPLIANT);
    if (!compliant) request.add_breaches()->set_standard("Regulation 12");
    request.set_judgement(judgement);
    request.set_decision_ref("carried-over");
    *request.mutable_inspected_at() = ToProto(inspected_at);
    request.set_rationale("The last inspection's rating");
    Append(inspectorate_.Provider(By(at), request));
  }

  void Intelligence(const std::string& provider, const std::string& id, v1::Severity severity,
                    absl::Time received) {
    auto request = WithProviderHeader<v1::RecordIntelligenceRequest>(provider);
    request.set_intelligence_id(id);
    request.mutable_details()->set_kind(v1::INTELLIGENCE_COMPLAINT);
    request.mutable_details()->set_severity(severity);
    request.mutable_details()->set_source("A relative");
    request.mutable_details()->set_description("Call bells unanswered at night");
    *request.mutable_details()->mutable_received_at() = ToProto(received);
    Append(inspectorate_.Provider(By(received), request));
  }

  void Consider(const std::string& provider, const std::string& id,
                v1::IntelligenceConsideration how, absl::Time at) {
    auto request = WithProviderHeader<v1::ConsiderIntelligenceRequest>(provider);
    request.set_intelligence_id(id);
    request.set_consideration(how);
    request.set_how("Looked into with the registered manager");
    Append(inspectorate_.Provider(By(at), request));
  }

  void OpenCase(const std::string& case_id, const std::string& provider, absl::Time at) {
    auto request = WithCaseHeader<v1::OpenCaseRequest>(case_id);
    request.set_kind(v1::INSPECTION);
    request.set_category("care home");
    request.set_provider_ref(provider);
    request.set_complexity(v1::MEDIUM);
    Append(inspectorate_.Case(By(at), request));
  }

  void Visit(const std::string& case_id, const std::string& visit_id, absl::Time at,
             bool made = true) {
    auto plan = WithCaseHeader<v1::PlanVisitRequest>(case_id);
    plan.set_visit_id(visit_id);
    plan.mutable_plan()->set_type(v1::UNANNOUNCED);
    *plan.mutable_plan()->mutable_planned_for() = ToProto(at);
    plan.mutable_plan()->add_inspectors("ana");
    plan.mutable_plan()->set_estimated_effort_days(3);
    Append(inspectorate_.Case(By(at - absl::Hours(24 * 7)), plan));
    if (!made) return;
    auto record = WithCaseHeader<v1::RecordVisitRequest>(case_id);
    record.set_visit_id(visit_id);
    *record.mutable_record()->mutable_visited_at() = ToProto(at);
    record.mutable_record()->add_inspectors("ana");
    v1::EvidenceItem* item = record.mutable_record()->add_evidence();
    item->set_evidence_id(absl::StrCat(visit_id, "-e1"));
    item->set_source(v1::OBSERVATION);
    item->set_summary("Observed the lunchtime meal");
    Append(inspectorate_.Case(By(at), record));
  }

  void RequirePlan(const std::string& case_id, const std::string& plan_id, absl::Time due,
                   absl::Time at) {
    auto request = WithCaseHeader<v1::RequireActionPlanRequest>(case_id);
    request.set_plan_id(plan_id);
    request.add_breaches("Regulation 12");
    *request.mutable_plan_due_by() = ToProto(due);
    Append(inspectorate_.Case(By(at), request));
  }

  void Enforce(const std::string& case_id, absl::Time at) {
    auto request = WithCaseHeader<v1::TakeEnforcementActionRequest>(case_id);
    request.set_action_id("enf-1");
    request.mutable_enforcement()->set_kind("warning_notice");
    request.mutable_enforcement()->set_legal_basis("Section 29");
    *request.mutable_enforcement()->mutable_review_by() = ToProto(at + absl::Hours(24 * 60));
    Append(inspectorate_.Case(By(at), request));
  }

  // The programme for [from, to) at `now`, once the view has every event.
  v1::ListInspectionProgrammeResponse Programme(absl::Time now, absl::Time from, absl::Time to,
                                                v1::ListInspectionProgrammeRequest request = {}) {
    EXPECT_TRUE(engine_->WaitForPosition(ProgrammeProjection::kName, store_.Head().position,
                                         absl::Now() + absl::Seconds(30)));
    *request.mutable_from() = ToProto(from);
    *request.mutable_to() = ToProto(to);
    auto view = engine_->Serving(ProgrammeProjection::kName);
    auto listed = ListInspectionProgramme(*view, "default", request, inspectorate_.policy(), now);
    EXPECT_THAT(listed, IsOk());
    return listed.ok() ? *listed : v1::ListInspectionProgrammeResponse();
  }

  // The one item of `provider` in the programme, failing the test when it is not there.
  static v1::ProgrammeItem ItemOf(const v1::ListInspectionProgrammeResponse& programme,
                                  const std::string& provider) {
    for (const v1::ProgrammeItem& item : programme.items()) {
      if (item.provider().provider_id() == provider) return item;
    }
    ADD_FAILURE() << provider << " is not in the programme";
    return v1::ProgrammeItem();
  }

  static std::vector<std::string> Order(const v1::ListInspectionProgrammeResponse& programme) {
    std::vector<std::string> ids;
    for (const v1::ProgrammeItem& item : programme.items()) {
      ids.push_back(item.provider().provider_id());
    }
    return ids;
  }

  eventstore::MemoryStore store_;
  std::unique_ptr<ProjectionEngine> engine_;
  tools::Inspectorate inspectorate_;
  int commands_ = 0;
};

TEST_F(ProgrammeTest, AProviderJudgedInadequateIsDueAtThePolicysIntervalFromItsLastInspection) {
  const absl::Time inspected = Day(2025, 1, 15);
  Register("p-bad", Day(2024, 1, 1));
  Rate("p-bad", "inadequate", inspected, Day(2025, 2, 1));
  Register("p-good", Day(2024, 1, 1));
  Rate("p-good", "good", inspected, Day(2025, 2, 1));
  const v1::ListInspectionProgrammeResponse programme =
      Programme(Day(2025, 3, 1), Day(2025, 3, 1), Day(2025, 12, 31));
  ASSERT_THAT(Order(programme), ElementsAre("p-bad")) << "good is due in 24 months, not this year";
  const v1::ProgrammeItem item = programme.items(0);
  // The default policy: inadequate is inspected within 6 months of its last inspection.
  EXPECT_THAT(item.due_at(), IsTime(Day(2025, 7, 15)));
  EXPECT_FALSE(item.overdue());
  ASSERT_EQ(item.reasons_size(), 1);
  EXPECT_EQ(item.reasons(0).kind(), v1::JUDGEMENT_INTERVAL);
  EXPECT_THAT(item.reasons(0).detail(), ::testing::HasSubstr("inadequate"));
  EXPECT_EQ(item.provider().judgement(), "inadequate");
  EXPECT_EQ(item.days_since_last_inspection(), 45);

  // The policy's intervals are the organisation's: a shorter one brings every date forward.
  inspectorate_.policy()
      .mutable_policy()
      ->mutable_judgement_scale(3)
      ->set_inspection_interval_months(3);
  EXPECT_THAT(
      ItemOf(Programme(Day(2025, 3, 1), Day(2025, 3, 1), Day(2025, 12, 31)), "p-bad").due_at(),
      IsTime(Day(2025, 4, 15)));
  // Once past its date, it is overdue, and listed whatever the window.
  const v1::ListInspectionProgrammeResponse later =
      Programme(Day(2025, 8, 1), Day(2025, 9, 1), Day(2025, 10, 1));
  ASSERT_THAT(Order(later), ElementsAre("p-bad"));
  EXPECT_TRUE(later.items(0).overdue());
}

TEST_F(ProgrammeTest, ANewProviderIsDueForItsFirstInspectionWithinThePolicysMonths) {
  Register("p-new", Day(2025, 2, 10));
  const v1::ProgrammeItem item =
      ItemOf(Programme(Day(2025, 3, 1), Day(2025, 3, 1), Day(2026, 6, 1)), "p-new");
  EXPECT_THAT(item.due_at(), IsTime(Day(2026, 2, 10)));
  EXPECT_EQ(item.reasons(0).kind(), v1::FIRST_INSPECTION);
  EXPECT_EQ(item.days_since_last_inspection(), -1);
}

TEST_F(ProgrammeTest, SeriousIntelligenceBringsTheInspectionForward) {
  Register("p1", Day(2024, 1, 1));
  Rate("p1", "good", Day(2025, 1, 15), Day(2025, 2, 1));
  EXPECT_THAT(Order(Programme(Day(2025, 3, 1), Day(2025, 3, 1), Day(2025, 6, 1))), IsEmpty());
  Intelligence("p1", "minor-1", v1::MINOR, Day(2025, 3, 2));
  EXPECT_THAT(Order(Programme(Day(2025, 3, 3), Day(2025, 3, 1), Day(2025, 6, 1))), IsEmpty())
      << "minor intelligence brings nothing forward";
  Intelligence("p1", "serious-1", v1::SERIOUS, Day(2025, 3, 5));
  v1::ProgrammeItem item =
      ItemOf(Programme(Day(2025, 3, 6), Day(2025, 3, 1), Day(2025, 6, 1)), "p1");
  // The default policy: serious intelligence is inspected within 30 days of its receipt.
  EXPECT_THAT(item.due_at(), IsTime(Day(2025, 4, 4)));
  ASSERT_EQ(item.reasons_size(), 2);
  EXPECT_EQ(item.reasons(0).kind(), v1::SERIOUS_INTELLIGENCE) << "the reason that sets the date";
  EXPECT_THAT(item.reasons(0).detail(), ::testing::HasSubstr("serious-1"));
  EXPECT_EQ(item.reasons(1).kind(), v1::JUDGEMENT_INTERVAL);
  EXPECT_EQ(item.unconsidered_intelligence(), 2u);

  // Considered as needing no further action, it no longer brings the date forward.
  Consider("p1", "serious-1", v1::NO_FURTHER_ACTION, Day(2025, 3, 10));
  EXPECT_THAT(Order(Programme(Day(2025, 3, 11), Day(2025, 3, 1), Day(2025, 6, 1))), IsEmpty());
}

TEST_F(ProgrammeTest, AnActionPlanDatePassingUnverifiedSchedulesAFollowUpInspection) {
  Register("p1", Day(2024, 1, 1));
  Rate("p1", "good", Day(2025, 1, 15), Day(2025, 2, 1));
  OpenCase("c1", "p1", Day(2025, 2, 1));
  RequirePlan("c1", "plan-1", Day(2025, 3, 1), Day(2025, 2, 2));
  EXPECT_THAT(Order(Programme(Day(2025, 2, 20), Day(2025, 2, 20), Day(2025, 6, 1))), IsEmpty())
      << "before its date the plan schedules nothing";
  const v1::ProgrammeItem item =
      ItemOf(Programme(Day(2025, 3, 2), Day(2025, 3, 2), Day(2025, 6, 1)), "p1");
  // The default policy: a follow-up within 28 days of the plan's date.
  EXPECT_THAT(item.due_at(), IsTime(Day(2025, 3, 29)));
  EXPECT_EQ(item.reasons(0).kind(), v1::ACTION_PLAN_FOLLOW_UP);
  EXPECT_THAT(item.reasons(0).detail(), ::testing::HasSubstr("plan-1"));
  EXPECT_TRUE(ItemOf(Programme(Day(2025, 4, 1), Day(2025, 4, 1), Day(2025, 6, 1)), "p1").overdue());

  // The follow-up inspection made, nothing is due until the interval from it.
  Visit("c1", "v-follow-up", Day(2025, 4, 2));
  EXPECT_THAT(Order(Programme(Day(2025, 4, 3), Day(2025, 4, 3), Day(2025, 12, 1))), IsEmpty());
}

TEST_F(ProgrammeTest, AnInspectionMadeMovesTheNextDateOut) {
  Register("p1", Day(2023, 1, 1));
  Rate("p1", "requires_improvement", Day(2024, 3, 1), Day(2024, 4, 1));
  Intelligence("p1", "serious-1", v1::SERIOUS, Day(2025, 1, 10));
  EXPECT_THAT(ItemOf(Programme(Day(2025, 1, 11), Day(2025, 1, 1), Day(2025, 12, 1)), "p1").due_at(),
              IsTime(Day(2025, 2, 9)));
  OpenCase("c1", "p1", Day(2025, 1, 12));
  Visit("c1", "v1", Day(2025, 1, 20));
  const v1::ProgrammeItem item =
      ItemOf(Programme(Day(2025, 1, 21), Day(2025, 1, 1), Day(2026, 6, 1)), "p1");
  // Requires improvement: 12 months from the visit; the intelligence it looked into is spent.
  EXPECT_THAT(item.due_at(), IsTime(Day(2026, 1, 20)));
  ASSERT_EQ(item.reasons_size(), 1);
  EXPECT_EQ(item.reasons(0).kind(), v1::JUDGEMENT_INTERVAL);
  EXPECT_EQ(item.days_since_last_inspection(), 1);
  EXPECT_THAT(item.provider().last_inspected_at(), IsTime(Day(2025, 1, 20)));
}

TEST_F(ProgrammeTest, TheOrderIsByRiskAndStableAcrossPages) {
  const absl::Time inspected = Day(2024, 1, 1);
  // Two alike but for their ids; the rest each one step riskier than the next.
  for (const std::string id : {"b-twin", "a-twin"}) {
    Register(id, Day(2023, 1, 1));
    Rate(id, "good", inspected, Day(2024, 2, 1));
  }
  Register("ri", Day(2023, 1, 1));
  Rate("ri", "requires_improvement", inspected, Day(2024, 2, 1));
  Register("inadequate-old", Day(2023, 1, 1));
  Rate("inadequate-old", "inadequate", Day(2023, 6, 1), Day(2024, 2, 1));
  Register("inadequate-recent", Day(2023, 1, 1));
  Rate("inadequate-recent", "inadequate", inspected, Day(2024, 2, 1));
  Register("inadequate-intel", Day(2023, 1, 1));
  Rate("inadequate-intel", "inadequate", inspected, Day(2024, 2, 1));
  Intelligence("inadequate-intel", "i1", v1::MINOR, Day(2024, 6, 1));
  Register("inadequate-enforced", Day(2023, 1, 1));
  Rate("inadequate-enforced", "inadequate", inspected, Day(2024, 2, 1));
  OpenCase("c-enf", "inadequate-enforced", Day(2024, 2, 2));
  Enforce("c-enf", Day(2024, 2, 3));

  const absl::Time now = Day(2026, 3, 1);  // everyone overdue
  const v1::ListInspectionProgrammeResponse all = Programme(now, now, now + absl::Hours(24));
  EXPECT_THAT(Order(all), ElementsAre("inadequate-intel", "inadequate-old", "inadequate-enforced",
                                      "inadequate-recent", "ri", "a-twin", "b-twin"));
  EXPECT_EQ(all.total(), 7u);
  EXPECT_THAT(ItemOf(all, "inadequate-enforced").risk(),
              ::testing::HasSubstr("1 open enforcement"));
  EXPECT_EQ(ItemOf(all, "inadequate-enforced").open_enforcement(), 1u);

  // Pages of two give the same order, and asking again gives the same answer.
  std::vector<std::string> paged;
  v1::ListInspectionProgrammeRequest page;
  page.set_page_size(2);
  do {
    const v1::ListInspectionProgrammeResponse answer =
        Programme(now, now, now + absl::Hours(24), page);
    EXPECT_LE(answer.items_size(), 2);
    for (const std::string& id : Order(answer)) paged.push_back(id);
    page.set_page_token(answer.next_page_token());
  } while (!page.page_token().empty());
  EXPECT_EQ(paged, Order(all));
  EXPECT_EQ(Order(Programme(now, now, now + absl::Hours(24))), Order(all));
}

TEST_F(ProgrammeTest, TheProgrammeIsOneInspectorsOrOneTeamsAndItsWindowIsChecked) {
  Register("north-1", Day(2023, 1, 1), "north", "ana");
  Register("north-2", Day(2023, 1, 1), "north", "ben");
  Register("south-1", Day(2023, 1, 1), "south", "cy");
  const absl::Time now = Day(2025, 1, 1);
  v1::ListInspectionProgrammeRequest request;
  request.set_inspector_id("ana");
  EXPECT_THAT(Order(Programme(now, now, now + absl::Hours(24), request)), ElementsAre("north-1"));
  request.clear_inspector_id();
  request.set_team_id("north");
  EXPECT_THAT(Order(Programme(now, now, now + absl::Hours(24), request)),
              ElementsAre("north-1", "north-2"));

  auto view = engine_->Serving(ProgrammeProjection::kName);
  v1::ListInspectionProgrammeRequest backwards;
  *backwards.mutable_from() = ToProto(now);
  *backwards.mutable_to() = ToProto(now - absl::Hours(1));
  EXPECT_THAT(ListInspectionProgramme(*view, "default", backwards, inspectorate_.policy(), now),
              StatusIs(absl::StatusCode::kInvalidArgument));
  v1::ListInspectionProgrammeRequest bad_token;
  bad_token.set_page_token("not-a-token");
  EXPECT_THAT(ListInspectionProgramme(*view, "default", bad_token, inspectorate_.policy(), now),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      ListInspectionProgramme(*view, "another-org", request, inspectorate_.policy(), now)->items(),
      IsEmpty())
      << "another organisation's programme is empty";
}

}  // namespace
}  // namespace caseledger::projections
