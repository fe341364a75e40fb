#include "app/work_plans.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "app/methods.h"
#include "app/view_query.h"
#include "base/proto_time.h"
#include "domain/field_errors.h"
#include "domain/workplan.h"
#include "projections/programme_projection.h"
#include "projections/programme_queries.h"
#include "projections/work_plan_view.h"

namespace caseledger::app {
namespace {

std::string PlanName(absl::string_view inspector_id, absl::string_view period_id) {
  return absl::StrCat("the work plan of ", inspector_id, " for ", period_id);
}

// Whose a plan is: its inspector's, in its team; one not agreed yet is no one's (NOT_FOUND
// to ask about).
Target PlanTarget(const v1::WorkPlanState& state, uint64_t revision, const std::string& stream_id) {
  if (revision == 0) return Target::Case(stream_id, nullptr);
  return Target::Record(PlanName(state.inspector_id(), state.period_id()), state.inspector_id(),
                        state.plan().team_id(), state.org_id());
}

absl::Status CheckPlanIds(absl::string_view inspector_id, absl::string_view period_id,
                          absl::string_view prefix) {
  domain::FieldErrors ids;
  ids.Id(absl::StrCat(prefix, "inspector_id"), inspector_id, false);
  ids.Id(absl::StrCat(prefix, "period_id"), period_id, false);
  return ids.ToStatus();
}

absl::StatusOr<v1::WorkPlanEvent> ParsePlanRecord(const v1::EventRecord& record) {
  v1::WorkPlanEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(absl::StrCat("event at position ", record.position(), " of ",
                                            record.stream_id(), " is corrupt"));
  }
  return event;
}

}  // namespace

WorkPlans::WorkPlans(eventstore::EventStore& store, const AccessControl& access,
                     projections::ProjectionEngine& engine, const Clock& clock,
                     PolicyLoader policies)
    : access_(access),
      engine_(engine),
      clock_(clock),
      policies_(policies),
      runner_(
          store, access, clock, std::move(policies),
          [](absl::string_view) { return v1::WorkPlanState(); },
          [](v1::WorkPlanState& state, const v1::EventRecord& record) {
            auto event = ParsePlanRecord(record);
            if (!event.ok()) return event.status();
            domain::Evolve(state, *event);
            return absl::OkStatus();
          },
          [](const v1::WorkPlanState& state) { return state.org_id(); },
          // Work plans hold no personal fields to seal.
          [](const v1::WorkPlanState&, v1::WorkPlanEvent&) { return absl::OkStatus(); }) {}

template <typename Request>
void WorkPlans::Run(const Actor& actor, Request request, const char* method,
                    std::optional<Target> when_new, v1::WorkPlanResult* result, Done done) {
  const v1::WorkPlanHeader& header = request.header();
  if (absl::Status s = CheckPlanIds(header.inspector_id(), header.period_id(), "header.");
      !s.ok()) {
    return done(s);
  }
  WorkPlanRunner::Command command;
  command.command_id = header.command_id();
  command.stream_id = domain::WorkPlanStreamId(header.inspector_id(), header.period_id());
  if (header.has_expected_revision()) command.expected_revision = header.expected_revision();
  command.correlation_id = header.correlation_id();
  command.method = method;
  command.target = [stream = command.stream_id, when_new = std::move(when_new)](
                       const v1::WorkPlanState& state, uint64_t revision) {
    if (revision == 0 && when_new.has_value()) return *when_new;
    return PlanTarget(state, revision, stream);
  };
  const std::string inspector_id = header.inspector_id();
  const std::string period_id = header.period_id();
  command.decide = [request = std::move(request)](const v1::WorkPlanState& state,
                                                  const domain::CommandContext& context) {
    return domain::Decide(state, request, context);
  };
  runner_.Run(std::move(command), actor,
              [result, inspector_id, period_id,
               done = std::move(done)](absl::StatusOr<WorkPlanRunner::Result> outcome) {
                if (!outcome.ok()) return done(outcome.status());
                result->set_inspector_id(inspector_id);
                result->set_period_id(period_id);
                result->set_revision(outcome->revision);
                result->set_position(outcome->position);
                result->set_duplicate(outcome->duplicate);
                done(absl::OkStatus());
              });
}

void WorkPlans::AgreeWorkPlan(const Actor& actor, const v1::AgreeWorkPlanRequest& request,
                              v1::WorkPlanResult* result, Done done) {
  // A plan first agreed is its inspector's, in the team it names.
  Target theirs =
      Target::Record(PlanName(request.header().inspector_id(), request.header().period_id()),
                     request.header().inspector_id(), request.plan().team_id(), actor.org_id);
  Run(actor, request, methods::kAgreeWorkPlan, std::move(theirs), result, std::move(done));
}

void WorkPlans::RecordObjectiveProgress(const Actor& actor,
                                        const v1::RecordObjectiveProgressRequest& request,
                                        v1::WorkPlanResult* result, Done done) {
  Run(actor, request, methods::kRecordObjectiveProgress, std::nullopt, result, std::move(done));
}

void WorkPlans::ReviewWorkPlan(const Actor& actor, const v1::ReviewWorkPlanRequest& request,
                               v1::WorkPlanResult* result, Done done) {
  Run(actor, request, methods::kReviewWorkPlan, std::nullopt, result, std::move(done));
}

void WorkPlans::GetWorkPlan(const Actor& actor, const v1::GetWorkPlanRequest& request,
                            absl::Time deadline, v1::WorkPlanView* response, Done done) {
  domain::FieldErrors ids;
  ids.Id("inspector_id", request.inspector_id(), true);
  ids.Id("period_id", request.period_id(), true);
  if (!ids.ok()) return done(ids.ToStatus());
  const std::string stream = domain::WorkPlanStreamId(request.inspector_id(), request.period_id());
  auto loaded = runner_.Load(stream);
  if (!loaded.ok()) return done(loaded.status());
  std::shared_ptr<const Folded<v1::WorkPlanState>> plan = *std::move(loaded);
  access_.Authorize(
      actor, methods::kGetWorkPlan, PlanTarget(plan->state, plan->revision, stream),
      [this, actor, &request, deadline, response, plan,
       done = std::move(done)](absl::Status admitted) mutable {
        if (!admitted.ok()) return done(admitted);
        if (plan->revision == 0) {
          return done(absl::NotFoundError(absl::StrCat(
              "no work plan was agreed: ", PlanName(request.inspector_id(), request.period_id()))));
        }
        ReadView(
            engine_, projections::ProgrammeProjection::kName, request.min_position(), deadline,
            [this, actor, response, plan](const projections::View& view) {
              const v1::WorkPlanState& state = plan->state;
              auto visits = projections::VisitsBy(view, state.org_id(), state.inspector_id(),
                                                  FromProto(state.plan().period_start()),
                                                  FromProto(state.plan().period_end()));
              if (!visits.ok()) return visits.status();
              auto policy = policies_(state.org_id());
              if (!policy.ok()) return policy.status();
              *response = projections::WorkPlanViewOf(state, *visits, (*policy)->state.policy(),
                                                      clock_.Now());
              return absl::OkStatus();
            },
            std::move(done));
      });
}

}  // namespace caseledger::app
