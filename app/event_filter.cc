#include "app/event_filter.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "caseledger/v1/case_events.pb.h"

namespace caseledger::app {
namespace {

constexpr absl::string_view kCasePrefix = "case-";

}  // namespace

EventFilter::EventFilter(const eventstore::EventStore& store,
                         projections::EventOrganisations& organisations, std::string org_id,
                         const v1::SubscribeRequest& request)
    : store_(store),
      organisations_(organisations),
      org_id_(std::move(org_id)),
      types_(request.event_types().begin(), request.event_types().end()),
      stream_(request.case_id().empty() ? "" : absl::StrCat(kCasePrefix, request.case_id())),
      worker_(request.worker_id()) {}

absl::StatusOr<std::string> EventFilter::WorkerAfter(const v1::EventRecord& record,
                                                     const std::string& before) {
  if (record.type() != "CaseAssigned") return before;
  v1::CaseEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(absl::StrCat("the event at position ", record.position(),
                                            " of stream ", record.stream_id(), " is corrupt"));
  }
  return event.case_assigned().worker_id();
}

absl::StatusOr<bool> EventFilter::Wants(const v1::EventRecord& record) {
  if (!types_.empty() && !types_.contains(record.type())) return false;
  if (!stream_.empty() && record.stream_id() != stream_) return false;
  absl::StatusOr<std::string> org_id = organisations_.Of(record);
  if (!org_id.ok()) return org_id.status();
  if (*org_id != org_id_) return false;
  if (worker_.empty()) return true;
  if (!absl::StartsWith(record.stream_id(), kCasePrefix)) return false;
  auto it = workers_.find(record.stream_id());
  if (it == workers_.end()) {
    std::string worker;
    if (record.stream_revision() > 1) {
      auto earlier = store_.ReadStream(record.stream_id(), 1, eventstore::Direction::kForward,
                                       record.stream_revision() - 1);
      if (!earlier.ok()) {
        return absl::Status(
            earlier.status().code(),
            absl::StrCat("cannot tell whose case ", record.stream_id(), " was at position ",
                         record.position(), ": ", earlier.status().message()));
      }
      for (const auto& r : *earlier) {
        absl::StatusOr<std::string> after = WorkerAfter(r, worker);
        if (!after.ok()) return after.status();
        worker = *std::move(after);
      }
    }
    it = workers_.emplace(record.stream_id(), std::move(worker)).first;
  }
  absl::StatusOr<std::string> after = WorkerAfter(record, it->second);
  if (!after.ok()) return after.status();
  it->second = *std::move(after);
  return it->second == worker_;
}

}  // namespace caseledger::app
