#include "app/provider_records.h"

#include "absl/strings/str_cat.h"
#include "domain/provider.h"
#include "privacy/sealing.h"

namespace caseledger::app {
namespace {

constexpr absl::string_view kProviderStreamPrefix = "provider-";

}  // namespace

std::string ProviderIdOf(const std::string& stream_id) {
  return stream_id.substr(kProviderStreamPrefix.size());
}

absl::StatusOr<v1::ProviderEvent> OpenProviderRecord(const privacy::SubjectKeys& keys,
                                                     const v1::EventRecord& record) {
  v1::ProviderEvent event;
  if (!event.ParseFromString(record.payload())) {
    return absl::DataLossError(absl::StrCat("event at position ", record.position(), " of stream ",
                                            record.stream_id(), " is corrupt"));
  }
  if (absl::Status s = privacy::Unseal(keys, ProviderIdOf(record.stream_id()), event); !s.ok()) {
    return s;
  }
  return event;
}

absl::Status ApplyProviderRecord(const privacy::SubjectKeys& keys, v1::ProviderState& state,
                                 const v1::EventRecord& record) {
  absl::StatusOr<v1::ProviderEvent> event = OpenProviderRecord(keys, record);
  if (!event.ok()) return event.status();
  domain::Evolve(state, *event);
  return absl::OkStatus();
}

absl::Status SealProviderEvent(privacy::SubjectKeys& keys, const std::string& org_id,
                               const std::string& provider_id, v1::ProviderEvent& event) {
  if (!event.has_intelligence_recorded()) return absl::OkStatus();
  const std::string key_id =
      privacy::KeyId(org_id, event.intelligence_recorded().details().subject_id());
  if (absl::Status s = keys.AddCase(key_id, domain::ProviderStreamId(provider_id)); !s.ok()) {
    return s;
  }
  return privacy::Seal(keys, provider_id, key_id, event);
}

}  // namespace caseledger::app
