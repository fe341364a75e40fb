#include "app/access_log.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "caseledger/v1/access.pb.h"

namespace caseledger::app {

std::string AccessLog::StreamOf(absl::string_view case_id, absl::string_view org_id) {
  return case_id.empty() ? absl::StrCat("access-org-", org_id)
                         : absl::StrCat("access-case-", case_id);
}

eventstore::AppendRequest AccessLog::Append(const Actor& actor, absl::string_view method,
                                            const std::string& case_id, bool on_case, bool granted,
                                            absl::string_view reason) const {
  v1::AccessRecorded access;
  access.set_method(std::string(method));
  access.set_case_id(case_id);
  access.set_org_id(actor.org_id);
  access.set_actor(actor.id);
  access.set_actor_role(actor.role);
  access.set_actor_team(actor.team_id);
  access.set_granted(granted);
  access.set_reason(std::string(reason));
  eventstore::ProposedEvent event;
  event.type = "AccessRecorded";
  event.payload = access.SerializeAsString();
  event.metadata.set_actor(actor.id);
  event.metadata.set_actor_role(actor.role);
  eventstore::AppendRequest request;
  request.stream_id = StreamOf(on_case ? case_id : "", actor.org_id);
  request.events.push_back(std::move(event));
  return request;
}

std::function<void(absl::StatusOr<eventstore::AppendResult>)> AccessLog::Counted(Done done) {
  return [this, done = std::move(done)](absl::StatusOr<eventstore::AppendResult> r) {
    if (r.ok()) records_written_.fetch_add(1, std::memory_order_relaxed);
    done(r.status());
  };
}

void AccessLog::RecordView(const Actor& actor, absl::string_view method, const std::string& case_id,
                           Done done) {
  store_.AppendAsync(Append(actor, method, case_id, true, true, ""), Counted(std::move(done)));
}

void AccessLog::RecordRefusal(const Actor& actor, absl::string_view method,
                              const std::string& case_id, bool case_is_theirs,
                              absl::string_view reason, Done done) {
  store_.AppendAsync(Append(actor, method, case_id, case_is_theirs, false, reason),
                     Counted(std::move(done)));
}

absl::StatusOr<v1::ListCaseAccessResponse> AccessLog::List(const v1::ListCaseAccessRequest& request,
                                                           absl::string_view org_id) const {
  const uint64_t from = std::max<uint64_t>(request.from_revision(), 1);
  const uint32_t page = request.page_size() == 0 ? 100 : std::min(request.page_size(), 1000u);
  auto records = store_.ReadStream(StreamOf(request.case_id(), org_id), from,
                                   eventstore::Direction::kForward, page + 1);
  if (!records.ok()) return records.status();
  v1::ListCaseAccessResponse response;
  for (size_t i = 0; i < records->size() && i < page; ++i) {
    const v1::EventRecord& record = (*records)[i];
    v1::AccessEntry entry;
    entry.set_position(record.position());
    *entry.mutable_at() = record.metadata().recorded_at();
    if (!entry.mutable_access()->ParseFromString(record.payload())) {
      return absl::DataLossError(
          absl::StrCat("the access record at position ", record.position(), " does not decode"));
    }
    // A stream named by an id that is no case of `org_id` (another's provider-<id>, an id
    // refused before another organisation opened it) may hold other organisations' records.
    if (entry.access().org_id() != org_id) continue;
    *response.add_entries() = std::move(entry);
  }
  if (records->size() > page) response.set_next_revision(from + page);
  return response;
}

}  // namespace caseledger::app
