#pragma once

// Reading and writing a provider's stream: its records folded with their personal fields
// opened, and its events' personal fields (people named in intelligence) sealed.

#include <string>

#include "absl/status/status.h"
#include "caseledger/v1/event_record.pb.h"
#include "caseledger/v1/provider.pb.h"
#include "privacy/subject_keys.h"

namespace caseledger::app {

// The provider a provider stream is of.
std::string ProviderIdOf(const std::string& stream_id);

// Parses a provider stream's record into its event, its personal fields opened (or read
// "[erased]"); DATA_LOSS when it does not parse.
absl::StatusOr<v1::ProviderEvent> OpenProviderRecord(const privacy::SubjectKeys& keys,
                                                     const v1::EventRecord& record);

// Folds one record of a provider's stream into `state`.
absl::Status ApplyProviderRecord(const privacy::SubjectKeys& keys, v1::ProviderState& state,
                                 const v1::EventRecord& record);

// Seals the event's personal fields under the key of the data subject it names (a piece of
// intelligence's subject), in `org_id`, and lists the provider among the subject's records.
// An event without personal fields is left as it is. FAILED_PRECONDITION for an erased
// subject.
absl::Status SealProviderEvent(privacy::SubjectKeys& keys, const std::string& org_id,
                               const std::string& provider_id, v1::ProviderEvent& event);

}  // namespace caseledger::app
