#include "projections/event_organisations.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "caseledger/v1/access.pb.h"
#include "caseledger/v1/case_events.pb.h"
#include "caseledger/v1/provider.pb.h"
#include "caseledger/v1/worker_record.pb.h"
#include "caseledger/v1/workplan.pb.h"

namespace caseledger::projections {
namespace {

constexpr absl::string_view kPolicyStreamPrefix = "policy-";

template <typename Event>
absl::StatusOr<Event> Parse(const v1::EventRecord& record) {
  Event event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(absl::StrCat("the event at position ", record.position(), " of ",
                                            record.stream_id(),
                                            " does not parse: its organisation can't be told"));
  }
  return event;
}

// An event that opens a stream whose later events do not name the organisation.
bool Opens(const v1::EventRecord& record) {
  const std::string& type = record.type();
  return (type == "CaseOpened" && absl::StartsWith(record.stream_id(), "case-")) ||
         (type == "ProviderRegistered" && absl::StartsWith(record.stream_id(), "provider-")) ||
         (type == "WorkPlanAgreed" && absl::StartsWith(record.stream_id(), "workplan-"));
}

std::optional<std::string> NonEmpty(const std::string& org_id) {
  if (org_id.empty()) return std::nullopt;
  return org_id;
}

}  // namespace

absl::StatusOr<std::optional<std::string>> OrganisationNamedBy(const v1::EventRecord& record) {
  const std::string& stream = record.stream_id();
  if (absl::StartsWith(stream, kPolicyStreamPrefix)) {
    return NonEmpty(stream.substr(kPolicyStreamPrefix.size()));
  }
  if (record.type() == "AccessRecorded" && absl::StartsWith(stream, "access-")) {
    auto access = Parse<v1::AccessRecorded>(record);
    if (!access.ok()) return access.status();
    return NonEmpty(access->org_id());
  }
  if (absl::StartsWith(stream, "worker-")) {
    auto event = Parse<v1::WorkerEvent>(record);
    if (!event.ok()) return event.status();
    return NonEmpty(event->org_id());
  }
  if (!Opens(record)) return std::nullopt;
  if (record.type() == "CaseOpened") {
    auto event = Parse<v1::CaseEvent>(record);
    if (!event.ok()) return event.status();
    return NonEmpty(event->case_opened().org_id());
  }
  if (record.type() == "ProviderRegistered") {
    auto event = Parse<v1::ProviderEvent>(record);
    if (!event.ok()) return event.status();
    return NonEmpty(event->provider_registered().org_id());
  }
  auto event = Parse<v1::WorkPlanEvent>(record);
  if (!event.ok()) return event.status();
  return NonEmpty(event->work_plan_agreed().org_id());
}

absl::StatusOr<std::string> EventOrganisations::Of(const v1::EventRecord& record) {
  absl::StatusOr<std::optional<std::string>> named = OrganisationNamedBy(record);
  if (!named.ok()) return named.status();
  if (named->has_value()) {
    if (Opens(record)) Remember(record.stream_id(), **named);
    return **std::move(named);
  }
  if (std::optional<std::string> known = Remembered(record.stream_id()); known.has_value()) {
    return *std::move(known);
  }
  auto first =
      store_.ReadStream(record.stream_id(), 1, eventstore::Direction::kForward, /*max_count=*/1);
  if (!first.ok()) {
    return absl::Status(first.status().code(),
                        absl::StrCat("cannot tell the organisation of stream ", record.stream_id(),
                                     ": ", first.status().message()));
  }
  std::string org_id;
  if (!first->empty()) {
    absl::StatusOr<std::optional<std::string>> opening = OrganisationNamedBy(first->front());
    if (!opening.ok()) return opening.status();
    org_id = opening->value_or("");
  }
  Remember(record.stream_id(), org_id);
  return org_id;
}

std::optional<std::string> EventOrganisations::Remembered(const std::string& stream_id) {
  absl::MutexLock lock(&mu_);
  if (auto it = recent_.find(stream_id); it != recent_.end()) return it->second;
  auto it = older_.find(stream_id);
  if (it == older_.end()) return std::nullopt;
  std::string org_id = it->second;
  older_.erase(it);
  if (recent_.size() >= generation_limit_) older_ = std::exchange(recent_, {});
  recent_.emplace(stream_id, org_id);
  return org_id;
}

void EventOrganisations::Remember(const std::string& stream_id, const std::string& org_id) {
  absl::MutexLock lock(&mu_);
  if (recent_.size() >= generation_limit_) older_ = std::exchange(recent_, {});
  recent_.insert_or_assign(stream_id, org_id);
}

}  // namespace caseledger::projections
