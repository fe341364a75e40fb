// The inspection programme over 10,000 providers with a year of history: how long
// ListInspectionProgramme takes for one inspector's providers, one team's and the whole
// organisation's; and how fast the programme view and the caseload view rebuild from position
// 1 over a log where inspection events are mixed in with advice casework.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "base/proto_time.h"
#include "bench/load.h"
#include "domain/case.h"
#include "projections/caseload_projection.h"
#include "projections/programme_projection.h"
#include "projections/programme_queries.h"
#include "projections/projection_engine.h"
#include "tools/history_generator.h"
#include "tools/inspectorate.h"

namespace caseledger::bench {
namespace {

struct Flags {
  int providers = 10000;
  int teams = 10;
  int inspectors_per_team = 8;
  uint64_t advice_events = 300000;
  int iterations = 500;
  std::string dir = "/tmp/caseledger-programme-bench";
  bool keep = false;
};

// Keeps many appends in flight so group commit batches them; exits on a failed append.
class Appender {
 public:
  explicit Appender(eventstore::EventStore& store) : store_(store) {}
  ~Appender() { Drain(); }

  void Append(eventstore::MultiStreamAppendRequest request) {
    {
      absl::MutexLock lock(&mu_);
      auto room = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return in_flight_ < 2048; };
      mu_.Await(absl::Condition(&room));
      ++in_flight_;
    }
    store_.AppendStreamsAsync(
        std::move(request), [this](absl::StatusOr<eventstore::MultiStreamAppendResult> r) {
          if (!r.ok()) {
            std::fprintf(stderr, "append failed: %s\n", r.status().ToString().c_str());
            std::exit(1);
          }
          absl::MutexLock lock(&mu_);
          --in_flight_;
        });
  }

  void Drain() {
    absl::MutexLock lock(&mu_);
    auto idle = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return in_flight_ == 0; };
    mu_.Await(absl::Condition(&idle));
  }

 private:
  eventstore::EventStore& store_;
  absl::Mutex mu_;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

// Exits on a command the domain refuses: the generated history is wrong.
eventstore::MultiStreamAppendRequest Must(absl::StatusOr<eventstore::MultiStreamAppendRequest> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "generated command refused: %s\n", r.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(r);
}

std::string InspectorOf(const Flags& f, int team, int n) {
  return absl::StrCat("insp-", team, "-", n % f.inspectors_per_team);
}

// A year of an inspectorate's work over `f.providers` providers: each registered with a
// rating from its last inspection, a quarter with intelligence, a third inspected this year
// (a visit, findings, a published report), a tenth of those with an action plan; advice
// casework interleaved, `f.advice_events` events of it.
void Generate(eventstore::EventStore& store, const Flags& f, absl::Time now) {
  const absl::Time start = absl::Now();
  tools::Inspectorate inspectorate;
  tools::HistoryOptions options;
  options.seed = 11;
  options.cases = std::max<int>(1000, static_cast<int>(f.advice_events / 14));
  options.workers = 100;
  options.teams = 8;
  options.start = now - absl::Hours(24 * 365);
  options.step = absl::Seconds(30);
  tools::HistoryGenerator advice(options);
  Appender appender(store);
  std::mt19937_64 random(7);
  uint64_t advice_done = 0;
  const uint64_t advice_per_provider = f.advice_events / std::max(f.providers, 1);
  auto interleave = [&] {
    for (uint64_t i = 0; i < advice_per_provider; ++i) {
      tools::GeneratedCommand command = advice.Next();
      eventstore::MultiStreamAppendRequest request;
      eventstore::StreamAppend& part = request.streams.emplace_back();
      part.stream_id = domain::CaseStreamId(tools::HeaderOf(command.request).case_id());
      for (const auto& e : advice.last_events()) {
        eventstore::ProposedEvent p;
        p.type = domain::EventType(e);
        p.payload = e.SerializeAsString();
        p.metadata.set_actor(command.actor);
        *p.metadata.mutable_occurred_at() = e.occurred_at();
        part.events.push_back(std::move(p));
      }
      advice_done += part.events.size();
      appender.Append(std::move(request));
    }
  };
  static const char* const kScale[] = {
      "outstanding",          "good",      "good", "good", "requires_improvement",
      "requires_improvement", "inadequate"};
  int command = 0;
  auto id = [&] { return absl::StrCat("bench-", ++command); };
  for (int n = 0; n < f.providers; ++n) {
    const int team = n % f.teams;
    const std::string provider = absl::StrCat("prov-", n);
    const std::string inspector = InspectorOf(f, team, n / f.teams);
    const tools::Acting by{inspector, "inspector", now - absl::Hours(24 * 365)};
    v1::RegisterProviderRequest reg;
    reg.mutable_header()->set_command_id(id());
    reg.mutable_header()->set_provider_id(provider);
    reg.mutable_details()->set_reference(absl::StrCat("1-", 100000 + n));
    reg.mutable_details()->set_name(absl::StrCat("Provider ", n));
    reg.mutable_details()->set_service_type("care home");
    reg.set_team_id(absl::StrCat("team-", team));
    reg.set_lead_inspector(inspector);
    appender.Append(Must(inspectorate.Provider(by, reg)));
    const std::string judgement = kScale[absl::Uniform(random, 0, 7)];
    const absl::Time inspected = now - absl::Hours(24) * absl::Uniform(random, 30, 900);
    v1::RecordRatingRequest rate;
    rate.mutable_header()->set_command_id(id());
    rate.mutable_header()->set_provider_id(provider);
    const bool compliant = judgement == "good" || judgement == "outstanding";
    rate.set_compliance(compliant ? v1::COMPLIANT : v1::NON_COMPLIANT);
    if (!compliant) rate.add_breaches()->set_standard("Regulation 12");
    rate.set_judgement(judgement);
    rate.set_decision_ref("carried-over");
    *rate.mutable_inspected_at() = ToProto(std::min(inspected, by.at));
    rate.set_rationale("The last inspection's rating");
    appender.Append(Must(inspectorate.Provider(by, rate)));
    if (n % 4 == 0) {
      const absl::Time received = now - absl::Hours(24) * absl::Uniform(random, 1, 300);
      v1::RecordIntelligenceRequest intel;
      intel.mutable_header()->set_command_id(id());
      intel.mutable_header()->set_provider_id(provider);
      intel.set_intelligence_id("i1");
      intel.mutable_details()->set_kind(v1::INTELLIGENCE_COMPLAINT);
      intel.mutable_details()->set_severity(n % 8 == 0 ? v1::SERIOUS : v1::MINOR);
      intel.mutable_details()->set_source("A relative");
      intel.mutable_details()->set_description("Call bells unanswered at night");
      *intel.mutable_details()->mutable_received_at() = ToProto(received);
      appender.Append(Must(inspectorate.Provider({inspector, "inspector", received}, intel)));
    }
    if (n % 3 == 0) {
      const std::string case_id = absl::StrCat("case-of-", provider);
      const absl::Time visit = now - absl::Hours(24) * absl::Uniform(random, 60, 330);
      const tools::Acting before{inspector, "inspector", visit - absl::Hours(24 * 10)};
      const tools::Acting at{inspector, "inspector", visit};
      const tools::Acting after{inspector, "inspector", visit + absl::Hours(24 * 12)};
      v1::OpenCaseRequest open;
      open.mutable_header()->set_command_id(id());
      open.mutable_header()->set_case_id(case_id);
      open.set_kind(v1::INSPECTION);
      open.set_category("care home");
      open.set_provider_ref(provider);
      open.set_complexity(v1::MEDIUM);
      appender.Append(Must(inspectorate.Case(before, open)));
      v1::PlanVisitRequest plan;
      plan.mutable_header()->set_command_id(id());
      plan.mutable_header()->set_case_id(case_id);
      plan.set_visit_id("v1");
      plan.mutable_plan()->set_type(v1::UNANNOUNCED);
      *plan.mutable_plan()->mutable_planned_for() = ToProto(visit);
      plan.mutable_plan()->add_inspectors(inspector);
      plan.mutable_plan()->set_estimated_effort_days(4);
      appender.Append(Must(inspectorate.Case(before, plan)));
      v1::RecordVisitRequest record;
      record.mutable_header()->set_command_id(id());
      record.mutable_header()->set_case_id(case_id);
      record.set_visit_id("v1");
      *record.mutable_record()->mutable_visited_at() = ToProto(visit);
      record.mutable_record()->add_inspectors(inspector);
      v1::EvidenceItem* item = record.mutable_record()->add_evidence();
      item->set_evidence_id("e1");
      item->set_source(v1::OBSERVATION);
      item->set_summary("Observed the medicines round");
      appender.Append(Must(inspectorate.Case(at, record)));
      v1::RecordFindingsRequest findings;
      findings.mutable_header()->set_command_id(id());
      findings.mutable_header()->set_case_id(case_id);
      findings.set_visit_id("v1");
      v1::FindingDetails* finding = findings.add_findings();
      finding->set_standard("Regulation 12");
      finding->set_judgement(judgement);
      finding->set_met(compliant);
      finding->add_evidence_ids("e1");
      appender.Append(Must(inspectorate.Case(at, findings)));
      v1::DraftDocumentRequest draft;
      draft.mutable_header()->set_command_id(id());
      draft.mutable_header()->set_case_id(case_id);
      draft.set_document_id("r1");
      draft.set_kind(v1::REPORT);
      draft.set_title("Inspection report");
      draft.set_judgement(judgement);
      appender.Append(Must(inspectorate.Case(at, draft)));
      v1::SendForFactualAccuracyRequest send;
      send.mutable_header()->set_command_id(id());
      send.mutable_header()->set_case_id(case_id);
      send.set_document_id("r1");
      appender.Append(Must(inspectorate.Case(at, send)));
      v1::PublishDocumentRequest publish;
      publish.mutable_header()->set_command_id(id());
      publish.mutable_header()->set_case_id(case_id);
      publish.set_document_id("r1");
      publish.set_rationale("As found");
      const tools::Acting published{inspector, "inspector", visit + absl::Hours(24 * 30)};
      appender.Append(Must(inspectorate.Case(published, publish)));
      if (!compliant && n % 30 == 0) {
        v1::RequireActionPlanRequest require;
        require.mutable_header()->set_command_id(id());
        require.mutable_header()->set_case_id(case_id);
        require.set_plan_id("plan-1");
        require.add_breaches("Regulation 12");
        *require.mutable_plan_due_by() = ToProto(visit + absl::Hours(24 * 45));
        appender.Append(Must(inspectorate.Case(published, require)));
      }
    }
    interleave();
  }
  appender.Drain();
  std::printf("generated %llu events (%llu of advice casework) in %.1f s\n",
              static_cast<unsigned long long>(store.Head().position),
              static_cast<unsigned long long>(advice_done),
              absl::ToDoubleSeconds(absl::Now() - start));
}

struct Timing {
  double p50_us, p99_us;
};

template <typename F>
Timing Measure(int iterations, F f) {
  std::vector<double> us;
  for (int i = 0; i < iterations; ++i) {
    const absl::Time t = absl::Now();
    f();
    us.push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)]};
}

// Builds `projection` from position 1 on a fresh engine; returns events/s and the engine.
std::unique_ptr<projections::ProjectionEngine> Rebuild(
    eventstore::RocksDbEventStore& store, std::unique_ptr<projections::Projection> projection,
    double* rate) {
  eventstore::Storage storage = store.storage();
  const std::string name = projection->name();
  const uint32_t version = projection->version();
  if (!storage.views.DropView(projections::ViewName(name, version)).ok() ||
      !storage.checkpoints.Remove(projections::CheckpointKey(name, version)).ok() ||
      !storage.checkpoints.Remove(projections::ServingKey(name)).ok()) {
    std::exit(1);
  }
  const uint64_t head = store.Head().position;
  projections::EngineOptions options;
  auto engine = std::make_unique<projections::ProjectionEngine>(store, storage.views,
                                                                storage.checkpoints, options);
  const absl::Time t = absl::Now();
  if (!engine->Add(std::move(projection)).ok()) std::exit(1);
  engine->WaitForPosition(name, head, absl::InfiniteFuture());
  *rate = head / absl::ToDoubleSeconds(absl::Now() - t);
  return engine;
}

}  // namespace
}  // namespace caseledger::bench

int main(int argc, char** argv) {
  using namespace caseledger;
  using namespace caseledger::bench;
  Flags flags;
  CLI::App app{
      "ListInspectionProgramme latency, and rebuild rates with inspection events mixed in"};
  app.add_option("--providers", flags.providers, "Providers")->capture_default_str();
  app.add_option("--teams", flags.teams, "Inspection teams")->capture_default_str();
  app.add_option("--advice-events", flags.advice_events, "Advice casework events mixed in")
      ->capture_default_str();
  app.add_option("--iterations", flags.iterations, "Queries timed")->capture_default_str();
  app.add_option("--dir", flags.dir, "Data folder")->capture_default_str();
  app.add_flag("--keep", flags.keep, "Reuse the data folder's log when it has one; keep it after");
  CLI11_PARSE(app, argc, argv);

  // The generated year ends on a fixed day, so a kept log's queries ask the same question.
  const absl::Time now = absl::FromCivil(absl::CivilDay(2026, 6, 1), absl::UTCTimeZone());
  if (!flags.keep) std::filesystem::remove_all(flags.dir);
  auto store = OpenStore(flags.dir, eventstore::Durability::kOs);
  if (store->Head().position == 0) Generate(*store, flags, now);
  const uint64_t head = store->Head().position;

  double caseload_rate = 0, programme_rate = 0;
  Rebuild(*store, std::make_unique<projections::CaseloadProjection>(*store), &caseload_rate);
  auto engine =
      Rebuild(*store, std::make_unique<projections::ProgrammeProjection>(), &programme_rate);
  auto view = engine->Serving(projections::ProgrammeProjection::kName);
  const v1::PolicyVersion policy = domain::DefaultPolicyVersion("default");

  auto time_query = [&](const char* what, v1::ListInspectionProgrammeRequest request) {
    *request.mutable_from() = ToProto(now);
    *request.mutable_to() = ToProto(now + absl::Hours(24 * 90));
    uint32_t total = 0;
    Timing t = Measure(flags.iterations, [&] {
      auto r = projections::ListInspectionProgramme(*view, "default", request, policy, now);
      total = r.ok() ? r->total() : 0;
    });
    std::printf("%-52s p50 %7.0f us  p99 %7.0f us  (%u due or overdue)\n", what, t.p50_us, t.p99_us,
                total);
  };
  std::printf("\nlog: %llu events, %d providers\n", static_cast<unsigned long long>(head),
              flags.providers);
  std::printf("%-52s %12.0f events/s\n", "rebuild: caseload view from position 1", caseload_rate);
  std::printf("%-52s %12.0f events/s\n", "rebuild: programme view from position 1", programme_rate);
  v1::ListInspectionProgrammeRequest inspector;
  inspector.set_inspector_id(InspectorOf(flags, 0, 0));
  time_query("ListInspectionProgramme, one inspector, 90 days", inspector);
  v1::ListInspectionProgrammeRequest team;
  team.set_team_id("team-0");
  time_query("ListInspectionProgramme, one team, 90 days", team);
  time_query("ListInspectionProgramme, whole organisation, 90 days", {});
  engine.reset();
  store.reset();
  if (!flags.keep) std::filesystem::remove_all(flags.dir);
  return 0;
}
