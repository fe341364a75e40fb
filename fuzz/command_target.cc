// The Commands target: a case and a provider taken through up to twelve commands, each a
// well-typed request built from the input (message_filler.h), decided as the server decides
// it. Every refusal must be one a client can act on, every decision repeatable, and every
// event must fold.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/case_commands.h"
#include "app/inspection_commands.h"
#include "domain/field_errors.h"
#include "domain/inspection.h"
#include "domain/inspection_policy.h"
#include "domain/policy.h"
#include "domain/provider.h"
#include "fuzz/message_filler.h"
#include "fuzz/targets.h"
#include "google/protobuf/util/message_differencer.h"

namespace caseledger::fuzz {
namespace {

using google::protobuf::Message;

constexpr char kCase[] = "c1";
constexpr char kProvider[] = "p1";
constexpr char kOrganisation[] = "north-org";
constexpr int kMaxSteps = 12;

// The case and provider the commands act on, folded as the server folds them.
struct World {
  domain::CaseFile file;
  v1::ProviderState provider;
};

// One kind of request: an empty one to fill, and how the server decides it.
struct CommandKind {
  const Message* prototype;
  std::function<void(const Message&, World&, const domain::CommandContext&)> run;
};

// The codes a decision may refuse with; each tells the client what to do next.
bool IsActionable(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kAborted:
      return true;
    default:
      return false;
  }
}

// A refusal a client can read: an actionable code, and for INVALID_ARGUMENT a BadRequest
// that reads back after the wire, each violation naming its field and what is wrong.
void CheckRefusal(const absl::Status& status) {
  FUZZ_CHECK(IsActionable(status.code()));
  FUZZ_CHECK(!status.message().empty());
  if (status.code() != absl::StatusCode::kInvalidArgument) return;
  std::optional<google::rpc::BadRequest> bad_request = domain::BadRequestOf(status);
  FUZZ_CHECK(bad_request.has_value() && bad_request->field_violations_size() > 0);
  google::rpc::BadRequest read_back;
  FUZZ_CHECK(read_back.ParseFromString(bad_request->SerializeAsString()));
  for (const auto& violation : read_back.field_violations()) {
    FUZZ_CHECK(!violation.field().empty() && !violation.description().empty());
  }
}

template <typename Events>
bool Same(const Events& a, const Events& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!google::protobuf::util::MessageDifferencer::Equals(a[i], b[i])) return false;
  }
  return true;
}

// Each event raises the revision by one.
void FoldCase(World& world, const domain::Events& events) {
  for (const v1::CaseEvent& event : events) {
    const uint64_t before = world.file.state.revision();
    domain::Evolve(world.file, v1::CaseEvent(event));
    FUZZ_CHECK(world.file.state.revision() == before + 1);
  }
}

void FoldProvider(World& world, const domain::ProviderEvents& events) {
  for (const v1::ProviderEvent& event : events) {
    const uint64_t before = world.provider.revision();
    domain::Evolve(world.provider, event);
    FUZZ_CHECK(world.provider.revision() == before + 1);
  }
}

// A case command, decided twice to the same answer and folded when accepted.
template <typename Request>
CommandKind CaseKind() {
  return {&Request::default_instance(),
          [](const Message& message, World& world, const domain::CommandContext& context) {
            const app::CaseCommand command = app::ToCommand(static_cast<const Request&>(message));
            if (!command.decide_linked) {
              absl::StatusOr<domain::Events> first = command.decide(world.file.state, context);
              if (!first.ok()) return CheckRefusal(first.status());
              absl::StatusOr<domain::Events> again = command.decide(world.file.state, context);
              FUZZ_CHECK(again.ok() && Same(*first, *again));
              return FoldCase(world, *first);
            }
            auto first = command.decide_linked(world.file.state, world.provider, context);
            if (!first.ok()) return CheckRefusal(first.status());
            auto again = command.decide_linked(world.file.state, world.provider, context);
            FUZZ_CHECK(again.ok() && Same(first->case_events, again->case_events) &&
                       Same(first->provider_events, again->provider_events));
            FoldCase(world, first->case_events);
            FoldProvider(world, first->provider_events);
          }};
}

template <typename Request>
CommandKind ProviderKind() {
  return {&Request::default_instance(),
          [](const Message& message, World& world, const domain::CommandContext& context) {
            const auto& request = static_cast<const Request&>(message);
            absl::StatusOr<domain::ProviderEvents> first =
                domain::Decide(world.provider, request, context);
            if (!first.ok()) return CheckRefusal(first.status());
            absl::StatusOr<domain::ProviderEvents> again =
                domain::Decide(world.provider, request, context);
            FUZZ_CHECK(again.ok() && Same(*first, *again));
            FoldProvider(world, *first);
          }};
}

const std::vector<CommandKind>& Kinds() {
  static const auto* kinds = new std::vector<CommandKind>{
      CaseKind<v1::OpenCaseRequest>(),
      CaseKind<v1::AssignCaseRequest>(),
      CaseKind<v1::ChangeStatusRequest>(),
      CaseKind<v1::RecordNoteRequest>(),
      CaseKind<v1::CorrectNoteRequest>(),
      CaseKind<v1::SetDeadlineRequest>(),
      CaseKind<v1::CompleteDeadlineRequest>(),
      CaseKind<v1::RecordDeadlineActionRequest>(),
      CaseKind<v1::AssessPriorityRequest>(),
      CaseKind<v1::ReprioritiseRequest>(),
      CaseKind<v1::FlagUntowardIncidentRequest>(),
      CaseKind<v1::ResolveIncidentRequest>(),
      CaseKind<v1::RecordReferralRequest>(),
      CaseKind<v1::RecordObstacleRequest>(),
      CaseKind<v1::ResolveObstacleRequest>(),
      CaseKind<v1::SetOutcomeRequest>(),
      CaseKind<v1::RecordOutcomeProgressRequest>(),
      CaseKind<v1::RecordFileReviewRequest>(),
      CaseKind<v1::AddKeyPersonRequest>(),
      CaseKind<v1::CompleteReviewActionRequest>(),
      CaseKind<v1::AcknowledgeEscalationRequest>(),
      CaseKind<v1::UpdateKeyPersonRequest>(),
      CaseKind<v1::WithdrawKeyPersonConsentRequest>(),
      CaseKind<v1::EndKeyPersonInvolvementRequest>(),
      CaseKind<v1::PlanVisitRequest>(),
      CaseKind<v1::RecordVisitRequest>(),
      CaseKind<v1::RecordFindingsRequest>(),
      CaseKind<v1::DraftDocumentRequest>(),
      CaseKind<v1::SendForFactualAccuracyRequest>(),
      CaseKind<v1::RecordProviderCommentsRequest>(),
      CaseKind<v1::PublishDocumentRequest>(),
      CaseKind<v1::RequireActionPlanRequest>(),
      CaseKind<v1::RecordActionPlanRequest>(),
      CaseKind<v1::RecordActionProgressRequest>(),
      CaseKind<v1::VerifyActionPlanRequest>(),
      CaseKind<v1::TakeEnforcementActionRequest>(),
      CaseKind<v1::ConcludeEnforcementActionRequest>(),
      ProviderKind<v1::RegisterProviderRequest>(),
      ProviderKind<v1::AssignProviderRequest>(),
      ProviderKind<v1::RecordRatingRequest>(),
      ProviderKind<v1::RecordIntelligenceRequest>(),
      ProviderKind<v1::ConsiderIntelligenceRequest>(),
  };
  return *kinds;
}

// Points the request at the world's case and provider: its header's case or provider id and
// any provider reference.
void AimAtTheWorld(Message& request) {
  const google::protobuf::Descriptor& type = *request.GetDescriptor();
  const google::protobuf::Reflection& r = *request.GetReflection();
  if (const auto* header = type.FindFieldByName("header")) {
    Message& h = *r.MutableMessage(&request, header);
    if (const auto* field = h.GetDescriptor()->FindFieldByName("case_id")) {
      h.GetReflection()->SetString(&h, field, kCase);
    }
    if (const auto* field = h.GetDescriptor()->FindFieldByName("provider_id")) {
      h.GetReflection()->SetString(&h, field, kProvider);
    }
  }
  if (const auto* field = type.FindFieldByName("provider_ref")) {
    r.SetString(&request, field, kProvider);
  }
}

const FillChoices& Choices() {
  static const auto* choices = [] {
    auto* made = new FillChoices;
    made->now = absl::FromCivil(absl::CivilSecond(2026, 6, 1, 10, 0, 0), absl::UTCTimeZone());
    made->words = {kCase,
                   kProvider,
                   "c2",
                   "n1",
                   "d1",
                   "i1",
                   "o1",
                   "k1",
                   "v1",
                   "doc-1",
                   "ana",
                   "ben",
                   "north",
                   "south",
                   kOrganisation,
                   "housing",
                   "Client called."};
    const v1::Policy& policy = domain::DefaultPolicy();
    for (const auto& criterion : policy.criteria()) made->words.push_back(criterion.name());
    for (const auto& level : domain::JudgementScale(policy)) made->words.push_back(level.name());
    return made;
  }();
  return *choices;
}

}  // namespace

int Commands(const uint8_t* data, size_t size) {
  static const v1::PolicyVersion policy = domain::DefaultPolicyVersion(kOrganisation);
  static const char* const kActors[] = {"ana", "ben"};
  static const char* const kRoles[] = {"caseworker", "inspector", "supervisor",
                                       "compliance_officer", "administrator"};
  FuzzInput input(data, size);
  World world;
  for (int step = 0; step < kMaxSteps && !input.empty(); ++step) {
    const CommandKind& kind = Kinds()[input.Below(Kinds().size())];
    std::unique_ptr<Message> request(kind.prototype->New());
    FillMessage(input, Choices(), *request);
    if (input.Below(4) != 0) AimAtTheWorld(*request);
    domain::CommandContext context;
    context.actor = kActors[input.Below(std::size(kActors))];
    context.actor_role = kRoles[input.Below(std::size(kRoles))];
    context.org_id = kOrganisation;
    context.now = Choices().now;
    context.policy = &policy;
    context.new_id = absl::StrCat("new-", step);
    context.note_ids = &world.file.note_ids;
    kind.run(*request, world, context);
  }
  return 0;
}

}  // namespace caseledger::fuzz
